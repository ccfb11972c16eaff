/**
 * Counts per key over a sliding minute, in memory: this minute's count plus the previous minute's
 * weighted by the share of it still inside the last 60 seconds. Constant memory per key, no timer;
 * bounded by `maxKeys` (past it, every count is forgotten rather than growing without end).
 */
type Counter = { minute: number; current: number; previous: number };

export class SlidingMinuteCounts {
  private readonly counters = new Map<string, Counter>();

  constructor(private readonly maxKeys: number) {}

  /** Adds `by` to the key at `nowMs` and returns its count over the last 60 seconds. */
  add(key: string, nowMs: number, by = 1): number {
    const minute = Math.floor(nowMs / 60_000);
    let counter = this.counters.get(key);
    if (!counter) {
      if (this.counters.size >= this.maxKeys) this.counters.clear();
      counter = { minute, current: 0, previous: 0 };
      this.counters.set(key, counter);
    } else if (counter.minute < minute) {
      counter.previous = counter.minute === minute - 1 ? counter.current : 0;
      counter.current = 0;
      counter.minute = minute;
    }
    counter.current += by;
    const elapsed = (nowMs % 60_000) / 60_000;
    return counter.current + counter.previous * (1 - elapsed);
  }

  /** Forgets keys not counted in the last two minutes. */
  prune(nowMs: number): void {
    const minute = Math.floor(nowMs / 60_000);
    for (const [key, counter] of this.counters) if (counter.minute < minute - 1) this.counters.delete(key);
  }

  clear(): void {
    this.counters.clear();
  }
}
