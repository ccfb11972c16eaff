import { randomBytes } from "node:crypto";
import pg from "pg";
import { unloadKeyring } from "../../server/crypto/load-keyring";
import { disconnect } from "../../server/db";
import { applyMigrations } from "../../server/embedded/apply-migrations";
import { reloadEnv } from "../../server/env";

/**
 * Points this test file at a database of its own, created empty on the test server
 * and migrated like production. For tests about the whole table (no user exists
 * yet, the last admin) that the other files, sharing the main test database, would
 * disturb. Call it before anything touches the database.
 */
export async function useFreshDatabase(label: string): Promise<string> {
  process.env.DATABASE_URL = await createDatabase(label);
  return process.env.DATABASE_URL;
}

/** A database beside the test database that no migration ever ran on (what a new installation starts from); its URL. */
export function unmigratedDatabase(label: string): Promise<string> {
  return createDatabase(label, { migrated: false });
}

/** An empty database beside the test database, migrated unless told otherwise; its URL. */
async function createDatabase(label: string, options: { migrated?: boolean } = {}): Promise<string> {
  const url = new URL(process.env.DATABASE_URL!);
  const database = `${label}_${randomBytes(4).toString("hex")}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
  url.pathname = `/${database}`;
  if (options.migrated !== false) await applyMigrations(url.toString());
  return url.toString();
}

/**
 * Runs `work` on a database of its own, then points this process back at the one it used
 * (closing the pool and forgetting the keyring on the way in and out): for one test about
 * whole tables in a file that otherwise shares the test database. `migrated: false` leaves it
 * without any migration (a database Hookwarden has never started on).
 */
export async function inFreshDatabase<T>(label: string, work: () => Promise<T>, options: { migrated?: boolean } = {}): Promise<T> {
  const shared = process.env.DATABASE_URL!;
  await pointAt(await createDatabase(label, options));
  try {
    return await work();
  } finally {
    await pointAt(shared);
  }
}

/** The URL first, then the pool closed: whatever connects from then on (a straggler of an earlier test too) reaches `url`. */
async function pointAt(url: string): Promise<void> {
  process.env.DATABASE_URL = url;
  reloadEnv();
  unloadKeyring();
  await disconnect();
}
