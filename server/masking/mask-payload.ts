/**
 * What a viewer may see of a Stripe payload: every field that identifies a person
 * (names, e-mail addresses, phone numbers, postal addresses, IP addresses, card
 * fingerprints and last digits) becomes "••••", and e-mail addresses or card-like
 * numbers anywhere else are masked too. Ids, amounts, statuses and metadata keys
 * stay, so the payload still explains the event. Masking happens on the server:
 * the unmasked value never reaches a viewer's browser.
 */
export const MASK = "••••";

const PII_KEY = /^(e-?mail|.*_email|name|.*_name|phone|.*_phone|address|line1|line2|city|postal_code|zip|state|shipping|billing_details|customer_details|ip|ip_address|client_ip|last4|dynamic_last4|fingerprint|exp_month|exp_year|tax_id|tax_ids|iin|description)$/i;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const CARD_LIKE = /\b(?:\d[ -]?){13,19}\b/g;

export function maskPayload(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return value.replace(EMAIL, MASK).replace(CARD_LIKE, MASK);
  if (value === null || typeof value !== "object" || depth > 32) return value;
  if (Array.isArray(value)) return value.map((item) => maskPayload(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = PII_KEY.test(key) && item !== null && item !== "" ? maskLeaf(item) : maskPayload(item, depth + 1);
  }
  return out;
}

/** A PII field keeps its shape (an object stays an object) but none of its values. */
function maskLeaf(value: unknown): unknown {
  if (value === null || typeof value !== "object") return MASK;
  if (Array.isArray(value)) return value.map(maskLeaf);
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, item === null ? null : maskLeaf(item)]));
}
