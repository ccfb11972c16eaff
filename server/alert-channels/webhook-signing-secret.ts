import { randomBytes } from "node:crypto";

/** A new webhook channel's signing secret: `hwsec_` and 64 hex characters (the whole string is the HMAC key). */
export function newWebhookSigningSecret(): string {
  return `hwsec_${randomBytes(32).toString("hex")}`;
}
