import { pool } from "../db";
import { log } from "../log";
import type { AlertKind } from "./alert-kinds";

/**
 * Resolves the open alert of this kind and subject, if there is one (what recordAlert opened):
 * the condition it raised is over. Returns whether one was open.
 */
export async function resolveAlert(kind: AlertKind, subject: string | null): Promise<boolean> {
  const { rowCount } = await pool().query(`UPDATE alert SET resolved_at = now() WHERE dedup_key = $1 AND resolved_at IS NULL`, [`${kind}:${subject ?? ""}`]);
  if (rowCount) log.info("alert resolved", { kind, subject });
  return Boolean(rowCount);
}
