import { createHmac } from "node:crypto";

/** The header every webhook channel message carries: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, as Stripe signs. */
export const SIGNATURE_HEADER = "Hookwarden-Signature";

/**
 * The Hookwarden-Signature value of a message body: the receiver recomputes the HMAC with the
 * secret it was shown, compares in constant time, and refuses a `t` too far from its clock
 * (README, "Alert channels").
 */
export function webhookSignatureHeader(body: string, secret: string, timestamp: number): string {
  const v1 = createHmac("sha256", secret).update(`${timestamp}.${body}`, "utf8").digest("hex");
  return `t=${timestamp},v1=${v1}`;
}
