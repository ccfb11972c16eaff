import type { AuditContext } from "../audit/audit-actor";
import { recordAudit } from "../audit/record-audit";
import { prisma } from "../db";
import { invalidInput } from "../errors";
import { DeleteAlertChannelSchema, type DeleteAlertChannel } from "./alert-channel-input";
import { alertChannelSummary, auditedChannel, SUMMARY_SELECT, type AlertChannelSummary } from "./alert-channel-summary";
import { findAlertChannelOrThrow } from "./find-alert-channel-or-throw";

/**
 * Deletes a channel, with a reason: its encrypted destination and secret, what it still had to
 * send and its delivery history go with it. The audit entry (its settings and the reason) stays.
 */
export async function deleteAlertChannel(input: DeleteAlertChannel | unknown, context: AuditContext): Promise<AlertChannelSummary & { deleted: true }> {
  const parsed = DeleteAlertChannelSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  return prisma().$transaction(async (tx) => {
    const row = await findAlertChannelOrThrow(parsed.data.id, SUMMARY_SELECT, tx);
    await tx.alertChannel.delete({ where: { id: row.id } });
    const summary = alertChannelSummary(row);
    await recordAudit(tx, { ...context, action: "alert_channels.delete", subject: `alert_channel:${row.id}`, before: auditedChannel(summary), detail: parsed.data.reason });
    return { ...summary, deleted: true };
  });
}
