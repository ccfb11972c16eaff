import { pool } from "../db";
import { env } from "../env";
import { log } from "../log";
import { dueBy } from "./delivery-policy";
import { fanOutNotifications } from "./fan-out-notifications";
import { sendDueDeliveries, type ChannelRound } from "./send-due-deliveries";

export type DispatchResult = { fannedOut: number; rounds: ChannelRound[] };

/**
 * One tick of alert dispatch: the outbox's new notifications become deliveries (fan-out, with
 * the flap rule), then every enabled channel with something due gets its round, all channels at
 * once, so a slow or failing one never holds back the others. Delivery is at least once: a
 * process that dies between a destination's answer and recording it sends that message again
 * (each webhook entry carries a stable `notification` id for receivers that deduplicate).
 */
export async function dispatchAlerts(now = new Date()): Promise<DispatchResult> {
  const config = env();
  const fannedOut = await fanOutNotifications(config.HOOKWARDEN_ALERT_FLAP_MINUTES * 60_000);
  const due = await pool().query<{ channel_id: string }>(
    `SELECT DISTINCT d.channel_id::text FROM alert_delivery d JOIN alert_channel c ON c.id = d.channel_id
      WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND c.enabled`,
    [dueBy(now)],
  );
  const settled = await Promise.allSettled(due.rows.map((row) => sendDueDeliveries(row.channel_id, now, config.HOOKWARDEN_ALERT_RATE_PER_MINUTE)));
  const rounds: ChannelRound[] = [];
  for (const [index, outcome] of settled.entries()) {
    if (outcome.status === "fulfilled") rounds.push(outcome.value);
    else log.warn("an alert channel's round failed", { channel: due.rows[index]!.channel_id, error: outcome.reason });
  }
  return { fannedOut, rounds };
}
