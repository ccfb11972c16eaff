/** What a signing secret row's `status` holds: `active` verifies until its expiry (if it has one); `retired` never verifies again. */
export const SECRET_STATUSES = ["active", "retired"] as const;
export type SecretStatus = (typeof SECRET_STATUSES)[number];

/** What a person needs to know about a secret right now: `expiring` still verifies, `expired` no longer does. */
export type SecretState = "active" | "expiring" | "expired" | "retired";

export function secretState(secret: { status: string; expiresAt: Date | null }, now: Date = new Date()): SecretState {
  if (secret.status === "retired") return "retired";
  if (secret.expiresAt === null) return "active";
  return secret.expiresAt.getTime() > now.getTime() ? "expiring" : "expired";
}
