/** What every benchmark script does with its command line and its ending. */
import { availableParallelism, loadavg } from "node:os";

/** "machine: 2 cores, load average …; Node …": the first thing every benchmark says about where it ran. */
export function machineLine(): string {
  return `machine: ${availableParallelism()} cores, load average ${loadavg().map((value) => value.toFixed(2)).join(", ")} (1, 5, 15 min); Node ${process.version}`;
}

/** An integer flag of at least `min`, or a clear error naming the flag. */
export function integerOption(name: string, text: string, min = 1): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min) throw new Error(`--${name} must be an integer of at least ${min}, not ${text}`);
  return value;
}

/** Runs a script's main and exits with its code: 1 when it throws, or when it set process.exitCode (a leftover process). */
export function runMain(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(process.exitCode || code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
