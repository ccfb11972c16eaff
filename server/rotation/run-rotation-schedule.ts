import { log } from "../log";
import { advanceRotations } from "./advance-rotations";
import { checkSecretHealth } from "./check-secret-health";

/** One tick of the rotation schedule: move the rotations going on, then check every endpoint's secrets. */
export async function runRotationTick(now = new Date()) {
  const advanced = await advanceRotations(now);
  const health = await checkSecretHealth(now);
  return { advanced, ...health };
}

const TICK_MS = 30_000;
type ScheduleState = { timer?: NodeJS.Timeout; busy: boolean };
const globalForSchedule = globalThis as unknown as { hookwardenRotationSchedule?: ScheduleState };

/** The embedded rotation schedule: a tick every 30 seconds in this process (Inngest deployments use the cron function). */
export function startRotationSchedule(): void {
  if (globalForSchedule.hookwardenRotationSchedule) return;
  const state: ScheduleState = { busy: false };
  globalForSchedule.hookwardenRotationSchedule = state;
  const tick = () => {
    if (state.busy) return;
    state.busy = true;
    runRotationTick()
      .catch((error: unknown) => log.warn("rotation schedule tick failed", { error }))
      .finally(() => {
        state.busy = false;
      });
  };
  state.timer = setInterval(tick, TICK_MS);
  state.timer.unref();
  setTimeout(tick, 3_000).unref();
}
