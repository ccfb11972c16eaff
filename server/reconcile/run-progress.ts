import { pool } from "../db";
import type { StripeApi } from "../stripe-api/stripe-api";

/** What a run reports as it goes (the `progress` column), besides its findings and repairs. */
export type RunProgressFigures = {
  pages: number;
  objects: number;
  requests: number;
  rateLimitWaits: number;
  rateLimitWaitMs: number;
  throttled: number;
  retries: number;
  /** Objects (or events) Stripe has that we compared; for a recovery, events listed. */
  compared: number;
  /** Expected total, when known in advance (drift audit: our mirror's size). */
  expected: number | null;
  /** Requests per second achieved so far. */
  requestRate: number;
  allowedRate: number;
};

/** How often a long run writes its progress (and heartbeat) to the database. */
const FLUSH_EVERY_MS = 1_000;

/**
 * A run's counters, written to its row at most once a second (and at the end), so the
 * console's progress bar moves while a run of 100,000 objects goes on, without a write
 * per object. The request counters come from the run's own Stripe client.
 */
export class RunProgress {
  pages = 0;
  objects = 0;
  compared = 0;
  expected: number | null = null;
  findings = 0;
  repaired = 0;
  private lastFlush = 0;
  private readonly startedAt = performance.now();

  constructor(
    readonly runId: string,
    private readonly api: StripeApi,
  ) {}

  figures(): RunProgressFigures {
    // At least a second: two quick requests are not a rate.
    const seconds = Math.max(1, (performance.now() - this.startedAt) / 1000);
    const { stats } = this.api;
    return {
      pages: this.pages,
      objects: this.objects,
      requests: stats.requests,
      rateLimitWaits: stats.rateLimitWaits,
      rateLimitWaitMs: Math.round(stats.rateLimitWaitMs),
      throttled: stats.throttled,
      retries: stats.retries,
      compared: this.compared,
      expected: this.expected,
      requestRate: Math.round((stats.requests / seconds) * 10) / 10,
      allowedRate: this.api.limiter.ratePerSecond,
    };
  }

  fraction(): number | null {
    if (this.expected === null || this.expected === 0) return null;
    return Math.min(1, this.compared / this.expected);
  }

  /** Writes the counters if a second has passed since the last write (or `force`). */
  async flush(force = false): Promise<void> {
    const now = performance.now();
    if (!force && now - this.lastFlush < FLUSH_EVERY_MS) return;
    this.lastFlush = now;
    await pool().query(
      `UPDATE reconciliation_run SET progress = $2::jsonb, fraction = $3, findings = $4, repaired = $5, heartbeat_at = now() WHERE id = $1::uuid`,
      [this.runId, JSON.stringify(this.figures()), this.fraction(), this.findings, this.repaired],
    );
  }
}
