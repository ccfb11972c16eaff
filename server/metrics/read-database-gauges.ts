import { ALERT_KINDS } from "../alerts/alert-kinds";
import type { Sql } from "../db";
import { REVIEW_KINDS } from "../gatekeeper/fraud/review-kinds";
import { countEventsByStatus } from "../ledger/count-events-by-status";
import { QUEUE_STATUSES, type EventStatus } from "../ledger/event-status";
import { findOldestQueuedEvent } from "../ledger/find-oldest-queued-event";
import { QUARANTINE_REASONS } from "../quarantine/quarantine-reasons";
import { RECONCILIATION_KIND_NAMES, RUN_STATUSES } from "../reconcile/reconciliation-kinds";
import type { BreakerGaugeState } from "./metric-names";

/** The statuses the queue-depth gauge reports: what processing owes, and the waits and failures that need watching. */
export const QUEUE_DEPTH_STATUSES = [...QUEUE_STATUSES, "awaiting_link", "held", "dead"] as const satisfies readonly EventStatus[];

/** Reconciliation runs counted by the runs gauge: started this recently, or still running. */
const RECENT_RUNS_HOURS = 24;

export type DatabaseGauges = {
  queueDepth: Record<string, number>;
  processingLagSeconds: number;
  quarantineOpen: Record<string, number>;
  reviewsOpen: Record<string, number>;
  alertsOpen: Record<string, number>;
  breakers: { endpoint: string; state: BreakerGaugeState }[];
  reconciliationRuns: { kind: string; status: string; runs: number }[];
  runningReconciliations: { endpoint: string; kind: string; fraction: number | null; compared: number }[];
};

/**
 * The figures the database gauges report, read in the caller's (read-only) transaction: a handful of
 * aggregates, each over a tally kept by triggers, an index, or a table of a few rows per endpoint,
 * so a scrape costs the same with a ledger of millions of events. Every known status, reason and
 * kind is present (0 when none), so that a series does not vanish when its count falls to zero.
 */
export async function readDatabaseGauges(sql: Sql): Promise<DatabaseGauges> {
  const statuses = await countEventsByStatus(sql);
  const oldest = await findOldestQueuedEvent(sql);
  const quarantine = await sql.query<{ key: string; count: string }>(`SELECT reason AS key, sum(items)::bigint AS count FROM quarantine_open_tally GROUP BY reason`);
  const reviews = await sql.query<{ key: string; count: string }>(`SELECT kind AS key, count(*) AS count FROM review_item WHERE status = 'open' GROUP BY kind`);
  const alerts = await sql.query<{ key: string; count: string }>(`SELECT kind AS key, count(*) AS count FROM alert WHERE resolved_at IS NULL GROUP BY kind`);
  const breakers = await sql.query<{ endpoint: string; state: string | null; shedding: boolean | null }>(
    `SELECT e.name AS endpoint, b.state, b.state = 'open' AND b.shed_until > now() AS shedding
     FROM endpoint e LEFT JOIN circuit_breaker b ON b.endpoint_id = e.id AND b.state <> 'closed' ORDER BY e.name`,
  );
  const runs = await sql.query<{ kind: string; status: string; runs: number }>(
    `SELECT kind, status, count(*)::int AS runs FROM reconciliation_run
     WHERE started_at > now() - make_interval(hours => $1) OR status = 'running' GROUP BY kind, status`,
    [RECENT_RUNS_HOURS],
  );
  const running = await sql.query<{ endpoint: string; kind: string; fraction: number | null; compared: string | null }>(
    `SELECT e.name AS endpoint, r.kind, r.fraction, r.progress->>'compared' AS compared
     FROM reconciliation_run r JOIN endpoint e ON e.id = r.endpoint_id WHERE r.status = 'running'`,
  );

  const knownRuns: DatabaseGauges["reconciliationRuns"] = RECONCILIATION_KIND_NAMES.flatMap((kind) => RUN_STATUSES.map((status) => ({ kind, status, runs: 0 })));
  for (const row of runs) {
    const known = knownRuns.find((run) => run.kind === row.kind && run.status === row.status);
    if (known) known.runs = row.runs;
    else knownRuns.push(row);
  }
  return {
    queueDepth: Object.fromEntries(QUEUE_DEPTH_STATUSES.map((status) => [status, statuses[status]])),
    processingLagSeconds: oldest ? Math.max(0, (oldest.now.getTime() - oldest.first_received_at.getTime()) / 1000) : 0,
    quarantineOpen: countsByKey(Object.keys(QUARANTINE_REASONS), quarantine),
    reviewsOpen: countsByKey(Object.keys(REVIEW_KINDS), reviews),
    alertsOpen: countsByKey(Object.keys(ALERT_KINDS), alerts),
    breakers: breakers.map((row) => ({ endpoint: row.endpoint, state: row.shedding ? "shed" : ((row.state ?? "closed") as BreakerGaugeState) })),
    reconciliationRuns: knownRuns,
    runningReconciliations: running.map((row) => ({ endpoint: row.endpoint, kind: row.kind, fraction: row.fraction, compared: Number(row.compared ?? 0) })),
  };
}

/** Every known key at 0, then the counts read (a key the code no longer lists still shows while rows carry it). */
function countsByKey(known: string[], rows: { key: string; count: string }[]): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(known.map((key) => [key, 0]));
  for (const row of rows) counts[row.key] = Number(row.count);
  return counts;
}
