import { metrics } from "./metrics-registry";

/**
 * Notes that processing applied an event first received at `firstReceivedAt`: how long Stripe's
 * delivery waited for its effect. In memory, after the commit; only for events no operator released
 * or replayed (their wait is the operator's, not the queue's).
 */
export function observeProcessingDelay(firstReceivedAt: Date, now = Date.now()): void {
  metrics().processingDelay.observe(Math.max(0, (now - firstReceivedAt.getTime()) / 1000));
}
