import type { Sql } from "../db";
import { pool } from "../db";
import { log } from "../log";
import type { AlertKind, AlertSeverity } from "./alert-kinds";

export type AlertInput = { kind: AlertKind; severity: AlertSeverity; subject: string | null; message: string; detail?: Record<string, unknown> };

/**
 * Records an alert, once: while an alert of the same kind and subject is open, a
 * repeat refreshes it (time, message, detail) instead of adding another.
 */
export async function recordAlert(alert: AlertInput, sql?: Sql): Promise<void> {
  const dedupKey = `${alert.kind}:${alert.subject ?? ""}`;
  const text = `INSERT INTO alert (kind, severity, subject, message, detail, dedup_key) VALUES ($1, $2, $3, $4, $5::jsonb, $6)
    ON CONFLICT (dedup_key) WHERE resolved_at IS NULL DO UPDATE SET at = now(), severity = excluded.severity, message = excluded.message, detail = excluded.detail`;
  const values = [alert.kind, alert.severity, alert.subject, alert.message, JSON.stringify(alert.detail ?? {}), dedupKey];
  if (sql) await sql.query(text, values);
  else await pool().query(text, values);
  log.warn("alert", { kind: alert.kind, severity: alert.severity, subject: alert.subject, message: alert.message });
}
