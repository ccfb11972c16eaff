import type { Sql } from "../../db";
import { queueMode } from "../../env";
import { wakeEmbeddedRunner } from "../../queue/embedded-runner";

/**
 * Puts events a holder held (`held_ref`) back in the queue, in the caller's transaction, each with
 * its history: `hold_released_at` is set so that processing applies them without holding them
 * again. In embedded mode they become `queued` (call wakeAfterRelease once committed); with Inngest,
 * `received` with no `enqueued_at`, so the sweeper sends them. Only `eventIds` of them when given.
 * Returns the ledger ids released.
 */
export async function releaseHeldEvents(sql: Sql, release: { heldRef: string; eventIds?: string[]; reason: string; actor: string }): Promise<string[]> {
  const to = queueMode() === "embedded" ? "queued" : "received";
  const rows = await sql.query<{ id: string }>(
    `WITH picked AS (
       SELECT id FROM stripe_event WHERE held_ref = $1 AND status = 'held' AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[])) FOR UPDATE
     ), moved AS (
       UPDATE stripe_event e SET status = $3, hold_released_at = now(), enqueued_at = NULL, next_attempt_at = NULL
       FROM picked WHERE e.id = picked.id RETURNING e.id
     ), history AS (
       INSERT INTO event_status_change (event_id, from_status, to_status, reason, actor) SELECT id, 'held', $3, $4, $5 FROM moved
     )
     SELECT id FROM moved`,
    [release.heldRef, release.eventIds ?? null, to, release.reason.slice(0, 500), release.actor],
  );
  return rows.map((row) => row.id);
}

/** After the release committed: the embedded runner processes the released events now rather than at its next poll. */
export function wakeAfterRelease(released: number): void {
  if (released > 0 && queueMode() === "embedded") wakeEmbeddedRunner();
}
