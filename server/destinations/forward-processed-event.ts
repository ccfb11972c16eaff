import { env } from "../env";
import { sqlMatchesEventType } from "./event-type-patterns";

/**
 * A CTE body for the statement that marks an event processed (server/processing/process-ledger-event.ts,
 * `done` holds the event's id once the finish succeeded): one pending delivery per destination of the
 * event's endpoint whose patterns match its type, paused ones included (their backlog is kept).
 * Events an operator released from quarantine go only to destinations that asked for them. Being in
 * the same transaction, an event is forwarded exactly when it is processed, once (the unique key).
 * Its parameters are $11 to $15, in the order forwardParameters gives them.
 */
export const FORWARD_PROCESSED_EVENT_SQL = `
  INSERT INTO destination_delivery (destination_id, event_id, ordering_key, next_attempt_at, deadline)
  SELECT d.id, done.id, $11::text, now(), now() + make_interval(hours => $12::int)
  FROM done JOIN destination d ON d.endpoint_id = $13::uuid AND (NOT $14::boolean OR d.forward_released)
  WHERE EXISTS (SELECT 1 FROM unnest(d.event_types) AS p WHERE ${sqlMatchesEventType("p", "$15::text")})
  ON CONFLICT (destination_id, event_id) DO NOTHING`;

export function forwardParameters(event: { endpointId: string; type: string; customerId: string | null; released: boolean }): unknown[] {
  return [event.customerId, env().HOOKWARDEN_DESTINATION_RETRY_HOURS, event.endpointId, event.released, event.type];
}
