import { pool } from "../../db";

/**
 * Who put each of these breakers half-open (the breaker row keeps when, its latest
 * `breaker_half_open` decision says who): breaker id → actor name (`user:<id>`, `api_key:<id>`, `cli`).
 */
export async function halfOpenedBy(breakerIds: string[]): Promise<Map<string, string>> {
  if (breakerIds.length === 0) return new Map();
  const rows = await pool().query<{ subject: string; by: string | null }>(
    `SELECT DISTINCT ON (subject) subject, explanation->>'by' AS by FROM gatekeeper_decision
     WHERE kind = 'breaker_half_open' AND subject = ANY($1::text[]) ORDER BY subject, at DESC, id DESC`,
    [breakerIds.map((id) => `breaker:${id}`)],
  );
  return new Map(rows.rows.filter((row) => row.by).map((row) => [row.subject.slice("breaker:".length), row.by!]));
}
