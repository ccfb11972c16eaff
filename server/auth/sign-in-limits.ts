/**
 * The sign-in rate limit, in one place: failed password checks counted in a sliding
 * window, per account and per source address, in PostgreSQL so that every instance
 * sees the same counts. A success clears its account's count (never its address's).
 */
export const SIGN_IN_LIMITS = {
  windowSeconds: 15 * 60,
  perAccount: 5,
  perAddress: 20,
} as const;
