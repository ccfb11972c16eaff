/**
 * An endpoint's source-address policy: `off` (addresses are not looked at), `monitor` (deliveries
 * from outside Stripe's webhook addresses are processed and flagged; the default), `enforce`
 * (refused with 403 before any signature work).
 */
export const SOURCE_POLICIES = ["off", "monitor", "enforce"] as const;
export type SourcePolicy = (typeof SOURCE_POLICIES)[number];

export function asSourcePolicy(value: string): SourcePolicy {
  return (SOURCE_POLICIES as readonly string[]).includes(value) ? (value as SourcePolicy) : "monitor";
}
