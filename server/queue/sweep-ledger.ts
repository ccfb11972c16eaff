import type { StripeEventReceived } from "../../inngest/events";
import { pool } from "../db";
import { env, queueMode } from "../env";
import { beat, forgetBeat } from "../health/heartbeat";
import { offShutdown, onShutdown } from "../lifecycle/shutdown-state";
import { log } from "../log";
import { sendToInngest } from "./send-to-inngest";

/** A claim by a sweeper that died before sending is taken over after this long. */
const SWEEP_LEASE_SECONDS = 300;
/** An event stuck in `processing` this long (its worker died) goes back to the queue. */
export const STALE_PROCESSING_SECONDS = 600;
const BATCH = 500;

export type SweepResult = { enqueued: number; requeued: number; linkExpired: number };

/** The columns Inngest's event carries, selected from stripe_event. */
export const RECEIVED_EVENT_COLUMNS = `id AS "ledgerEventId", stripe_event_id AS "stripeEventId", endpoint_id AS "endpointId", type,
  COALESCE(customer_id, object_id, stripe_event_id) AS "concurrencyKey"`;

/**
 * Moves events matching `condition` to `to`, recording each change with its reason.
 * Rows are taken with SKIP LOCKED, so concurrent sweepers never fight over one.
 */
async function moveEvents(condition: string, params: unknown[], to: string, reason: string, extraSet = ""): Promise<number> {
  const n = params.length;
  const result = await pool().query(
    `WITH picked AS (
       SELECT id, status AS old FROM stripe_event WHERE ${condition} LIMIT ${BATCH} FOR UPDATE SKIP LOCKED
     ), moved AS (
       UPDATE stripe_event e SET status = $${n + 1}${extraSet} FROM picked WHERE e.id = picked.id RETURNING e.id, picked.old
     )
     INSERT INTO event_status_change (event_id, from_status, to_status, reason) SELECT id, old, $${n + 1}, $${n + 2} FROM moved`,
    [...params, to, reason],
  );
  return result.rowCount ?? 0;
}

/**
 * The ledger's safety net, run every few seconds by every instance:
 * - events recorded but never handed to processing (a crash or an Inngest outage
 *   between commit and enqueue) are enqueued, once;
 * - events stuck in `processing` (their worker died) go back to the queue;
 * - events whose wait for a link is over go back to the queue, where processing
 *   quarantines them as `missing_reference` (or applies them, by the endpoint's policy).
 */
export async function sweepLedger(options: { olderThanSeconds?: number; staleProcessingSeconds?: number } = {}): Promise<SweepResult> {
  const olderThan = options.olderThanSeconds ?? env().HOOKWARDEN_SWEEP_AFTER_SECONDS;
  const requeued = await moveEvents(
    `status = 'processing' AND claimed_at < now() - make_interval(secs => $1)`,
    [options.staleProcessingSeconds ?? STALE_PROCESSING_SECONDS],
    "queued",
    "worker stopped before finishing; back to the queue",
  );
  const linkExpired = await moveEvents(`status = 'awaiting_link' AND link_deadline <= now()`, [], "queued", "no link arrived in time");
  if (queueMode() === "embedded") {
    const enqueued = await moveEvents(
      `status = 'received' AND first_received_at < now() - make_interval(secs => $1)`,
      [olderThan],
      "queued",
      "picked up by the sweeper",
      ", enqueued_at = now()",
    );
    return { enqueued, requeued, linkExpired };
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
     RETURNING ${RECEIVED_EVENT_COLUMNS}`,
    [olderThan, SWEEP_LEASE_SECONDS, BATCH],
  );
  if (claimed.rows.length === 0) return { enqueued: 0, requeued, linkExpired };
  try {
    return { enqueued: await sendToInngest(claimed.rows), requeued, linkExpired };
  } catch (error) {
    // Release the lease so the next sweep tries again at once.
    await pool().query(`UPDATE stripe_event SET enqueued_at = NULL WHERE id = ANY($1::uuid[]) AND status = 'received'`, [
      claimed.rows.map((row) => row.ledgerEventId),
    ]);
    log.warn("sweeper could not reach Inngest", { events: claimed.rows.length, error });
    return { enqueued: 0, requeued, linkExpired };
  }
}

type SweeperState = { timer?: NodeJS.Timeout; sweeping?: Promise<void> };
const globalForSweeper = globalThis as unknown as { hookwardenSweeper?: SweeperState };

/**
 * Sweeps every HOOKWARDEN_SWEEP_INTERVAL_SECONDS in this process, one sweep at a time, and
 * beats after each (readiness in Inngest mode watches it). Stopped at shutdown.
 */
export function startSweeper(): void {
  if (globalForSweeper.hookwardenSweeper) return;
  const state: SweeperState = {};
  globalForSweeper.hookwardenSweeper = state;
  beat("sweeper");
  onShutdown("claims", "sweeper", stopSweeper);
  state.timer = setInterval(() => {
    if (state.sweeping) return;
    state.sweeping = sweepLedger()
      .then(
        () => undefined,
        (error: unknown) => log.warn("sweep failed", { error }),
      )
      .finally(() => {
        state.sweeping = undefined;
        if (globalForSweeper.hookwardenSweeper === state) beat("sweeper");
      });
  }, env().HOOKWARDEN_SWEEP_INTERVAL_SECONDS * 1_000);
  state.timer.unref();
}

/** Stops sweeping, and resolves when a sweep under way has finished. */
export async function stopSweeper(): Promise<void> {
  const state = globalForSweeper.hookwardenSweeper;
  if (!state) return;
  if (state.timer) clearInterval(state.timer);
  globalForSweeper.hookwardenSweeper = undefined;
  offShutdown("claims", "sweeper");
  forgetBeat("sweeper");
  await state.sweeping;
}
