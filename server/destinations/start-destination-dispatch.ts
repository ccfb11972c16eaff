import { startMinuteSchedule } from "../start-minute-schedule";
import { dispatchDestinations } from "./dispatch-destinations";

/** How often each instance looks for due deliveries: a processed event reaches its destinations within about this long. */
export const DESTINATION_DISPATCH_PERIOD_MS = 1_000;
const SCHEDULE = "destination-dispatch";

/**
 * Sends due destination deliveries from this process, in every processing mode: deliveries are
 * claimed with SKIP LOCKED and a lease, so any number of instances share the work without
 * sending one twice (Inngest deployments also run the cron function `destination-dispatch`).
 * Graceful shutdown stops it with every other schedule (startMinuteSchedule registers the stop).
 */
export function startDestinationDispatch(): void {
  startMinuteSchedule(SCHEDULE, () => dispatchDestinations(), 2_000, DESTINATION_DISPATCH_PERIOD_MS);
}
