/**
 * Paces requests to one Stripe account: evenly spaced slots at `ratePerSecond`, so a
 * run never bursts past Stripe's read limit (about 100/s live, 25/s test) and uses the
 * allowance steadily. A 429 from Stripe pushes every caller's next slot back (`backOff`),
 * because the limit is the account's, not the caller's. One limiter per account in a
 * process; several processes each pace themselves (see the README).
 */
export class RateLimiter {
  private nextSlot = 0;
  private pausedUntil = 0;
  /** Time callers spent waiting for a slot, in ms, and how many waited at all. */
  waitedMs = 0;
  waits = 0;

  constructor(readonly ratePerSecond: number) {
    if (!(ratePerSecond > 0)) throw new Error("a rate limiter needs a positive rate");
  }

  private get interval(): number {
    return 1000 / this.ratePerSecond;
  }

  /** Resolves when the caller may send one request; returns how long it waited. */
  async take(): Promise<number> {
    const now = performance.now();
    const slot = Math.max(now, this.nextSlot, this.pausedUntil);
    this.nextSlot = slot + this.interval;
    const wait = slot - now;
    if (wait > 0.5) {
      this.waits += 1;
      this.waitedMs += wait;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
    return wait;
  }

  /** Stripe said 429: nobody on this account sends for `ms`. */
  backOff(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, performance.now() + ms);
  }
}
