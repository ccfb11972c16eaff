/**
 * The promise behind every 200 of our intake: the delivery is in the ledger.
 * Reads the embedded PostgreSQL of the benchmark's data folder directly
 * (`<HOOKWARDEN_DATA_DIR>/postgres.json`), or any database by its URL, and compares
 * it with what the load generator was told.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import type { AckLedger } from "./fire";

export type LedgerReport = {
  /** Distinct event ids that got at least one 2xx from intake. */
  acknowledgedEvents: number;
  missingFromLedger: string[];
  /** Events whose 2xx answers outnumber their delivery rows (each 2xx promises one row). */
  underRecordedEvents: number;
  answers2xx: number;
  deliveryRows: number;
  eventRows: number;
  eventsByStatus: Record<string, number>;
};

type PostgresState = { port: number; user: string; password: string; database: string };

async function withClient<T>(config: pg.ClientConfig, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(config);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The embedded PostgreSQL of a server's data folder, from `<dataDir>/postgres.json`. */
function embeddedDatabase(dataDir: string): pg.ClientConfig {
  const state = JSON.parse(readFileSync(path.join(dataDir, "postgres.json"), "utf8")) as PostgresState;
  return { host: "127.0.0.1", port: state.port, user: state.user, password: state.password, database: state.database };
}

/** A database given as a server's data folder (its embedded PostgreSQL), a URL, or a connection config. */
type Database = { dataDir: string } | string | pg.ClientConfig;

function clientConfig(database: Database): pg.ClientConfig {
  if (typeof database === "string") return { connectionString: database };
  return "dataDir" in database ? embeddedDatabase(database.dataDir) : database;
}

/** The ledger of the embedded PostgreSQL in `dataDir` against what intake acknowledged. */
export function checkLedger(dataDir: string, acks: AckLedger): Promise<LedgerReport> {
  return checkAcknowledged({ dataDir }, acks.acknowledged, acks.answers2xx);
}

/** The same check against any database (`npm run test:faults` runs its own PostgreSQL). */
export function checkLedgerAt(database: pg.ClientConfig | string, acks: AckLedger): Promise<LedgerReport> {
  return checkAcknowledged(database, acks.acknowledged, acks.answers2xx);
}

/** The same check for any load generator: `acknowledged` maps each event id to the 2xx answers it got. */
export async function checkAcknowledged(database: Database, acknowledged: ReadonlyMap<string, number>, answers2xx: number): Promise<LedgerReport> {
  return withClient(clientConfig(database), async (client) => {
    const ids = [...acknowledged.keys()];
    const found = await client.query<{ stripe_event_id: string; delivery_count: number }>(
      `SELECT stripe_event_id, delivery_count FROM stripe_event WHERE stripe_event_id = ANY($1::text[])`,
      [ids],
    );
    const recorded = new Map(found.rows.map((row) => [row.stripe_event_id, row.delivery_count]));
    const missingFromLedger = ids.filter((id) => !recorded.has(id));
    const underRecordedEvents = ids.filter((id) => (recorded.get(id) ?? 0) < acknowledged.get(id)!).length;

    const counts = await client.query<{ deliveries: string; events: string }>(
      `SELECT (SELECT count(*) FROM delivery) AS deliveries, (SELECT count(*) FROM stripe_event) AS events`,
    );
    const statuses = await client.query<{ status: string; n: string }>(`SELECT status, count(*) AS n FROM stripe_event GROUP BY status ORDER BY status`);
    return {
      acknowledgedEvents: ids.length,
      missingFromLedger,
      underRecordedEvents,
      answers2xx,
      deliveryRows: Number(counts.rows[0]!.deliveries),
      eventRows: Number(counts.rows[0]!.events),
      eventsByStatus: Object.fromEntries(statuses.rows.map((row) => [row.status, Number(row.n)])),
    };
  });
}

/** The Stripe event id of every event in the ledger (all endpoints): what a fuzzer compares with what it signed. */
export function recordedEventIds(dataDir: string): Promise<string[]> {
  return withClient(embeddedDatabase(dataDir), async (client) => (await client.query<{ stripe_event_id: string }>(`SELECT stripe_event_id FROM stripe_event`)).rows.map((row) => row.stripe_event_id));
}

/** A benchmark's exit code from its ledger check: 1 when an acknowledged delivery is missing or under-recorded, or nothing was acknowledged. */
export function ledgerExitCode(report: LedgerReport): number {
  if (report.acknowledgedEvents === 0) console.error("\nIntake acknowledged nothing: the measurement is not valid.");
  const lost = report.missingFromLedger.length > 0 || report.underRecordedEvents > 0;
  return lost || report.acknowledgedEvents === 0 ? 1 : 0;
}
