import type { AuditContext } from "../audit/audit-actor";
import { recordAudit } from "../audit/record-audit";
import { fingerprint } from "../crypto/cipher";
import { sealAtRest } from "../crypto/keys";
import { prisma } from "../db";
import { AppError, invalidInput, isUniqueViolation } from "../errors";
import { CreateAlertChannelSchema, type CreateAlertChannel } from "./alert-channel-input";
import { alertChannelSummary, auditedChannel, SUMMARY_SELECT, type AlertChannelSummary } from "./alert-channel-summary";
import { destinationHost } from "./channel-destination";
import { newWebhookSigningSecret } from "./webhook-signing-secret";

/**
 * Adds an alert channel. The destination (a URL, or an SMTP URL with its password) is stored
 * encrypted and never shown again: only its host. A webhook channel gets a signing secret
 * made here, returned in this answer only (then only its fingerprint). The audit entry
 * (settings, host, fingerprint: never a URL or secret) commits with the row. Invalid input
 * or a name already taken stores nothing.
 */
export async function createAlertChannel(input: CreateAlertChannel | unknown, context: AuditContext): Promise<AlertChannelSummary & { signingSecret?: string }> {
  const parsed = CreateAlertChannelSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const channel = parsed.data;
  const destination = channel.kind === "email" ? channel.smtpUrl : channel.url;
  const signingSecret = channel.kind === "webhook" ? newWebhookSigningSecret() : null;
  try {
    return await prisma().$transaction(async (tx) => {
      const row = await tx.alertChannel.create({
        data: {
          name: channel.name,
          kind: channel.kind,
          targetCiphertext: sealAtRest(destination),
          targetHost: destinationHost(destination),
          signingSecretCiphertext: signingSecret ? sealAtRest(signingSecret) : null,
          signingSecretFingerprint: signingSecret ? fingerprint(signingSecret) : null,
          emailFrom: channel.kind === "email" ? channel.from : null,
          emailTo: channel.kind === "email" ? channel.to : [],
          minSeverity: channel.minSeverity,
          enabled: channel.enabled,
        },
        select: SUMMARY_SELECT,
      });
      const summary = alertChannelSummary(row);
      await recordAudit(tx, { ...context, action: "alert_channels.create", subject: `alert_channel:${row.id}`, after: auditedChannel(summary) });
      return signingSecret ? { ...summary, signingSecret } : summary;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("conflict", `An alert channel named "${channel.name}" exists already: choose another name.`, { fields: { name: "this name is taken" } });
    throw error;
  }
}
