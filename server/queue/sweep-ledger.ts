import type { StripeEventReceived } from "../../inngest/events";
import { pool } from "../db";
import { env, queueMode } from "../env";
import { log } from "../log";
import { sendToInngest } from "./send-to-inngest";

/** A claim by a sweeper that died before sending is taken over after this long. */
const SWEEP_LEASE_SECONDS = 300;
/** An event stuck in `processing` this long (its worker died) goes back to the queue. */
const STALE_PROCESSING_SECONDS = 600;
const BATCH = 200;

export type SweepResult = { enqueued: number; requeued: number };

/**
 * Finds events recorded but never handed to processing (a crash or an Inngest
 * outage between commit and enqueue) and enqueues each once. Safe to run from
 * several instances at once: rows are claimed with SKIP LOCKED and a lease.
 */
export async function sweepLedger(options: { olderThanSeconds?: number } = {}): Promise<SweepResult> {
  const olderThan = options.olderThanSeconds ?? env().HOOKWARDEN_SWEEP_AFTER_SECONDS;
  const requeued = await pool().query(
    `UPDATE stripe_event SET status = 'queued'
     WHERE status = 'processing' AND claimed_at < now() - make_interval(secs => $1)`,
    [STALE_PROCESSING_SECONDS],
  );
  if (queueMode() === "embedded") {
    const moved = await pool().query(
      `UPDATE stripe_event SET status = 'queued', enqueued_at = now()
       WHERE status = 'received' AND first_received_at < now() - make_interval(secs => $1)`,
      [olderThan],
    );
    return { enqueued: moved.rowCount ?? 0, requeued: requeued.rowCount ?? 0 };
  }

  const claimed = await pool().query<StripeEventReceived>(
    `UPDATE stripe_event SET enqueued_at = now()
     WHERE id IN (
       SELECT id FROM stripe_event
       WHERE status = 'received'
         AND first_received_at < now() - make_interval(secs => $1)
         AND (enqueued_at IS NULL OR enqueued_at < now() - make_interval(secs => $2))
       ORDER BY first_received_at
       LIMIT $3
       FOR UPDATE SKIP LOCKED)
     RETURNING id AS "ledgerEventId", stripe_event_id AS "stripeEventId", endpoint_id AS "endpointId", type`,
    [olderThan, SWEEP_LEASE_SECONDS, BATCH],
  );
  if (claimed.rows.length === 0) return { enqueued: 0, requeued: requeued.rowCount ?? 0 };
  try {
    const enqueued = await sendToInngest(claimed.rows);
    return { enqueued, requeued: requeued.rowCount ?? 0 };
  } catch (error) {
    // Release the lease so the next sweep tries again at once.
    await pool().query(`UPDATE stripe_event SET enqueued_at = NULL WHERE id = ANY($1::uuid[]) AND status = 'received'`, [
      claimed.rows.map((row) => row.ledgerEventId),
    ]);
    log.warn("sweeper could not reach Inngest", { events: claimed.rows.length, error });
    return { enqueued: 0, requeued: requeued.rowCount ?? 0 };
  }
}

type SweeperState = { timer?: NodeJS.Timeout };
const globalForSweeper = globalThis as unknown as { hookwardenSweeper?: SweeperState };

export function startSweeper(): void {
  if (globalForSweeper.hookwardenSweeper) return;
  const state: SweeperState = {};
  globalForSweeper.hookwardenSweeper = state;
  state.timer = setInterval(() => {
    sweepLedger().catch((error: unknown) => log.warn("sweep failed", { error }));
  }, env().HOOKWARDEN_SWEEP_INTERVAL_SECONDS * 1_000);
  state.timer.unref();
}

export function stopSweeper(): void {
  const state = globalForSweeper.hookwardenSweeper;
  if (state?.timer) clearInterval(state.timer);
  globalForSweeper.hookwardenSweeper = undefined;
}
