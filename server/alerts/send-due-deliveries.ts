import { OPEN_SELECT, openAlertChannel } from "../alert-channels/open-alert-channel";
import type { AlertChange, AlertMessageItem } from "../alert-channels/render-alert-message";
import { sendRecordedMessage } from "../alert-channels/send-recorded-message";
import { pool, prisma } from "../db";
import type { AlertSeverity } from "./alert-kinds";
import { DIGEST_MAX_ITEMS, dueBy, MAX_DELIVERY_ATTEMPTS, RATE_WINDOW_MS, retryDelayMs } from "./delivery-policy";

/** A dispatcher holds a channel this long at most (a round sends at most HOOKWARDEN_ALERT_RATE_PER_MINUTE messages of 10 s each). */
const LEASE_SECONDS = 300;
const DUE_BATCH = 500;

export type ChannelRound = { channelId: string; messages: number; digests: number; delivered: number; failedMessages: number; waiting: boolean };

type DueRow = {
  id: string;
  notification_id: string;
  alert_id: string;
  transition: "opened" | "resolved";
  severity: AlertSeverity;
  noted_at: Date;
  incident_started_at: Date;
  kind: string;
  subject: string | null;
  message: string;
  ledger_event_id: string | null;
};

/** One alert in a message, and the deliveries it settles (a resolved one may carry its own opening, still unsent). */
type Unit = { item: AlertMessageItem; deliveryIds: string[] };

/**
 * One round for one channel: what is due, within its rate limit. The channel is leased first,
 * so no two dispatchers send to it at once and the limit holds across instances. With B
 * messages left in the last minute's budget and more than B alerts due, the first B−1 go alone
 * and the rest as one digest: nothing is dropped. A failed message ends the round: everything
 * the round had due waits for the retry (30 s, doubled each time, at most 30 min; after 10
 * attempts a delivery is `failed`). Times come from `now`, so tests can move the clock.
 */
export async function sendDueDeliveries(channelId: string, now: Date, ratePerMinute: number): Promise<ChannelRound> {
  const round: ChannelRound = { channelId, messages: 0, digests: 0, delivered: 0, failedMessages: 0, waiting: false };
  const leased = await pool().query(
    `UPDATE alert_channel SET dispatch_lease_until = now() + make_interval(secs => $2)
      WHERE id = $1::uuid AND enabled AND (dispatch_lease_until IS NULL OR dispatch_lease_until < now()) RETURNING id`,
    [channelId, LEASE_SECONDS],
  );
  if (leased.rowCount === 0) return round;
  try {
    const window = await pool().query<{ sent: number }>(`SELECT count(*)::int AS sent FROM alert_message WHERE channel_id = $1::uuid AND kind <> 'test' AND at > $2 AND at <= $3`, [
      channelId,
      new Date(now.getTime() - RATE_WINDOW_MS),
      now,
    ]);
    const budget = ratePerMinute - window.rows[0]!.sent;
    const units = await dueUnits(channelId, now);
    if (units.length === 0) return round;
    if (budget <= 0) {
      round.waiting = true;
      return round;
    }
    const channel = openAlertChannel(await prisma().alertChannel.findUniqueOrThrow({ where: { id: channelId }, select: OPEN_SELECT }));
    const messages: { type: "alert" | "digest"; units: Unit[] }[] =
      units.length <= budget
        ? units.map((unit) => ({ type: "alert" as const, units: [unit] }))
        : [...units.slice(0, budget - 1).map((unit) => ({ type: "alert" as const, units: [unit] })), { type: "digest" as const, units: units.slice(budget - 1, budget - 1 + DIGEST_MAX_ITEMS) }];

    for (const [index, message] of messages.entries()) {
      const ids = message.units.flatMap((unit) => unit.deliveryIds);
      const result = await sendRecordedMessage(
        channel,
        { type: message.type, items: message.units.map((unit) => unit.item), ...(message.type === "digest" ? { ratePerMinute } : {}) },
        now,
      );
      round.messages += 1;
      if (message.type === "digest") round.digests += 1;
      if (result.delivered) {
        round.delivered += ids.length;
        await pool().query(
          `UPDATE alert_delivery SET status = 'delivered', delivered_at = $2, attempts = attempts + 1, last_error = NULL, message_id = $3::bigint WHERE id = ANY($1::bigint[])`,
          [ids, now, result.messageId],
        );
        continue;
      }
      round.failedMessages += 1;
      const untried = messages.slice(index + 1).flatMap((later) => later.units.flatMap((unit) => unit.deliveryIds));
      await failDeliveries(ids, result.error ?? "not delivered", result.messageId, now);
      await failDeliveries(untried, `not tried: an earlier message to this channel failed in the same round (${result.error ?? "not delivered"})`, null, now);
      break;
    }
    return round;
  } finally {
    await pool().query(`UPDATE alert_channel SET dispatch_lease_until = NULL WHERE id = $1::uuid`, [channelId]);
  }
}

/** One more failed attempt each: retried after the backoff, or given up after the last attempt. */
async function failDeliveries(ids: string[], error: string, messageId: string | null, now: Date): Promise<void> {
  if (ids.length === 0) return;
  const rows = await pool().query<{ id: string; attempts: number }>(`SELECT id::text, attempts FROM alert_delivery WHERE id = ANY($1::bigint[]) AND status = 'pending'`, [ids]);
  for (const row of rows.rows) {
    const attempts = row.attempts + 1;
    const givenUp = attempts >= MAX_DELIVERY_ATTEMPTS;
    await pool().query(
      `UPDATE alert_delivery SET attempts = $2, status = $3, next_attempt_at = $4, last_error = $5, message_id = coalesce($6::bigint, message_id) WHERE id = $1::bigint AND status = 'pending'`,
      [row.id, attempts, givenUp ? "failed" : "pending", new Date(now.getTime() + retryDelayMs(attempts)), givenUp ? `gave up after ${attempts} attempts: ${error}` : error, messageId],
    );
  }
}

/**
 * The channel's due deliveries, oldest first, as message units. A `resolved` whose `opened`
 * this channel never received becomes one "opened and resolved" unit: carrying the opening
 * along when it is still pending, and saying so when it was given up.
 */
async function dueUnits(channelId: string, now: Date): Promise<Unit[]> {
  const { rows } = await pool().query<DueRow>(
    `SELECT d.id::text, d.notification_id::text, n.alert_id::text, n.transition, n.severity, n.created_at AS noted_at, d.incident_started_at,
            a.kind, a.subject, a.message, a.detail->>'ledgerEventId' AS ledger_event_id
       FROM alert_delivery d JOIN alert_notification n ON n.id = d.notification_id JOIN alert a ON a.id = n.alert_id
      WHERE d.channel_id = $1::uuid AND d.status = 'pending' AND d.next_attempt_at <= $2
      ORDER BY d.id LIMIT ${DUE_BATCH}`,
    [channelId, dueBy(now)],
  );
  const resolvedAlerts = rows.filter((row) => row.transition === "resolved").map((row) => row.alert_id);
  const openings = new Map<string, { id: string; status: string }>();
  if (resolvedAlerts.length > 0) {
    const found = await pool().query<{ alert_id: string; id: string; status: string }>(
      `SELECT n.alert_id::text, d.id::text, d.status FROM alert_delivery d JOIN alert_notification n ON n.id = d.notification_id
        WHERE d.channel_id = $1::uuid AND n.transition = 'opened' AND n.alert_id = ANY($2::bigint[])`,
      [channelId, resolvedAlerts],
    );
    for (const row of found.rows) openings.set(row.alert_id, row);
  }
  const carried = new Set(resolvedAlerts.filter((alertId) => openings.get(alertId)?.status === "pending"));
  const units: Unit[] = [];
  for (const row of rows) {
    if (row.transition === "opened" && carried.has(row.alert_id)) continue;
    const opening = openings.get(row.alert_id);
    const unannounced = row.transition === "resolved" && (opening?.status === "pending" || opening?.status === "failed");
    const change: AlertChange = row.transition === "opened" ? "opened" : unannounced ? "opened_and_resolved" : "resolved";
    units.push({
      item: {
        notificationId: row.notification_id,
        alertId: row.alert_id,
        change,
        kind: row.kind,
        severity: row.severity,
        subject: row.subject,
        message: row.message,
        startedAt: row.incident_started_at,
        endedAt: row.transition === "resolved" ? row.noted_at : null,
        ledgerEventId: row.ledger_event_id,
      },
      deliveryIds: row.transition === "resolved" && opening?.status === "pending" ? [row.id, opening.id] : [row.id],
    });
  }
  return units;
}
