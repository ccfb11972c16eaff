import { offShutdown, onShutdown } from "./lifecycle/shutdown-state";
import { log } from "./log";

const TICK_MS = 60_000;
type ScheduleState = { timer?: NodeJS.Timeout; firstTimer?: NodeJS.Timeout; running?: Promise<void> };
const globalForSchedules = globalThis as unknown as { hookwardenSchedules?: Map<string, ScheduleState> };

/**
 * An embedded scheduler: `tick` once a minute (or every `periodMs`) in this process (the first after `firstTickMs`),
 * never two of one schedule at once, a failed tick logged and the next one tried. Started once
 * per process, whatever the number of calls (Next.js may load a module twice), and stopped at
 * shutdown after its tick under way. Inngest deployments run the same ticks from cron functions instead.
 */
export function startMinuteSchedule(name: string, tick: () => Promise<unknown>, firstTickMs: number, periodMs = TICK_MS): void {
  const schedules = (globalForSchedules.hookwardenSchedules ??= new Map());
  if (schedules.has(name)) return;
  const state: ScheduleState = {};
  schedules.set(name, state);
  const run = () => {
    if (state.running) return;
    state.running = tick()
      .then(
        () => undefined,
        (error: unknown) => log.warn(`${name} schedule tick failed`, { error }),
      )
      .finally(() => {
        state.running = undefined;
      });
  };
  state.timer = setInterval(run, periodMs);
  state.timer.unref();
  state.firstTimer = setTimeout(run, firstTickMs).unref();
  onShutdown("claims", `${name} schedule`, () => stopMinuteSchedule(name));
}

/** Stops the schedule (no tick starts from now on), and resolves when its tick under way has finished. */
export async function stopMinuteSchedule(name: string): Promise<void> {
  const state = globalForSchedules.hookwardenSchedules?.get(name);
  if (!state) return;
  clearInterval(state.timer);
  clearTimeout(state.firstTimer);
  globalForSchedules.hookwardenSchedules?.delete(name);
  offShutdown("claims", `${name} schedule`);
  await state.running;
}

/** Stops every schedule of this process (a worker shutting down), and resolves when their ticks under way have finished. */
export async function stopMinuteSchedules(): Promise<void> {
  await Promise.all([...(globalForSchedules.hookwardenSchedules?.keys() ?? [])].map((name) => stopMinuteSchedule(name)));
}
