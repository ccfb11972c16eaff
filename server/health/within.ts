/** Resolves with `work`'s value, or rejects with a TimeoutError when it takes longer than `ms` (`work` itself goes on). */
export function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DOMException(`no answer within ${ms} ms`, "TimeoutError")), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
