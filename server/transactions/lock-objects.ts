import type { Sql } from "../db";

/**
 * Transaction-scoped locks on Stripe object ids, always taken in sorted order (no
 * deadlocks). An event that links objects, and one that waits for that link, take
 * the same locks, so a wake-up is never lost in between.
 */
export async function lockObjects(sql: Sql, objectIds: string[]): Promise<void> {
  if (objectIds.length === 0) return;
  await sql.query(`SELECT pg_advisory_xact_lock(hashtext(id)) FROM (SELECT DISTINCT id FROM unnest($1::text[]) AS id ORDER BY id) AS sorted`, [objectIds]);
}
