import type { AlertSeverity } from "../alerts/alert-kinds";
import type { AlertChannelKind } from "./alert-channel-kinds";

/** A channel as anyone may see it: the destination's host, never its URL, password or signing secret. */
export type AlertChannelSummary = {
  id: string;
  name: string;
  kind: AlertChannelKind;
  /** The destination's host (and port): the rest of the URL is a secret. */
  destination: string;
  minSeverity: AlertSeverity;
  enabled: boolean;
  /** E-mail channels. */
  emailFrom: string | null;
  emailTo: string[];
  /** Webhook channels: the fingerprint of the signing secret (the secret itself was shown once). */
  signingSecretFingerprint: string | null;
  createdAt: string;
  updatedAt: string;
};

export type AlertChannelRow = {
  id: string;
  name: string;
  kind: string;
  targetHost: string;
  minSeverity: string;
  enabled: boolean;
  emailFrom: string | null;
  emailTo: string[];
  signingSecretFingerprint: string | null;
  createdAt: Date;
  updatedAt: Date;
};

export function alertChannelSummary(row: AlertChannelRow): AlertChannelSummary {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as AlertChannelKind,
    destination: row.targetHost,
    minSeverity: row.minSeverity as AlertSeverity,
    enabled: row.enabled,
    emailFrom: row.emailFrom,
    emailTo: row.emailTo,
    signingSecretFingerprint: row.signingSecretFingerprint,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The columns alertChannelSummary reads (a Prisma select): never the ciphertexts. */
export const SUMMARY_SELECT = {
  id: true,
  name: true,
  kind: true,
  targetHost: true,
  minSeverity: true,
  enabled: true,
  emailFrom: true,
  emailTo: true,
  signingSecretFingerprint: true,
  createdAt: true,
  updatedAt: true,
} as const;

/** What the audit log keeps of a channel: its settings, the destination's host, the secret's fingerprint. */
export function auditedChannel(summary: AlertChannelSummary) {
  return {
    name: summary.name,
    kind: summary.kind,
    destination: summary.destination,
    minSeverity: summary.minSeverity,
    enabled: summary.enabled,
    ...(summary.kind === "email" ? { emailFrom: summary.emailFrom, emailTo: summary.emailTo } : {}),
    ...(summary.signingSecretFingerprint ? { signingSecret: summary.signingSecretFingerprint } : {}),
  };
}
