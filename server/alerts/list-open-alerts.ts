import { pool } from "../db";
import type { AlertKind, AlertSeverity } from "./alert-kinds";

export type OpenAlert = {
  id: string;
  kind: AlertKind;
  severity: AlertSeverity;
  subject: string | null;
  message: string;
  at: string;
  /** The ledger event an alert is about (an event that died), to open its page. */
  ledgerEventId: string | null;
};

/**
 * The newest open alerts (not resolved), newest first: the overview's list. One statement
 * through the alert time index; an alert that repeats is one row (recordAlert refreshes it).
 */
export async function listOpenAlerts(options: { limit?: number } = {}): Promise<OpenAlert[]> {
  const limit = Math.min(Math.max(options.limit ?? 5, 1), 50);
  const rows = await pool().query<{ id: string; kind: AlertKind; severity: AlertSeverity; subject: string | null; message: string; at: Date; ledger_event_id: string | null }>(
    `SELECT id::text, kind, severity, subject, message, at, detail->>'ledgerEventId' AS ledger_event_id FROM alert WHERE resolved_at IS NULL ORDER BY at DESC, id DESC LIMIT $1`,
    [limit],
  );
  return rows.rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    severity: row.severity,
    subject: row.subject,
    message: row.message,
    at: row.at.toISOString(),
    ledgerEventId: row.ledger_event_id,
  }));
}
