import type { AuditContext } from "../audit/audit-actor";
import { recordAudit } from "../audit/record-audit";
import { fingerprint } from "../crypto/cipher";
import { openAtRest, sealAtRest } from "../crypto/keys";
import { prisma } from "../db";
import { AppError, invalidInput, isUniqueViolation } from "../errors";
import type { Prisma } from "../../generated/prisma/client";
import { UpdateAlertChannelSchema, type UpdateAlertChannel } from "./alert-channel-input";
import { alertChannelSummary, auditedChannel, SUMMARY_SELECT, type AlertChannelSummary } from "./alert-channel-summary";
import { destinationHost } from "./channel-destination";
import { findAlertChannelOrThrow } from "./find-alert-channel-or-throw";
import { newWebhookSigningSecret } from "./webhook-signing-secret";

/** Fields that belong to one kind of channel only. */
const ONLY_FOR: Record<string, { kinds: string[]; says: string }> = {
  url: { kinds: ["slack", "webhook"], says: "only Slack and webhook channels have a url (an e-mail channel has smtpUrl)" },
  smtpUrl: { kinds: ["email"], says: "only e-mail channels have an smtpUrl" },
  from: { kinds: ["email"], says: "only e-mail channels have a sender" },
  to: { kinds: ["email"], says: "only e-mail channels have recipients" },
  rotateSigningSecret: { kinds: ["webhook"], says: "only webhook channels have a signing secret" },
};

/**
 * Changes a channel: name, minimum severity, enabled, destination, recipients, or a new
 * signing secret (webhook; returned once, the old one stops at once). The kind never
 * changes. Disabling a channel cancels what it still had to send, so that enabling it later
 * does not deliver a backlog of stale alerts. Audited with before and after (hosts and
 * fingerprints only); a change that changes nothing records nothing.
 */
export async function updateAlertChannel(input: UpdateAlertChannel | unknown, context: AuditContext): Promise<AlertChannelSummary & { changed: boolean; signingSecret?: string }> {
  const parsed = UpdateAlertChannelSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const change = parsed.data;
  try {
    return await prisma().$transaction(async (tx) => {
      const { id } = await findAlertChannelOrThrow(change.id, { id: true }, tx);
      await tx.$executeRaw`SELECT 1 FROM alert_channel WHERE id = ${id}::uuid FOR UPDATE`;
      const current = await findAlertChannelOrThrow(id, { ...SUMMARY_SELECT, targetCiphertext: true }, tx);
      const wrong: Record<string, string> = {};
      for (const [field, rule] of Object.entries(ONLY_FOR)) {
        if (change[field as keyof typeof change] !== undefined && !rule.kinds.includes(current.kind)) wrong[field] = rule.says;
      }
      if (Object.keys(wrong).length > 0) throw new AppError("invalid_request", Object.entries(wrong).map(([field, says]) => `${field}: ${says}`).join("; "), { fields: wrong });

      const data: Prisma.AlertChannelUpdateInput = {};
      if (change.name !== undefined && change.name !== current.name) data.name = change.name;
      if (change.minSeverity !== undefined && change.minSeverity !== current.minSeverity) data.minSeverity = change.minSeverity;
      if (change.enabled !== undefined && change.enabled !== current.enabled) data.enabled = change.enabled;
      if (change.from !== undefined && change.from !== current.emailFrom) data.emailFrom = change.from;
      if (change.to !== undefined && JSON.stringify(change.to) !== JSON.stringify(current.emailTo)) data.emailTo = change.to;
      const destination = change.url ?? change.smtpUrl;
      const destinationReplaced = destination !== undefined && destination !== openAtRest(current.targetCiphertext).toString("utf8");
      if (destinationReplaced) {
        data.targetCiphertext = sealAtRest(destination);
        data.targetHost = destinationHost(destination);
      }
      const signingSecret = change.rotateSigningSecret ? newWebhookSigningSecret() : null;
      if (signingSecret) {
        data.signingSecretCiphertext = sealAtRest(signingSecret);
        data.signingSecretFingerprint = fingerprint(signingSecret);
      }

      const before = alertChannelSummary(current);
      if (Object.keys(data).length === 0) return { ...before, changed: false };
      const row = await tx.alertChannel.update({ where: { id }, data, select: SUMMARY_SELECT });
      if (data.enabled === false) {
        await tx.$executeRaw`UPDATE alert_delivery SET status = 'cancelled', last_error = 'the channel was disabled before this was sent' WHERE channel_id = ${id}::uuid AND status = 'pending'`;
      }
      const after = alertChannelSummary(row);
      await recordAudit(tx, {
        ...context,
        action: "alert_channels.update",
        subject: `alert_channel:${id}`,
        before: auditedChannel(before),
        after: { ...auditedChannel(after), ...(destinationReplaced ? { destinationReplaced: true } : {}) },
      });
      return signingSecret ? { ...after, changed: true, signingSecret } : { ...after, changed: true };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("conflict", `An alert channel named "${change.name}" exists already: choose another name.`, { fields: { name: "this name is taken" } });
    throw error;
  }
}
