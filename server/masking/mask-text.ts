/**
 * The string scrubbers shared by payload masking and the logger: what is never shown
 * or logged, wherever it turns up in a string (a description, a metadata value, an
 * error message). Stripe secrets and API keys go whole, prefix included, so not even
 * the fact that a `whsec_`, `sk_live_` or `rk_live_` was there survives.
 */
export const MASK = "••••";

/** Stripe signing secrets and secret or restricted keys, Hookwarden's API keys and alert-webhook signing secrets, bearer tokens. */
export const SECRET_PATTERN = /(?:whsec|sk_live|sk_test|rk_live|rk_test|hwk|hwsec)_[A-Za-z0-9_]*|\bBearer\s+[A-Za-z0-9._~+/=-]+/gi;
export const EMAIL_PATTERN = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
/** 13 to 19 digits, optionally grouped by spaces or dashes: what a card number looks like. */
export const CARD_LIKE_PATTERN = /\b(?:\d[ -]?){12,18}\d\b/g;

/** Replaces every secret, e-mail address and card-like number in `text` with `mask`. */
export function maskText(text: string, mask: string = MASK): string {
  return text.replace(SECRET_PATTERN, mask).replace(EMAIL_PATTERN, mask).replace(CARD_LIKE_PATTERN, mask);
}
