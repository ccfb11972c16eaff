import { withTransaction } from "../db";
import { severityReaches } from "./delivery-policy";

/** Serialises fan-out across instances (advisory lock key "hkwn"): notifications are fanned out in order, once. */
const FAN_OUT_LOCK = 0x686b776e;
const BATCH = 500;

/** Why a delivery was not sent: the problem came back inside the flap window, so it never ended for the channel. */
export const FLAP_SUPPRESSED = "not sent: the problem came back within the flap window (HOOKWARDEN_ALERT_FLAP_MINUTES), so for this channel it goes on";

/**
 * Turns the outbox's notifications into one delivery per channel, in the order they were
 * written, once (an advisory lock keeps a second instance out; it tries again at its next tick):
 * - `opened` goes to every enabled channel whose minimum severity it reaches (the severity it opened with);
 * - `resolved` goes to the channels that had its `opened` (whatever came of it), still enabled,
 *   and is held for the flap window: it is sent only once the problem has stayed over that long;
 * - the flap rule: an `opened` of the same kind and subject arriving while a channel still holds
 *   that `resolved` cancels both (`suppressed`). For the channel the problem never ended, and
 *   the later `resolved` names the first start. So a flapping check costs one message when it
 *   starts and one when it has really stopped.
 * Returns how many notifications it fanned out.
 */
export async function fanOutNotifications(flapMs: number): Promise<number> {
  return withTransaction(async (sql) => {
    const [lock] = await sql.query<{ locked: boolean }>(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [FAN_OUT_LOCK]);
    if (!lock!.locked) return 0;
    const notifications = await sql.query<{ id: string; alert_id: string; transition: "opened" | "resolved"; severity: string; created_at: Date; dedup_key: string }>(
      `SELECT n.id::text, n.alert_id::text, n.transition, n.severity, n.created_at, a.dedup_key
         FROM alert_notification n JOIN alert a ON a.id = n.alert_id
        WHERE n.fanned_out_at IS NULL ORDER BY n.id LIMIT ${BATCH}`,
    );
    if (notifications.length === 0) return 0;
    // FOR SHARE: a channel being disabled meanwhile waits for this fan-out, then cancels what it was just given.
    const channels = await sql.query<{ id: string; min_severity: string }>(`SELECT id::text, min_severity FROM alert_channel WHERE enabled ORDER BY id FOR SHARE`);
    for (const notification of notifications) {
      if (notification.transition === "opened") {
        for (const channel of channels.filter((candidate) => severityReaches(notification.severity, candidate.min_severity))) {
          const [held] = await sql.query<{ id: string; incident_started_at: Date }>(
            `SELECT d.id::text, d.incident_started_at
               FROM alert_delivery d JOIN alert_notification r ON r.id = d.notification_id JOIN alert ra ON ra.id = r.alert_id
              WHERE d.channel_id = $1::uuid AND d.status = 'pending' AND r.transition = 'resolved' AND ra.dedup_key = $2
                AND r.created_at + make_interval(secs => $3) > $4
              ORDER BY d.id DESC LIMIT 1`,
            [channel.id, notification.dedup_key, flapMs / 1000, notification.created_at],
          );
          if (held) await sql.query(`UPDATE alert_delivery SET status = 'suppressed', last_error = $2 WHERE id = $1::bigint`, [held.id, FLAP_SUPPRESSED]);
          await sql.query(
            `INSERT INTO alert_delivery (notification_id, channel_id, status, next_attempt_at, incident_started_at, last_error)
             VALUES ($1::bigint, $2::uuid, $3, $4, $5, $6) ON CONFLICT (notification_id, channel_id) DO NOTHING`,
            [notification.id, channel.id, held ? "suppressed" : "pending", notification.created_at, held?.incident_started_at ?? notification.created_at, held ? FLAP_SUPPRESSED : null],
          );
        }
      } else {
        await sql.query(
          `INSERT INTO alert_delivery (notification_id, channel_id, status, next_attempt_at, incident_started_at)
           SELECT $1::bigint, od.channel_id, 'pending', $2::timestamptz + make_interval(secs => $3), od.incident_started_at
             FROM alert_delivery od
             JOIN alert_notification o ON o.id = od.notification_id
             JOIN alert_channel c ON c.id = od.channel_id
            WHERE o.alert_id = $4::bigint AND o.transition = 'opened' AND od.status <> 'cancelled' AND c.enabled
           ON CONFLICT (notification_id, channel_id) DO NOTHING`,
          [notification.id, notification.created_at, flapMs / 1000, notification.alert_id],
        );
      }
      await sql.query(`UPDATE alert_notification SET fanned_out_at = now() WHERE id = $1::bigint`, [notification.id]);
    }
    return notifications.length;
  });
}
