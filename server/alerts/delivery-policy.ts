/** A delivery that failed this many times is given up (`failed`): about two hours of retries. */
export const MAX_DELIVERY_ATTEMPTS = 10;

/** The most alerts one digest carries; more wait for the next message. */
export const DIGEST_MAX_ITEMS = 100;

/** The rate limit's window: at most HOOKWARDEN_ALERT_RATE_PER_MINUTE messages per channel in any such window. */
export const RATE_WINDOW_MS = 60_000;

/** How long to wait after the `attempts`-th failure: 30 s, doubled each time, at most 30 minutes. */
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 30 * 60_000);
}

/** Whether an alert of this severity goes to a channel with this minimum. */
export function severityReaches(severity: string, minimum: string): boolean {
  return minimum === "warning" || severity === "critical";
}

/**
 * Times are stored to the millisecond, rounded, and a caller's clock reads whole milliseconds,
 * truncated: a delivery written this very millisecond can look 1 ms in the future. It counts
 * as due anyway, or it would wait for the next tick.
 */
export function dueBy(now: Date): Date {
  return new Date(now.getTime() + 1);
}
