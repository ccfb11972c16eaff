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
