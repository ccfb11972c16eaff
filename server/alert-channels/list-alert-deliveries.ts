import { pool } from "../db";
import type { AlertSeverity } from "../alerts/alert-kinds";

export type AlertDeliveryView = {
  id: string;
  channelId: string;
  channel: string;
  /** `opened` or `resolved`. */
  transition: "opened" | "resolved";
  alertKind: string;
  severity: AlertSeverity;
  subject: string | null;
  status: "pending" | "delivered" | "failed" | "suppressed" | "cancelled";
  attempts: number;
  createdAt: string;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  lastError: string | null;
  /** How the last attempt went out: alone (`alert`) or merged into a `digest`. */
  sentAs: "alert" | "digest" | null;
};

/** The newest deliveries, newest first (one channel's, or every channel's): what was sent where, and what is still to send or failed. */
export async function listAlertDeliveries(options: { channelId?: string; limit?: number } = {}): Promise<AlertDeliveryView[]> {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
  const { rows } = await pool().query<{
    id: string; channel_id: string; channel: string; transition: "opened" | "resolved"; kind: string; severity: AlertSeverity; subject: string | null;
    status: AlertDeliveryView["status"]; attempts: number; created_at: Date; next_attempt_at: Date; delivered_at: Date | null; last_error: string | null; sent_as: "alert" | "digest" | null;
  }>(
    `SELECT d.id::text, d.channel_id::text, c.name AS channel, n.transition, a.kind, n.severity, a.subject, d.status, d.attempts, d.created_at,
            d.next_attempt_at, d.delivered_at, d.last_error, m.kind AS sent_as
       FROM alert_delivery d
       JOIN alert_channel c ON c.id = d.channel_id
       JOIN alert_notification n ON n.id = d.notification_id
       JOIN alert a ON a.id = n.alert_id
       LEFT JOIN alert_message m ON m.id = d.message_id
      WHERE ($1::uuid IS NULL OR d.channel_id = $1::uuid)
      ORDER BY d.created_at DESC, d.id DESC LIMIT $2`,
    [options.channelId ?? null, limit],
  );
  return rows.map((row) => ({
    id: row.id,
    channelId: row.channel_id,
    channel: row.channel,
    transition: row.transition,
    alertKind: row.kind,
    severity: row.severity,
    subject: row.subject,
    status: row.status,
    attempts: row.attempts,
    createdAt: row.created_at.toISOString(),
    nextAttemptAt: row.status === "pending" ? row.next_attempt_at.toISOString() : null,
    deliveredAt: row.delivered_at?.toISOString() ?? null,
    lastError: row.last_error,
    sentAs: row.sent_as === "alert" || row.sent_as === "digest" ? row.sent_as : null,
  }));
}
