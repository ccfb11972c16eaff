import { log } from "./log";

const TICK_MS = 60_000;
type ScheduleState = { timer?: NodeJS.Timeout; firstTick?: NodeJS.Timeout; busy: boolean };
const globalForSchedules = globalThis as unknown as { hookwardenSchedules?: Map<string, ScheduleState> };

/**
 * An embedded scheduler: `tick` once a minute (or every `periodMs`) in this process (the first after `firstTickMs`),
 * never two of one schedule at once, a failed tick logged and the next one tried. Started once
 * per process, whatever the number of calls (Next.js may load a module twice). Inngest
 * deployments run the same ticks from cron functions instead.
 */
export function startMinuteSchedule(name: string, tick: () => Promise<unknown>, firstTickMs: number, periodMs = TICK_MS): void {
  const schedules = (globalForSchedules.hookwardenSchedules ??= new Map());
  if (schedules.has(name)) return;
  const state: ScheduleState = { busy: false };
  schedules.set(name, state);
  const run = () => {
    if (state.busy) return;
    state.busy = true;
    tick()
      .catch((error: unknown) => log.warn(`${name} schedule tick failed`, { error }))
      .finally(() => {
        state.busy = false;
      });
  };
  state.timer = setInterval(run, periodMs);
  state.timer.unref();
  state.firstTick = setTimeout(run, firstTickMs);
  state.firstTick.unref();
}

export function stopMinuteSchedule(name: string): void {
  const state = globalForSchedules.hookwardenSchedules?.get(name);
  if (state?.timer) clearInterval(state.timer);
  if (state?.firstTick) clearTimeout(state.firstTick);
  globalForSchedules.hookwardenSchedules?.delete(name);
}

/** Stops every schedule of this process (a worker shutting down). A tick already running finishes on its own. */
export function stopMinuteSchedules(): void {
  for (const name of [...(globalForSchedules.hookwardenSchedules?.keys() ?? [])]) stopMinuteSchedule(name);
}
