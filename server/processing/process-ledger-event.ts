import { pool } from "../db";
import type { EventStatus } from "../ledger/event-status";

export type ProcessOutcome = { ledgerEventId: string; outcome: "processed" | "skipped"; status: EventStatus | null };

/** Statuses from which an event may be claimed for processing. */
const CLAIMABLE: EventStatus[] = ["received", "queued", "failed"];

/**
 * Claims an event (atomically: one worker wins, others skip) and completes it.
 * Effects arrive with the processing issue; until then, processing marks the
 * event processed so that the queue and its status are observable end to end.
 */
export async function processLedgerEvent(ledgerEventId: string): Promise<ProcessOutcome> {
  const claimed = await pool().query<{ id: string }>(
    `UPDATE stripe_event SET status = 'processing', attempts = attempts + 1, claimed_at = now()
     WHERE id = $1 AND status = ANY($2::text[]) RETURNING id`,
    [ledgerEventId, CLAIMABLE],
  );
  if (claimed.rowCount === 0) {
    const current = await pool().query<{ status: EventStatus }>(`SELECT status FROM stripe_event WHERE id = $1`, [ledgerEventId]);
    return { ledgerEventId, outcome: "skipped", status: current.rows[0]?.status ?? null };
  }
  await pool().query(
    `UPDATE stripe_event SET status = 'processed', processed_at = now(), last_error = NULL WHERE id = $1 AND status = 'processing'`,
    [ledgerEventId],
  );
  return { ledgerEventId, outcome: "processed", status: "processed" };
}
