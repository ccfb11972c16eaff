import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";

type State = { port: number; user: string; password: string; database: string };

/**
 * One statement against the end-to-end server's embedded PostgreSQL (found through its data
 * folder, as the CLI finds it): for fixtures the product cannot make without a real Stripe
 * account, such as the history of reconciliation runs.
 */
export async function e2eSql<Row extends Record<string, unknown>>(text: string, values: unknown[] = []): Promise<Row[]> {
  const state = JSON.parse(readFileSync(path.join(process.env.E2E_DATA_DIR!, "postgres.json"), "utf8")) as State;
  const client = new pg.Client({ host: "127.0.0.1", port: state.port, user: state.user, password: state.password, database: state.database });
  await client.connect();
  try {
    return (await client.query<Row>(text, values)).rows;
  } finally {
    await client.end();
  }
}
