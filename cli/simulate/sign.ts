import { computeStripeSignature } from "../../server/verification/verify-stripe-signature";

/** The `Stripe-Signature` header Stripe would send for this body: one `v1` per active secret. */
export function stripeSignatureHeader(body: string | Uint8Array, secrets: string | string[], timestamp = Math.floor(Date.now() / 1000)): string {
  const payload = typeof body === "string" ? Buffer.from(body, "utf8") : body;
  const v1 = (Array.isArray(secrets) ? secrets : [secrets]).map((secret) => `v1=${computeStripeSignature(payload, timestamp, secret)}`);
  return [`t=${timestamp}`, ...v1].join(",");
}
