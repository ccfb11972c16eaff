/**
 * What the fault cases check in the database after the fault: read with plain SQL from
 * the case's PostgreSQL, never through the product's code.
 */
import pg from "pg";
import { compareBooks, readBooks, SECTIONS, type Books } from "../../../scripts/bench-processing/books";
import { checkLedgerAt } from "../../../scripts/bench/ledger-check";
import { QUEUE_STATUSES } from "../../../server/ledger/event-status";
import type { FaultContext } from "./fault-case";
import { count, type TrafficLog } from "./traffic";

export async function query<Row extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Row>(text, values)).rows;
  } finally {
    await client.end();
  }
}

export async function statusCounts(url: string): Promise<Record<string, number>> {
  const rows = await query<{ status: string; n: number }>(url, `SELECT status, count(*)::int AS n FROM stripe_event GROUP BY status ORDER BY status`);
  return Object.fromEntries(rows.map((row) => [row.status, row.n]));
}

export const describeCounts = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([key, n]) => `${key} ${count(n)}`)
    .join(", ") || "none";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until no event is owed work (received, queued, processing, failed); the statuses then, and how long it took. */
export async function waitUntilSettled(url: string, timeoutMs: number): Promise<{ settled: boolean; ms: number; statuses: Record<string, number> }> {
  const started = performance.now();
  for (;;) {
    const statuses = await statusCounts(url);
    const owed = QUEUE_STATUSES.reduce((sum, status) => sum + (statuses[status] ?? 0), 0);
    const ms = performance.now() - started;
    if (owed === 0 || ms > timeoutMs) return { settled: owed === 0, ms, statuses };
    await sleep(250);
  }
}

/** Invariant 1 after the fault: every delivery answered 2xx has its event and its delivery row in the ledger. */
export async function verifyAcknowledgedRecorded(context: FaultContext, log: TrafficLog, when: string): Promise<void> {
  const report = await checkLedgerAt(context.databaseUrl, log.acks);
  context.verify(
    report.missingFromLedger.length === 0 && report.underRecordedEvents === 0,
    `${when}: every delivery answered 2xx is in the ledger: ${count(report.acknowledgedEvents)} events acknowledged (${count(report.answers2xx)} 2xx answers), ` +
      `${report.missingFromLedger.length} missing, ${report.underRecordedEvents} with fewer delivery rows than 2xx answers ` +
      `(ledger: ${count(report.eventRows)} events, ${count(report.deliveryRows)} delivery rows)` +
      (report.missingFromLedger.length ? `; first missing: ${report.missingFromLedger.slice(0, 5).join(", ")}` : ""),
  );
}

type OnceRow = { processed: number; effects: number; effects_of_unprocessed: number; finished_twice: number; claims: number; events: number; workload_present: number };

/**
 * Invariant 2 after the fault, once the queue has drained: every workload event is recorded and
 * settled, each was finished at most once (one `processed` transition, one effect row), and the
 * books (registered payments, subscriptions, invoices, effects per subject, links, every event's
 * final status) equal those of the same events processed one at a time with no fault.
 */
export async function verifyAppliedOnce(context: FaultContext, settleTimeoutMs = 60_000): Promise<void> {
  const url = context.databaseUrl;
  const settled = await waitUntilSettled(url, settleTimeoutMs);
  context.verify(settled.settled && !settled.statuses.held, `the queue drained ${(settled.ms / 1000).toFixed(1)} s after the load: ${describeCounts(settled.statuses)}`);
  if (!settled.settled || settled.statuses.held) await explainUnsettled(context);

  const ids = context.workload.events.map((event) => event.id);
  const [row] = await query<OnceRow>(
    url,
    `SELECT (SELECT count(*)::int FROM stripe_event WHERE status = 'processed') AS processed,
            (SELECT count(*)::int FROM effect) AS effects,
            (SELECT count(*)::int FROM effect f JOIN stripe_event e ON e.id = f.event_id WHERE e.status <> 'processed') AS effects_of_unprocessed,
            (SELECT count(*)::int FROM (SELECT event_id FROM event_status_change WHERE to_status = 'processed' GROUP BY event_id HAVING count(*) > 1) twice) AS finished_twice,
            (SELECT count(*)::int FROM event_status_change WHERE to_status = 'processing') AS claims,
            (SELECT count(*)::int FROM stripe_event) AS events,
            (SELECT count(*)::int FROM stripe_event WHERE stripe_event_id = ANY($1::text[])) AS workload_present`,
    [ids],
  );
  const once = row!;
  const putBack = await query<{ reason: string; n: number }>(
    url,
    `SELECT reason, count(*)::int AS n FROM event_status_change WHERE from_status = 'processing' AND to_status = 'queued' GROUP BY reason ORDER BY reason`,
  );
  const putBackText = putBack.length ? putBack.map((reason) => `${reason.n} "${reason.reason}"`).join(", ") : "none";
  context.verify(
    once.workload_present === ids.length && once.events === ids.length,
    `every event of the load is recorded once: ${count(once.workload_present)} of ${count(ids.length)} in the ledger (${count(once.events)} events in all)`,
  );
  context.verify(
    once.finished_twice === 0 && once.effects === once.processed && once.effects_of_unprocessed === 0,
    `each event applied at most once: ${count(once.processed)} processed, ${count(once.effects)} effect rows, ${once.finished_twice} events finished twice, ${once.effects_of_unprocessed} effects of unprocessed events ` +
      `(${count(once.claims)} claims; taken back from processing: ${putBackText})`,
  );

  const books = await readBooks(url);
  const diff = compareBooks(books, await context.referenceBooks(), { ...SECTIONS.issue, ...SECTIONS.more });
  const sizes = Object.entries(diff.sizes)
    .map(([section, n]) => `${count(n)} ${section}`)
    .join(", ");
  context.verify(diff.identical, `books identical to the serial no-fault reference (${sizes}): ${diff.identical ? "yes" : `NO, ${diff.total} differences`}`);
  for (const line of diff.differences.slice(0, 5)) context.note(`    ${line}`);
}

/** Why events are still owed work or held: the stuck events, and the gatekeeper's decisions (a held event waits for its breaker). */
async function explainUnsettled(context: FaultContext): Promise<void> {
  const stuck = await query<{ stripe_event_id: string; type: string; status: string; attempts: number; claimed_seconds_ago: number | null; last_error: string | null }>(
    context.databaseUrl,
    `SELECT stripe_event_id, type, status, attempts, extract(epoch FROM now() - claimed_at)::int AS claimed_seconds_ago, last_error
     FROM stripe_event WHERE status = ANY($1::text[]) ORDER BY first_received_at LIMIT 5`,
    [[...QUEUE_STATUSES]],
  );
  for (const row of stuck) {
    context.note(`    still ${row.status}: ${row.type} ${row.stripe_event_id}, ${row.attempts} attempts, claimed ${row.claimed_seconds_ago ?? "-"} s ago${row.last_error ? `, last error: ${row.last_error.slice(0, 120)}` : ""}`);
  }
  const decisions = await query<{ kind: string; summary: string }>(
    context.databaseUrl,
    `SELECT kind, summary FROM gatekeeper_decision WHERE kind NOT IN ('source_outside') ORDER BY at DESC LIMIT 5`,
  );
  for (const decision of decisions) context.note(`    gatekeeper ${decision.kind}: ${decision.summary.slice(0, 300)}`);
}

/** Serialisable form of Books (Maps of canonical rows), for the reference computed once per run. */
export function booksToJson(books: Books): Record<string, [string, string][]> {
  return Object.fromEntries(Object.entries(books).map(([section, rows]) => [section, [...rows]]));
}

export function booksFromJson(json: Record<string, [string, string][]>): Books {
  return Object.fromEntries(Object.entries(json).map(([section, rows]) => [section, new Map(rows)]));
}
