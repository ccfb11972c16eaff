import type { AuditContext } from "../audit/audit-actor";
import { recordAudit } from "../audit/record-audit";
import { withTransaction } from "../db";
import { invalidInput } from "../errors";
import { TestAlertChannelSchema } from "./alert-channel-input";
import { findAlertChannelOrThrow } from "./find-alert-channel-or-throw";
import { OPEN_SELECT, openAlertChannel } from "./open-alert-channel";
import { sendRecordedMessage } from "./send-recorded-message";

export type AlertChannelTest = { channel: string; delivered: boolean; error: string | null; durationMs: number; messageId: string };

/**
 * Sends a clearly marked test message to a channel now (enabled or not: a channel can be
 * checked before it is turned on) and says whether the destination accepted it, or why not.
 * A test is neither rate limited nor counted against the channel's limit. Audited, with the outcome.
 */
export async function testAlertChannel(input: { id: string } | unknown, context: AuditContext): Promise<AlertChannelTest> {
  const parsed = TestAlertChannelSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const channel = openAlertChannel(await findAlertChannelOrThrow(parsed.data.id, OPEN_SELECT));
  const sent = await sendRecordedMessage(channel, { type: "test", items: [] }, new Date());
  await withTransaction((sql) =>
    recordAudit(sql, {
      ...context,
      action: "alert_channels.test",
      subject: `alert_channel:${channel.id}`,
      after: { name: channel.name, delivered: sent.delivered, ...(sent.error ? { error: sent.error } : {}) },
    }),
  );
  return { channel: channel.name, ...sent };
}

