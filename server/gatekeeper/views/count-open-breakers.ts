import { pool } from "../../db";

/** Breakers open or half-open now, for the console's navigation (one probe of a table of a few rows per endpoint). */
export async function countOpenBreakers(): Promise<number> {
  const rows = await pool().query<{ count: number }>(`SELECT count(*)::int AS count FROM circuit_breaker WHERE state <> 'closed'`);
  return rows.rows[0]!.count;
}
