/**
 * The addresses Stripe sends webhooks from, as Hookwarden ships them: the first content of the
 * `stripe_source_address` table. Admins refresh the table from Stripe's published JSON or edit it
 * (server/gatekeeper/sources/); this copy is only where a new installation starts.
 */
export const STRIPE_WEBHOOK_ADDRESSES_SOURCE = {
  page: "https://docs.stripe.com/ips#webhook-notifications",
  json: "https://stripe.com/files/ips/ips_webhooks.json",
  /** The date of the published list this copy was taken from. Stripe announces changes 7 days ahead on api-announce. */
  asOf: "2026-09-16",
} as const;

export const STRIPE_WEBHOOK_ADDRESSES: readonly string[] = [
  "3.18.12.63",
  "3.69.109.8",
  "3.120.168.93",
  "3.130.192.231",
  "13.235.14.237",
  "13.235.122.149",
  "18.211.135.69",
  "35.154.171.200",
  "35.157.207.129",
  "52.15.183.38",
  "54.88.130.119",
  "54.88.130.237",
  "54.187.174.169",
  "54.187.205.235",
  "54.187.216.72",
];
