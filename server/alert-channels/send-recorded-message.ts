import { pool } from "../db";
import { log } from "../log";
import type { OpenedAlertChannel } from "./open-alert-channel";
import type { AlertMessageItem } from "./render-alert-message";
import { AlertSendError, sendAlertMessage } from "./send-alert-message";

export type SentMessage = { messageId: string; delivered: boolean; error: string | null; durationMs: number };

/**
 * Sends one message to a channel and records it in alert_message (what the rate limit counts
 * and the console lists). The row is written before the attempt as `sending`, so a process
 * that dies mid-send leaves a trace, and its id is the message's id (Hookwarden-Message-Id).
 * Never throws for a destination's failure: it is the outcome.
 */
export async function sendRecordedMessage(
  channel: OpenedAlertChannel,
  draft: { type: "alert" | "digest" | "test"; items: AlertMessageItem[]; ratePerMinute?: number },
  at: Date,
): Promise<SentMessage> {
  const inserted = await pool().query<{ id: string }>(
    `INSERT INTO alert_message (channel_id, at, kind, items, outcome, duration_ms) VALUES ($1::uuid, $2, $3, $4, 'sending', 0) RETURNING id::text`,
    [channel.id, at, draft.type, draft.items.length],
  );
  const messageId = inserted.rows[0]!.id;
  const started = performance.now();
  let error: string | null = null;
  try {
    await sendAlertMessage(channel, { ...draft, id: messageId, channel: channel.name, sentAt: at });
  } catch (failure) {
    if (failure instanceof AlertSendError) {
      error = failure.message;
    } else {
      log.error("an alert message could not be prepared", { channel: channel.id, error: failure });
      error = "Hookwarden could not prepare the message (see the server log)";
    }
  }
  const durationMs = Math.round(performance.now() - started);
  if (error) log.warn("alert message not delivered", { channel: channel.name, kind: channel.kind, message: messageId, type: draft.type, problem: error });
  await pool().query(`UPDATE alert_message SET outcome = $2, error = $3, duration_ms = $4 WHERE id = $1::bigint`, [messageId, error ? "failed" : "delivered", error, durationMs]);
  return { messageId, delivered: error === null, error, durationMs };
}
