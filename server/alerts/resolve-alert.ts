import { pool, type Sql } from "../db";
import { log } from "../log";
import type { AlertKind } from "./alert-kinds";

/**
 * Resolves the open alert of this kind and subject, if there is one (what recordAlert opened):
 * the condition it raised is over. Returns whether one was open.
 */
export async function resolveAlert(kind: AlertKind, subject: string | null, sql?: Sql): Promise<boolean> {
  const text = `UPDATE alert SET resolved_at = now() WHERE dedup_key = $1 AND resolved_at IS NULL RETURNING id`;
  const values = [`${kind}:${subject ?? ""}`];
  const resolved = sql ? (await sql.query(text, values)).length : ((await pool().query(text, values)).rowCount ?? 0);
  if (resolved) log.info("alert resolved", { kind, subject });
  return resolved > 0;
}
