import { poolSql } from "../db";
import { AppError } from "../errors";
import { destinationSummary, type DestinationSummary } from "./destination-summary";
import { DESTINATION_COLUMNS, findDestinationOrThrow, type DestinationRow } from "./find-destination";
import type { AttemptOutcome, DeliveryStatus } from "./destination-states";

export type DestinationCounts = { pending: number; failing: number; dead: number; deliveredLastDay: number; oldestPendingAt: string | null };
export type DestinationListItem = DestinationSummary & { counts: DestinationCounts };

/**
 * Each count reads an index of its own (the destination_console_indexes migration), so it costs what
 * it counts (a day of deliveries, the backlog, the failing and dead ones), never the destination's
 * whole history. The oldest pending delivery is the first written (lowest id) still pending: its time
 * is within a transaction's length of the earliest created_at, and it is found without a scan.
 */
const COUNTS = `
  (SELECT count(*)::int FROM destination_delivery x WHERE x.destination_id = d.id AND x.status = 'pending') AS pending,
  (SELECT count(*)::int FROM destination_delivery x WHERE x.destination_id = d.id AND x.status = 'pending' AND x.attempts > 0) AS failing,
  (SELECT count(*)::int FROM destination_delivery x WHERE x.destination_id = d.id AND x.status = 'dead') AS dead,
  (SELECT count(*)::int FROM destination_delivery x WHERE x.destination_id = d.id AND x.status = 'delivered' AND x.delivered_at > now() - interval '1 day') AS delivered_last_day,
  (SELECT x.created_at FROM destination_delivery x WHERE x.destination_id = d.id AND x.status = 'pending' ORDER BY x.id LIMIT 1) AS oldest_pending_at`;

type CountRow = { pending: number; failing: number; dead: number; delivered_last_day: number; oldest_pending_at: Date | null };

function counts(row: CountRow): DestinationCounts {
  return { pending: row.pending, failing: row.failing, dead: row.dead, deliveredLastDay: row.delivered_last_day, oldestPendingAt: row.oldest_pending_at?.toISOString() ?? null };
}

/** Every destination (of one endpoint, when named), with its backlog: pending, failing, dead, delivered in the last day. */
export async function listDestinations(filter: { endpoint?: string } = {}): Promise<DestinationListItem[]> {
  if (filter.endpoint !== undefined) {
    const endpoint = await poolSql().query(`SELECT 1 FROM endpoint WHERE name = $1`, [filter.endpoint]);
    if (endpoint.length === 0) throw new AppError("endpoint_not_found", `No endpoint named "${filter.endpoint.slice(0, 100)}".`);
  }
  const rows = await poolSql().query<DestinationRow & CountRow>(
    `SELECT ${DESTINATION_COLUMNS}, ${COUNTS} FROM destination d JOIN endpoint ep ON ep.id = d.endpoint_id
      WHERE $1::text IS NULL OR ep.name = $1 ORDER BY ep.name, d.name`,
    [filter.endpoint ?? null],
  );
  return rows.map((row) => ({ ...destinationSummary(row), counts: counts(row) }));
}

export type DestinationAttemptView = { at: string; outcome: AttemptOutcome; statusCode: number | null; latencyMs: number; error: string | null; responseExcerpt: string | null };
export type DestinationDeliveryView = {
  id: string;
  eventId: string;
  stripeEventId: string;
  type: string;
  customer: string | null;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string | null;
  deadline: string;
  lastError: string | null;
  lastStatusCode: number | null;
  deliveredAt: string | null;
  createdAt: string;
  /** The latest attempts, newest first (at most 5). */
  recentAttempts: DestinationAttemptView[];
};

export const DELIVERY_PAGE_SIZE = 50;

/**
 * One destination with its deliveries, newest first, 50 at a time (`before`: the id of the last
 * one seen), optionally of one status, each with its latest attempts.
 */
export async function getDestination(ref: string, options: { status?: DeliveryStatus; before?: string } = {}): Promise<{ destination: DestinationListItem; deliveries: DestinationDeliveryView[]; nextBefore: string | null }> {
  const found = await findDestinationOrThrow(ref);
  const [row] = await poolSql().query<DestinationRow & CountRow>(`SELECT ${DESTINATION_COLUMNS}, ${COUNTS} FROM destination d JOIN endpoint ep ON ep.id = d.endpoint_id WHERE d.id = $1::uuid`, [found.id]);
  const before = options.before && /^[0-9]{1,19}$/.test(options.before) ? options.before : null;
  const deliveries = await poolSql().query<{
    id: string; event_id: string; stripe_event_id: string; type: string; ordering_key: string | null; status: DeliveryStatus; attempts: number;
    next_attempt_at: Date; deadline: Date; last_error: string | null; last_status_code: number | null; delivered_at: Date | null; created_at: Date;
    recent: { at: string; outcome: AttemptOutcome; status_code: number | null; latency_ms: number; error: string | null; response_excerpt: string | null }[] | null;
  }>(
    `SELECT x.id::text, x.event_id, e.stripe_event_id, e.type, x.ordering_key, x.status, x.attempts, x.next_attempt_at, x.deadline, x.last_error,
            x.last_status_code, x.delivered_at, x.created_at,
            (SELECT jsonb_agg(a ORDER BY a.at DESC) FROM (SELECT at, outcome, status_code, latency_ms, error, response_excerpt FROM destination_attempt
               WHERE delivery_id = x.id ORDER BY id DESC LIMIT 5) a) AS recent
       FROM destination_delivery x JOIN stripe_event e ON e.id = x.event_id
      WHERE x.destination_id = $1::uuid AND ($2::text IS NULL OR x.status = $2) AND ($3::bigint IS NULL OR x.id < $3)
      ORDER BY x.id DESC LIMIT ${DELIVERY_PAGE_SIZE + 1}`,
    [found.id, options.status ?? null, before],
  );
  const page = deliveries.slice(0, DELIVERY_PAGE_SIZE);
  return {
    destination: { ...destinationSummary(row!), counts: counts(row!) },
    deliveries: page.map((delivery) => ({
      id: delivery.id,
      eventId: delivery.event_id,
      stripeEventId: delivery.stripe_event_id,
      type: delivery.type,
      customer: delivery.ordering_key,
      status: delivery.status,
      attempts: delivery.attempts,
      nextAttemptAt: delivery.status === "pending" ? delivery.next_attempt_at.toISOString() : null,
      deadline: delivery.deadline.toISOString(),
      lastError: delivery.last_error,
      lastStatusCode: delivery.last_status_code,
      deliveredAt: delivery.delivered_at?.toISOString() ?? null,
      createdAt: delivery.created_at.toISOString(),
      recentAttempts: (delivery.recent ?? []).map((attempt) => ({
        at: new Date(attempt.at).toISOString(),
        outcome: attempt.outcome,
        statusCode: attempt.status_code,
        latencyMs: attempt.latency_ms,
        error: attempt.error,
        responseExcerpt: attempt.response_excerpt,
      })),
    })),
    nextBefore: deliveries.length > DELIVERY_PAGE_SIZE ? page[page.length - 1]!.id : null,
  };
}
