/**
 * The one database connection pool and the one Prisma client, sharing it.
 * Hot paths (intake) use `pool` directly with a single SQL statement; everything
 * else goes through `prisma`.
 */
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "../generated/prisma/client";
import { env } from "./env";
import { onShutdown } from "./lifecycle/shutdown-state";

type Db = { pool: pg.Pool; prisma: PrismaClient };

const globalForDb = globalThis as unknown as { hookwardenDb?: Db };

function connect(): Db {
  const config = env();
  const pool = new pg.Pool({
    connectionString: config.DATABASE_URL,
    max: config.HOOKWARDEN_DB_POOL_SIZE,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    // A row lock held too long fails the statement (a transient error: the event is retried) instead of hanging a worker.
    options: `-c lock_timeout=${config.HOOKWARDEN_DB_LOCK_TIMEOUT_MS}`,
  });
  // An idle client that loses its connection must not crash the process.
  pool.on("error", () => undefined);
  // Nor a checked-out one (a transaction, the gatekeeper's advisory lock) when PostgreSQL restarts: pg emits
  // `error` on it with no listener of the pool's attached. Its query fails on its own, and the pool discards it on release.
  pool.on("connect", (client) => client.on("error", () => undefined));
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  // A server's graceful shutdown closes it last, after the final writes.
  onShutdown("close", "database pool", disconnect);
  return { pool, prisma };
}

export function db(): Db {
  globalForDb.hookwardenDb ??= connect();
  return globalForDb.hookwardenDb;
}

/** True while this process holds a pool (background loops check it, so that they never reopen one a test or CLI command has closed). */
export function isConnected(): boolean {
  return globalForDb.hookwardenDb !== undefined;
}

export function pool(): pg.Pool {
  return db().pool;
}

export function prisma(): PrismaClient {
  return db().prisma;
}

/** A statement runner bound to one database transaction. */
export type Sql = { query<Row = Record<string, unknown>>(text: string, values?: unknown[]): Promise<Row[]> };

/** A statement runner on the pool, outside any transaction (each statement commits on its own). */
export function poolSql(): Sql {
  return { query: async <Row>(text: string, values?: unknown[]) => (await pool().query(text, values)).rows as Row[] };
}

/**
 * Runs `work` in one transaction on one pooled connection: committed when it
 * returns, rolled back when it throws. The processing hot path uses this instead
 * of a Prisma interactive transaction: the same guarantees with a fraction of the
 * CPU per statement (measured by `npm run bench:processing`).
 */
export async function withTransaction<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
  const client = await pool().connect();
  const sql: Sql = { query: async <Row>(text: string, values?: unknown[]) => (await client.query(text, values)).rows as Row[] };
  let healthy = true;
  try {
    await client.query("BEGIN");
    const result = await work(sql);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    try {
      await client.query("ROLLBACK");
    } catch {
      healthy = false;
    }
    throw error;
  } finally {
    // A connection that could not even roll back is discarded, never reused.
    client.release(!healthy);
  }
}

/** Closes the pool (tests and CLI commands end with this). */
export async function disconnect(): Promise<void> {
  const current = globalForDb.hookwardenDb;
  globalForDb.hookwardenDb = undefined;
  if (current) {
    await current.prisma.$disconnect();
    await current.pool.end().catch(() => undefined);
  }
}
