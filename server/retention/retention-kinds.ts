import type { EventStatus } from "../ledger/event-status";

/** What a purge removes: raw payloads (replaced by their masked copy) or whole settled records. */
export const RETENTION_KINDS = {
  raw_payloads: "raw payloads of settled events, replaced by their masked copy",
  records: "settled events, with their deliveries and status history (the books stay)",
} as const;
export type RetentionKind = keyof typeof RETENTION_KINDS;

/**
 * The only statuses a purge touches. Every other event (queued, failed, dead, quarantined,
 * awaiting a link, held…) is one an operator or processing still needs whole, so it keeps its
 * raw payload and its record, whatever its age, until it settles.
 */
export const SETTLED_STATUSES = ["processed", "ignored"] as const satisfies readonly EventStatus[];

/** A condition on `stripe_event e`: no destination still waits for the event (its raw payload is what a destination receives). */
export const NOT_AWAITING_DESTINATION = `NOT EXISTS (SELECT 1 FROM destination_delivery dd WHERE dd.event_id = e.id AND dd.status = 'pending')`;

export const DEFAULT_PURGE_BATCH_SIZE = 500;

/** A running purge whose heartbeat is older than this was interrupted (its process stopped). */
export const PURGE_STALE_MS = 10 * 60_000;
