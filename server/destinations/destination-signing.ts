import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";

/** A new destination signing secret in the Standard Webhooks form: `whsec_` and 32 random bytes in base64. */
export function newDestinationSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

export type SignedHeaders = { "webhook-id": string; "webhook-timestamp": string; "webhook-signature": string };

/**
 * The Standard Webhooks headers for one message (https://www.standardwebhooks.com): the id
 * stays the same on every attempt, so the receiver can deduplicate; during a rotation the
 * message carries one `v1,` signature per secret, separated by spaces, and a receiver that
 * knows either secret verifies it.
 */
export function signDestinationMessage(messageId: string, at: Date, body: string, secrets: readonly string[]): SignedHeaders {
  const signatures = secrets.map((secret) => new Webhook(secret).sign(messageId, at, body));
  return { "webhook-id": messageId, "webhook-timestamp": String(Math.floor(at.getTime() / 1000)), "webhook-signature": signatures.join(" ") };
}
