import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

const WORKER = path.resolve(import.meta.dirname, "runner-worker.ts");

export type Worker = { child: ChildProcess; exited: Promise<number | null> };

/** Starts the embedded runner in its own process, against the test database. */
export function startWorker(env: Record<string, string> = {}): Worker {
  const child = spawn(process.execPath, ["--import", "tsx", WORKER], {
    env: { ...process.env, HOOKWARDEN_LOG_LEVEL: "silent", ...env },
    stdio: ["ignore", "inherit", "inherit"],
  });
  return { child, exited: new Promise((resolve) => child.on("exit", (code) => resolve(code))) };
}

const ROTATE_WORKER = path.resolve(import.meta.dirname, "rotate-worker.ts");

export type RotationWorker = Worker & {
  /** Resolves with the first rotation event (a JSON line of the worker) that matches, or rejects if the worker exits first. */
  waitFor: (matches: (event: Record<string, unknown>) => boolean) => Promise<Record<string, unknown>>;
};

/** Runs `hookwarden keys rotate`'s domain function in its own process (tests/support/rotate-worker.ts), to be killed part-way. */
export function startRotationWorker(env: Record<string, string> = {}): RotationWorker {
  const child = spawn(process.execPath, ["--import", "tsx", ROTATE_WORKER], {
    env: { ...process.env, HOOKWARDEN_LOG_LEVEL: "silent", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const seen: Record<string, unknown>[] = [];
  const waiting: { matches: (event: Record<string, unknown>) => boolean; resolve: (event: Record<string, unknown>) => void }[] = [];
  let buffered = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    buffered += chunk.toString("utf8");
    const lines = buffered.split("\n");
    buffered = lines.pop()!;
    for (const line of lines.filter(Boolean)) {
      const event = JSON.parse(line) as Record<string, unknown>;
      seen.push(event);
      for (const waiter of waiting.filter((candidate) => candidate.matches(event))) {
        waiting.splice(waiting.indexOf(waiter), 1);
        waiter.resolve(event);
      }
    }
  });
  const waitFor = (matches: (event: Record<string, unknown>) => boolean) => {
    const already = seen.find(matches);
    if (already) return Promise.resolve(already);
    return Promise.race([
      new Promise<Record<string, unknown>>((resolve) => waiting.push({ matches, resolve })),
      exited.then((code) => Promise.reject(new Error(`the rotation worker exited (${code}) before the awaited event; it printed ${JSON.stringify(seen)}`))),
    ]);
  };
  return { child, exited, waitFor };
}
