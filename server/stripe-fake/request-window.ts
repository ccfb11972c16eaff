export const WINDOW_MS = 1000;

/**
 * Arrival times of requests over the trailing second (a sliding log, not buckets), so
 * "more than N in any 1000 ms" means what it says whatever the phase of the client.
 * Each arrival is recorded before it is judged, rejected ones included: a client that
 * keeps hammering through 429s stays limited, as it would against Stripe.
 */
export class RequestWindow {
  private arrivals: number[] = [];
  private head = 0;

  /** Records an arrival at `atMs` and answers how many arrived in (atMs − 1000, atMs], this one included. */
  record(atMs: number): number {
    while (this.head < this.arrivals.length && this.arrivals[this.head]! <= atMs - WINDOW_MS) this.head++;
    if (this.head > 1024 && this.head * 2 > this.arrivals.length) {
      this.arrivals = this.arrivals.slice(this.head);
      this.head = 0;
    }
    this.arrivals.push(atMs);
    return this.arrivals.length - this.head;
  }

  clear(): void {
    this.arrivals = [];
    this.head = 0;
  }
}
