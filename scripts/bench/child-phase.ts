/**
 * Benchmarks that measure in child processes (server/db.ts keeps one pool per process, so a
 * phase against its own database runs in its own process): how a child hands its result
 * back, how the parent starts it, and how the parent waits for a quiet machine first.
 */
import { spawn } from "node:child_process";
import { loadavg } from "node:os";

/** A child prints its result as one line: this marker, then JSON. Everything else it prints goes to stderr. */
export const RESULT_MARKER = "BENCH_RESULT ";

/** Prints a child's result the way runChildPhase reads it. */
export function printChildResult(result: unknown): void {
  process.stdout.write(`${RESULT_MARKER}${JSON.stringify(result)}\n`);
}

/** Runs this same script again with `args` and `env`, and returns the result it printed. */
export function runChildPhase<T>(label: string, args: string[], env: NodeJS.ProcessEnv): Promise<T> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [...process.execArgv, process.argv[1]!, ...args], { env, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    proc.stdout.setEncoding("utf8");
    proc.stdout.on("data", (chunk: string) => {
      out += chunk;
    });
    proc.on("error", reject);
    proc.on("close", (code) => {
      const line = out.split("\n").find((text) => text.startsWith(RESULT_MARKER));
      const rest = out
        .split("\n")
        .filter((text) => text.trim() !== "" && !text.startsWith(RESULT_MARKER))
        .join("\n");
      if (rest) process.stderr.write(`${rest}\n`);
      if (code !== 0 || !line) reject(new Error(`${label} failed (exit ${code})`));
      else resolve(JSON.parse(line.slice(RESULT_MARKER.length)) as T);
    });
  });
}

/**
 * Waits up to `waitSeconds` for the 1-minute load average to fall to 1.0 (the machine is
 * shared), says what it was when the phase starts, and returns it.
 */
export async function waitForQuietMachine(label: string, waitSeconds: number, say: (text: string) => void, disturbed = "figures may be disturbed"): Promise<number> {
  const started = Date.now();
  let load = loadavg()[0]!;
  if (load > 1.0) say(`  load average ${load.toFixed(2)} > 1.0 before ${label}: waiting up to ${waitSeconds} s for the machine to settle`);
  while (load > 1.0 && Date.now() - started < waitSeconds * 1000) {
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    load = loadavg()[0]!;
  }
  say(`  load average (1 min) at the start of ${label}: ${load.toFixed(2)}${load > 1.0 ? ` (still above 1.0: ${disturbed})` : ""}`);
  return load;
}
