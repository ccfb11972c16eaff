import type { Sql } from "../db";
import type { EventStatus } from "../ledger/event-status";

/** Columns that may change together with the status. */
const FIELD_COLUMNS = {
  awaitingObjectId: "awaiting_object_id",
  linkDeadline: "link_deadline",
  lastError: "last_error",
  nextAttemptAt: "next_attempt_at",
  heldRef: "held_ref",
  holdReleasedAt: "hold_released_at",
} as const;

export type StatusChange = {
  to: EventStatus;
  reason: string;
  actor?: string;
  /** Extra columns to set with the status. */
  fields?: { [K in keyof typeof FIELD_COLUMNS]?: string | Date | null };
};

/**
 * Moves an event to a new status and records the change with its reason, in the
 * caller's transaction and in one statement: an event's history is complete by
 * construction.
 */
export async function setEventStatus(sql: Sql, eventId: string, from: EventStatus | null, change: StatusChange): Promise<void> {
  const values: unknown[] = [eventId, change.to, from, change.reason.slice(0, 500), change.actor ?? "system"];
  const assignments = Object.entries(change.fields ?? {}).map(([field, value]) => {
    values.push(value);
    return `${FIELD_COLUMNS[field as keyof typeof FIELD_COLUMNS]} = $${values.length}`;
  });
  await sql.query(
    `WITH moved AS (
       UPDATE stripe_event SET ${["status = $2", ...assignments].join(", ")} WHERE id = $1::uuid RETURNING id)
     INSERT INTO event_status_change (event_id, from_status, to_status, reason, actor)
     SELECT id, $3, $2, $4, $5 FROM moved`,
    values,
  );
}
