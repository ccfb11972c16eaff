/**
 * The work loops' heartbeats, for readiness: the embedded runner beats on every turn of its
 * loop and every batch it reads; the sweeper after every sweep. A loop that stops beating
 * (stuck, or never started in this process) makes the instance not ready. In memory, on
 * globalThis: the loops and the readiness route may be different module instances.
 */
export type WorkLoop = "embedded runner" | "sweeper";

const globalForHeartbeats = globalThis as unknown as { hookwardenHeartbeats?: Map<WorkLoop, Date> };

function heartbeats(): Map<WorkLoop, Date> {
  globalForHeartbeats.hookwardenHeartbeats ??= new Map();
  return globalForHeartbeats.hookwardenHeartbeats;
}

export function beat(loop: WorkLoop, now = new Date()): void {
  heartbeats().set(loop, now);
}

/** When the loop last beat in this process; undefined when it is not running here. */
export function lastBeat(loop: WorkLoop): Date | undefined {
  return heartbeats().get(loop);
}

/** The loop was stopped: it is no longer running in this process. */
export function forgetBeat(loop: WorkLoop): void {
  heartbeats().delete(loop);
}
