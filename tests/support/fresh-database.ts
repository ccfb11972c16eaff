import { randomBytes } from "node:crypto";
import pg from "pg";
import { applyMigrations } from "../../server/embedded/apply-migrations";

/**
 * Points this test file at a database of its own, created empty on the test server
 * and migrated like production. For tests about the whole table (no user exists
 * yet, the last admin) that the other files, sharing the main test database, would
 * disturb. Call it before anything touches the database.
 */
export async function useFreshDatabase(label: string): Promise<string> {
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
  await applyMigrations(url.toString());
  process.env.DATABASE_URL = url.toString();
  return url.toString();
}
