import { pool, type Sql } from "../db";
import type { AlertKind } from "./alert-kinds";

/** Closes the open alert of this kind and subject, if there is one (the condition it reported is over). */
export async function resolveAlert(kind: AlertKind, subject: string | null, sql?: Sql): Promise<void> {
  const text = `UPDATE alert SET resolved_at = now() WHERE dedup_key = $1 AND resolved_at IS NULL`;
  const values = [`${kind}:${subject ?? ""}`];
  if (sql) await sql.query(text, values);
  else await pool().query(text, values);
}
