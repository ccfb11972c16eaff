import { Prisma } from "../../generated/prisma/client";
import { prisma } from "../db";
import { countEventsByStatus } from "../ledger/count-events-by-status";
import { QUEUE_STATUSES, type EventStatus } from "../ledger/event-status";
import { findOldestQueuedEvent } from "../ledger/find-oldest-queued-event";
import { listOpenQuarantine, type QuarantineGroup } from "../quarantine/list-open-quarantine";

/** The chart's span: the last 24 hours, minute by minute. */
const CHART_MINUTES = 24 * 60;
/** Intake latency is read from the latest deliveries of the last hour, at most this many. */
const LATENCY_SAMPLE = 1_000;

export type MinuteBucket = { minute: string; deliveries: number; events: number };

export type Overview = {
  /** The database's clock when the figures were read. */
  at: string;
  /** Deliveries and new events per minute, oldest first, 1,440 buckets ending with the current minute. */
  perMinute: MinuteBucket[];
  last24h: { deliveries: number; events: number };
  /** Every event in the ledger, by status (exact). */
  statuses: Record<EventStatus, number>;
  /** Events processing still owes work: received, queued, processing, failed. */
  queue: {
    depth: number;
    byStatus: Record<(typeof QUEUE_STATUSES)[number], number>;
    oldest: { id: string; stripeEventId: string; status: EventStatus; receivedAt: string; ageSeconds: number } | null;
  };
  /**
   * From the moment the request reached Hookwarden (before its body was read) to the moment
   * its delivery row was written: the database's clock minus the server's, so it includes any
   * offset between the two machines. The answer to Stripe follows the commit, shortly after.
   */
  intakeLatency: { sample: number; since: string | null; p50Ms: number | null; p99Ms: number | null };
  quarantine: { open: number; byReason: QuarantineGroup[] };
  awaitingLink: number;
  dead: number;
};

/**
 * The console's first screen. Every figure is read from a structure whose size does not
 * grow with the ledger: the per-minute rollup (`intake_minute`, at most 4 rows a minute)
 * and the tallies of statuses and open quarantine, all kept by triggers in the writing
 * transaction; one probe of the status index per queue status for the oldest queued event;
 * the delivery time index for the latest 1,000 deliveries. It also folds the tally rows of
 * ended connections into one, which keeps the tallies as small as the connection count.
 */
export async function getOverview(): Promise<Overview> {
  const [series, statuses, oldest, latency, quarantine] = await Promise.all([
    minuteSeries(),
    countEventsByStatus(),
    findOldestQueuedEvent(),
    intakeLatency(),
    listOpenQuarantine(),
    foldEndedConnections(),
  ]);
  const byStatus = Object.fromEntries(QUEUE_STATUSES.map((status) => [status, statuses[status]])) as Overview["queue"]["byStatus"];
  return {
    at: series.now.toISOString(),
    perMinute: series.buckets,
    last24h: {
      deliveries: series.buckets.reduce((sum, bucket) => sum + bucket.deliveries, 0),
      events: series.buckets.reduce((sum, bucket) => sum + bucket.events, 0),
    },
    statuses,
    queue: {
      depth: QUEUE_STATUSES.reduce((sum, status) => sum + statuses[status], 0),
      byStatus,
      oldest: oldest
        ? {
            id: oldest.id,
            stripeEventId: oldest.stripe_event_id,
            status: oldest.status,
            receivedAt: oldest.first_received_at.toISOString(),
            ageSeconds: Math.max(0, Math.round((series.now.getTime() - oldest.first_received_at.getTime()) / 1000)),
          }
        : null,
    },
    intakeLatency: latency,
    quarantine: { open: quarantine.groups.reduce((sum, group) => sum + group.count, 0), byReason: quarantine.groups },
    awaitingLink: statuses.awaiting_link,
    dead: statuses.dead,
  };
}

async function minuteSeries(): Promise<{ now: Date; buckets: MinuteBucket[] }> {
  const rows = await prisma().$queryRaw<{ now: Date; minute: Date | null; deliveries: number | null; events: number | null }[]>`
    WITH span AS (SELECT now() AS now, date_trunc('minute', now()) - make_interval(mins => ${CHART_MINUTES - 1}) AS first_minute)
    SELECT span.now, m.minute, m.deliveries, m.events
    FROM span LEFT JOIN LATERAL (
      SELECT minute, sum(deliveries)::int AS deliveries, sum(events)::int AS events
      FROM intake_minute WHERE minute >= span.first_minute GROUP BY minute
    ) m ON true`;
  const now = rows[0]!.now;
  const current = Math.floor(now.getTime() / 60_000) * 60_000;
  const first = current - (CHART_MINUTES - 1) * 60_000;
  const byMinute = new Map(rows.filter((row) => row.minute !== null).map((row) => [row.minute!.getTime(), row]));
  const buckets = Array.from({ length: CHART_MINUTES }, (_, i) => {
    const minute = first + i * 60_000;
    const row = byMinute.get(minute);
    return { minute: new Date(minute).toISOString(), deliveries: row?.deliveries ?? 0, events: row?.events ?? 0 };
  });
  return { now, buckets };
}

async function intakeLatency(): Promise<Overview["intakeLatency"]> {
  const rows = await prisma().$queryRaw<{ sample: number; since: Date | null; p50: number | null; p99: number | null }[]>`
    SELECT count(*)::int AS sample, min(received_at) AS since,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) AS p50,
           percentile_cont(0.99) WITHIN GROUP (ORDER BY latency_ms) AS p99
    FROM (
      SELECT received_at, extract(epoch FROM recorded_at - received_at)::float8 * 1000 AS latency_ms FROM delivery
      WHERE received_at > now() - interval '1 hour' ORDER BY received_at DESC LIMIT ${LATENCY_SAMPLE}
    ) latest
    WHERE latency_ms IS NOT NULL`;
  const row = rows[0]!;
  return { sample: row.sample, since: row.since?.toISOString() ?? null, p50Ms: row.p50, p99Ms: row.p99 };
}

/** The tallies that triggers keep per connection (see the console_query_indexes migration). */
const TALLIES = [
  { table: "event_status_tally", key: "status", count: "events" },
  { table: "quarantine_open_tally", key: "reason", count: "items" },
] as const;

/**
 * Each connection counts in rows of its own (see the migration), so no two transactions
 * wait for each other there. Once a connection has ended, its rows are folded into
 * backend 0; the sums, and so every reader, see the same totals before and after.
 */
async function foldEndedConnections(): Promise<void> {
  for (const tally of TALLIES) {
    const [table, key, count] = [Prisma.raw(tally.table), Prisma.raw(tally.key), Prisma.raw(tally.count)];
    await prisma().$executeRaw`
      WITH ended AS (
        DELETE FROM ${table} t
        WHERE t.backend <> 0 AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.pid = t.backend)
        RETURNING t.${key} AS key, t.${count} AS count
      )
      INSERT INTO ${table} (${key}, backend, ${count})
      SELECT key, 0, sum(count) FROM ended GROUP BY key ORDER BY key
      ON CONFLICT (${key}, backend) DO UPDATE SET ${count} = ${table}.${count} + EXCLUDED.${count}`;
  }
}
