/** Undoing what a benchmark started, however it ends: its cleanup steps, and any process it left behind. */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { processesMentioning } from "./proc-sampler";

/** Things to undo however the run ends, newest first. */
export class Cleanup {
  private readonly steps: (() => Promise<void> | void)[] = [];
  add(step: () => Promise<void> | void): void {
    this.steps.push(step);
  }
  async run(): Promise<void> {
    while (this.steps.length > 0) {
      await Promise.resolve(this.steps.pop()!()).catch((error: unknown) => console.error("cleanup:", error));
    }
  }
  /** Runs the steps, then stops any process left behind (and sets a failing exit code if there was one). */
  async finish(seenPids: Set<number>, dataDir: string): Promise<void> {
    await this.run();
    if (stopLeftovers(seenPids, dataDir).length > 0) process.exitCode = 1;
  }
  /** Runs the steps and exits 130 on Ctrl-C or SIGTERM. */
  onInterrupt(): void {
    const interrupted = () => void this.run().finally(() => process.exit(130));
    process.once("SIGINT", interrupted);
    process.once("SIGTERM", interrupted);
  }
}

/**
 * Every server process we saw, and any process started on our data folder (an
 * embedded PostgreSQL whose server failed mid-start), must be gone by now.
 * Any that is not was started by this run: it gets a SIGTERM, and the run fails.
 */
export function stopLeftovers(seenPids: Set<number>, dataDir: string): number[] {
  const onDataDir = processesMentioning(dataDir);
  const alive = [...new Set([...seenPids, ...onDataDir])].filter((pid) => existsSync(`/proc/${pid}`));
  console.log(alive.length === 0 ? "Leftover processes: none" : `Leftover processes: ${alive.join(", ")} (sending SIGTERM)`);
  for (const pid of alive) process.kill(pid, "SIGTERM");
  return alive;
}

/**
 * What one run needs to end clean: a temporary data folder for its server (removed at the end),
 * the cleanup steps (run on Ctrl-C too), and the pids it saw (none may outlive the run).
 */
export function prepareRun(prefix: string): { dataDir: string; cleanup: Cleanup; seenPids: Set<number> } {
  const dataDir = mkdtempSync(path.join(tmpdir(), prefix));
  const cleanup = new Cleanup();
  cleanup.add(() => rmSync(dataDir, { recursive: true, force: true }));
  cleanup.onInterrupt();
  return { dataDir, cleanup, seenPids: new Set<number>() };
}
