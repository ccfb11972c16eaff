/**
 * The one database connection pool and the one Prisma client, sharing it.
 * Hot paths (intake) use `pool` directly with a single SQL statement; everything
 * else goes through `prisma`.
 */
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "../generated/prisma/client";
import { env } from "./env";

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
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return { pool, prisma };
}

export function db(): Db {
  globalForDb.hookwardenDb ??= connect();
  return globalForDb.hookwardenDb;
}

export function pool(): pg.Pool {
  return db().pool;
}

export function prisma(): PrismaClient {
  return db().prisma;
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
