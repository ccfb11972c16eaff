import { poolSql, withTransaction, type Sql } from "../db";
import { log } from "../log";
import { BREAKER_GAUGE_VALUES } from "./metric-names";
import { metrics, type HookwardenMetrics } from "./metrics-registry";
import { readDatabaseGauges, type DatabaseGauges } from "./read-database-gauges";

/** However many scrapers ask, the database is read at most once per this many milliseconds. */
export const DATABASE_GAUGES_MAX_AGE_MS = 5_000;

/** Sets gauges of its own from the database at scrape time (within the same cache window as the built-in ones). */
export type ScrapeCollector = (sql: Sql) => Promise<void>;

type ScrapeState = { refreshedAt: number; refreshing?: Promise<void>; collectors: Map<string, ScrapeCollector> };

const globalForScrape = globalThis as unknown as { hookwardenMetricsScrape?: ScrapeState };

function scrapeState(): ScrapeState {
  globalForScrape.hookwardenMetricsScrape ??= { refreshedAt: -Infinity, collectors: new Map() };
  return globalForScrape.hookwardenMetricsScrape;
}

/**
 * Adds (or, under the same id, replaces: modules reload in `next dev`) a database-backed collector
 * run at scrape time, after the built-in gauges, on the pool. A collector that fails is logged and
 * leaves its gauges as they were; the scrape goes on.
 */
export function registerScrapeCollector(id: string, collect: ScrapeCollector): void {
  scrapeState().collectors.set(id, collect);
}

/**
 * Brings the database gauges up to date, unless they were read less than `maxAgeMs` ago; concurrent
 * scrapes share one read. The built-in figures come from one read-only transaction (one connection,
 * one consistent snapshot). When the database cannot be read, those gauges are emptied rather than
 * left stale, and hookwarden_metrics_database_up says 0: the process metrics are still served.
 */
export async function refreshDatabaseGauges(maxAgeMs = DATABASE_GAUGES_MAX_AGE_MS): Promise<void> {
  const state = scrapeState();
  if (state.refreshing) return state.refreshing;
  if (performance.now() - state.refreshedAt < maxAgeMs) return;
  state.refreshing = refresh(state).finally(() => {
    state.refreshedAt = performance.now();
    state.refreshing = undefined;
  });
  return state.refreshing;
}

async function refresh(state: ScrapeState): Promise<void> {
  const gauges = metrics();
  try {
    const figures = await withTransaction(async (sql) => {
      await sql.query(`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY`);
      return readDatabaseGauges(sql);
    });
    writeGauges(gauges, figures);
    gauges.databaseUp.set(1);
  } catch (error) {
    writeGauges(gauges, null);
    gauges.databaseUp.set(0);
    log.warn("metrics: the database gauges could not be read", { error });
  }
  for (const [id, collect] of state.collectors) {
    try {
      await collect(poolSql());
    } catch (error) {
      log.warn("metrics: a scrape collector failed", { collector: id, error });
    }
  }
}

/** Replaces every database gauge's series with `figures` (none at all when null), so that a breaker of a deleted endpoint does not linger. */
function writeGauges(gauges: HookwardenMetrics, figures: DatabaseGauges | null): void {
  const { queueDepth, processingLag, quarantineOpen, reviewsOpen, alertsOpen, breakerState, reconciliationRuns, reconciliationProgress, reconciliationCompared } = gauges;
  for (const gauge of [queueDepth, quarantineOpen, reviewsOpen, alertsOpen, breakerState, reconciliationRuns, reconciliationProgress, reconciliationCompared]) gauge.reset();
  // Without labels, reset would say 0 (no lag): absent is the truth when the database cannot be read.
  processingLag.remove();
  if (!figures) return;
  for (const [status, events] of Object.entries(figures.queueDepth)) queueDepth.set({ status }, events);
  processingLag.set(figures.processingLagSeconds);
  for (const [reason, items] of Object.entries(figures.quarantineOpen)) quarantineOpen.set({ reason }, items);
  for (const [kind, items] of Object.entries(figures.reviewsOpen)) reviewsOpen.set({ kind }, items);
  for (const [kind, alerts] of Object.entries(figures.alertsOpen)) alertsOpen.set({ kind }, alerts);
  for (const breaker of figures.breakers) breakerState.set({ endpoint: breaker.endpoint }, BREAKER_GAUGE_VALUES[breaker.state]);
  for (const run of figures.reconciliationRuns) reconciliationRuns.set({ kind: run.kind, status: run.status }, run.runs);
  for (const run of figures.runningReconciliations) {
    if (run.fraction !== null) reconciliationProgress.set({ endpoint: run.endpoint, kind: run.kind }, run.fraction);
    reconciliationCompared.set({ endpoint: run.endpoint, kind: run.kind }, run.compared);
  }
}
