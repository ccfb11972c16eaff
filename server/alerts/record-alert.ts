import type { Sql } from "../db";
import { pool } from "../db";
import { log } from "../log";
import type { AlertKind, AlertSeverity } from "./alert-kinds";

export type AlertInput = { kind: AlertKind; severity: AlertSeverity; subject: string | null; message: string; detail?: Record<string, unknown> };

/** Whether the call opened the alert (a new row, announced to the alert channels) or refreshed the one already open. */
export type RecordedAlert = { id: string; opened: boolean };

/**
 * Records an alert, once: while an alert of the same kind and subject is open, a
 * repeat refreshes it (time, message, detail) instead of adding another. An alert that
 * opens also enqueues its `opened` notification for the alert channels, in the same
 * statement: an alert is never recorded without its message being due (the outbox,
 * drained by server/alerts/dispatch-alerts.ts). A refresh enqueues nothing.
 */
export async function recordAlert(alert: AlertInput, sql?: Sql): Promise<RecordedAlert> {
  const dedupKey = `${alert.kind}:${alert.subject ?? ""}`;
  // xmax is 0 on a row this statement inserted, and set on one it updated (ON CONFLICT DO UPDATE locks it).
  const text = `WITH upserted AS (
      INSERT INTO alert (kind, severity, subject, message, detail, dedup_key) VALUES ($1, $2, $3, $4, $5::jsonb, $6)
      ON CONFLICT (dedup_key) WHERE resolved_at IS NULL DO UPDATE SET at = now(), severity = excluded.severity, message = excluded.message, detail = excluded.detail
      RETURNING id, severity, (xmax = 0) AS inserted
    ), queued AS (
      INSERT INTO alert_notification (alert_id, transition, severity) SELECT id, 'opened', severity FROM upserted WHERE inserted
    )
    SELECT id::text, inserted FROM upserted`;
  const values = [alert.kind, alert.severity, alert.subject, alert.message, JSON.stringify(alert.detail ?? {}), dedupKey];
  const rows = sql ? await sql.query<{ id: string; inserted: boolean }>(text, values) : (await pool().query<{ id: string; inserted: boolean }>(text, values)).rows;
  const row = rows[0]!;
  log.warn("alert", { kind: alert.kind, severity: alert.severity, subject: alert.subject, message: alert.message, opened: row.inserted });
  return { id: row.id, opened: row.inserted };
}
