/** Requests per second we allow ourselves against Stripe's read limits (about 100 live, 25 test), leaving room for the business's own calls. */
export const DEFAULT_READ_RATE = { live: 90, test: 25 } as const;

/** Live keys (`sk_live_`, `rk_live_`) get the live allowance; everything else the test one. HOOKWARDEN_STRIPE_READ_RATE overrides both. */
export function readRateFor(apiKey: string, override: number): number {
  if (override > 0) return override;
  return /^(sk|rk)_live_/.test(apiKey) ? DEFAULT_READ_RATE.live : DEFAULT_READ_RATE.test;
}
