import type { Sql } from "../../db";
import { queueMode } from "../../env";

/**
 * Moves held events back to the queue, marked released (`hold_released_at`) so that processing
 * applies them instead of holding them again; each move is in the event's history with its
 * reason. Oldest first, at most `limit`. With the embedded runner they become `queued`; with
 * Inngest `received` with no send recorded, so the sweeper hands them over. The caller wakes
 * the runner after its transaction commits (see `wakeAfterRelease`).
 */
export async function requeueHeld(sql: Sql, target: { heldRef?: string; eventIds?: string[]; limit?: number }, reason: string, actor: string): Promise<string[]> {
  const to = queueMode() === "embedded" ? "queued" : "received";
  const rows = await sql.query<{ id: string }>(
    `WITH picked AS (
       SELECT id FROM stripe_event
       WHERE status = 'held' AND (($1::text IS NOT NULL AND held_ref = $1) OR ($2::uuid[] IS NOT NULL AND id = ANY($2::uuid[])))
       ORDER BY first_received_at, id LIMIT $3 FOR UPDATE SKIP LOCKED
     ), moved AS (
       UPDATE stripe_event e SET status = $4, hold_released_at = now(), next_attempt_at = NULL,
         enqueued_at = CASE WHEN $4 = 'queued' THEN now() END
       FROM picked WHERE e.id = picked.id RETURNING e.id
     ), history AS (
       INSERT INTO event_status_change (event_id, from_status, to_status, reason, actor) SELECT id, 'held', $4, $5, $6 FROM moved
     )
     SELECT id FROM moved`,
    [target.heldRef ?? null, target.eventIds ?? null, target.limit ?? 100_000, to, reason.slice(0, 500), actor],
  );
  return rows.map((row) => row.id);
}
