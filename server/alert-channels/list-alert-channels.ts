import { pool, prisma } from "../db";
import { alertChannelSummary, SUMMARY_SELECT, type AlertChannelSummary } from "./alert-channel-summary";

export type AlertChannelState = AlertChannelSummary & {
  /** Deliveries still to send (waiting for the next tick, a retry's backoff, or a flap window). */
  pending: number;
  /** Deliveries given up on in the last 7 days. */
  failed: number;
  /** The newest message sent or tried, tests included. */
  lastMessage: { at: string; type: "alert" | "digest" | "test"; outcome: "sending" | "delivered" | "failed"; error: string | null } | null;
};

/** Every channel by name, with what it has still to send, what failed lately and its last message. Never a destination or a secret. */
export async function listAlertChannels(): Promise<AlertChannelState[]> {
  const rows = await prisma().alertChannel.findMany({ select: SUMMARY_SELECT, orderBy: { name: "asc" } });
  if (rows.length === 0) return [];
  const counts = await pool().query<{ channel_id: string; pending: number; failed: number }>(
    `SELECT channel_id::text, count(*) FILTER (WHERE status = 'pending')::int AS pending,
            count(*) FILTER (WHERE status = 'failed' AND created_at > now() - interval '7 days')::int AS failed
       FROM alert_delivery WHERE status IN ('pending', 'failed') GROUP BY channel_id`,
  );
  const last = await pool().query<{ channel_id: string; at: Date; kind: "alert" | "digest" | "test"; outcome: "sending" | "delivered" | "failed"; error: string | null }>(
    `SELECT DISTINCT ON (channel_id) channel_id::text, at, kind, outcome, error FROM alert_message ORDER BY channel_id, at DESC, id DESC`,
  );
  const countsOf = new Map(counts.rows.map((row) => [row.channel_id, row]));
  const lastOf = new Map(last.rows.map((row) => [row.channel_id, row]));
  return rows.map((row) => {
    const message = lastOf.get(row.id);
    return {
      ...alertChannelSummary(row),
      pending: countsOf.get(row.id)?.pending ?? 0,
      failed: countsOf.get(row.id)?.failed ?? 0,
      lastMessage: message ? { at: message.at.toISOString(), type: message.kind, outcome: message.outcome, error: message.error } : null,
    };
  });
}
