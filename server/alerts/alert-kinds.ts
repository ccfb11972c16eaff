/** What Hookwarden raises alerts about; the alerting issue sends them out, until then they are recorded and shown. */
export const ALERT_KINDS = {
  event_dead: "An event could not be processed, even with its state fetched from Stripe.",
  horizon_near: "Events not yet reconciled will soon be older than Stripe's 30-day events window.",
  reconciliation_failed: "A scheduled reconciliation run failed.",
  secret_provider_unreachable: "A secret provider (Vault, AWS Secrets Manager, the environment) could not be read: the last value read is still used, and a secret never read is unavailable.",
} as const;
export type AlertKind = keyof typeof ALERT_KINDS;

export const ALERT_SEVERITIES = ["warning", "critical"] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];
