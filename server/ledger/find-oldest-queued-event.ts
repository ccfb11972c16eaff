import { poolSql, type Sql } from "../db";
import { QUEUE_STATUSES, type EventStatus } from "./event-status";

export type OldestQueuedEvent = { id: string; stripe_event_id: string; status: EventStatus; first_received_at: Date; now: Date };

/**
 * The event processing has owed work the longest (first received earliest, in a queue status), or
 * null: one probe of the status index per queue status, however large the ledger. `now` is the
 * database's clock, so that its age does not depend on the reader's.
 */
export async function findOldestQueuedEvent(sql: Sql = poolSql()): Promise<OldestQueuedEvent | null> {
  const rows = await sql.query<OldestQueuedEvent>(
    `SELECT oldest.*, now() AS now FROM unnest($1::text[]) AS queued(status)
     CROSS JOIN LATERAL (
       SELECT e.id, e.stripe_event_id, e.status, e.first_received_at FROM stripe_event e
       WHERE e.status = queued.status ORDER BY e.first_received_at, e.id LIMIT 1
     ) oldest
     ORDER BY oldest.first_received_at, oldest.id LIMIT 1`,
    [[...QUEUE_STATUSES]],
  );
  return rows[0] ?? null;
}
