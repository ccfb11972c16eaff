import { startMinuteSchedule, stopMinuteSchedule } from "../start-minute-schedule";
import { dispatchAlerts } from "./dispatch-alerts";

/** How often the embedded dispatcher looks at the outbox: an alert reaches its channels within about this long. */
export const DISPATCH_PERIOD_MS = 15_000;

/** The embedded alert dispatch: a tick every 15 seconds in this process (Inngest deployments use the cron function `alert-dispatch`). */
export function startAlertDispatch(): void {
  startMinuteSchedule("alert-dispatch", () => dispatchAlerts(), 4_000, DISPATCH_PERIOD_MS);
}

export function stopAlertDispatch(): Promise<void> {
  return stopMinuteSchedule("alert-dispatch");
}
