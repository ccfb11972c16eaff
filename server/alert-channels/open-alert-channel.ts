import { openAtRest } from "../crypto/keys";
import type { AlertChannelKind } from "./alert-channel-kinds";

/** A channel with its destination (and signing secret) decrypted: only for sending, never returned or logged. */
export type OpenedAlertChannel = {
  id: string;
  name: string;
  kind: AlertChannelKind;
  /** The Slack or webhook URL, or the SMTP URL with its credentials. */
  destination: string;
  signingSecret: string | null;
  emailFrom: string | null;
  emailTo: string[];
};

export const OPEN_SELECT = { id: true, name: true, kind: true, targetCiphertext: true, signingSecretCiphertext: true, emailFrom: true, emailTo: true } as const;

type SealedChannel = { id: string; name: string; kind: string; targetCiphertext: Uint8Array; signingSecretCiphertext: Uint8Array | null; emailFrom: string | null; emailTo: string[] };

/** Decrypts what sending needs, in this process's memory only. */
export function openAlertChannel(row: SealedChannel): OpenedAlertChannel {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as AlertChannelKind,
    destination: openAtRest(row.targetCiphertext).toString("utf8"),
    signingSecret: row.signingSecretCiphertext ? openAtRest(row.signingSecretCiphertext).toString("utf8") : null,
    emailFrom: row.emailFrom,
    emailTo: row.emailTo,
  };
}
