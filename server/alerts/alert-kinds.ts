/** What Hookwarden raises alerts about: recorded, shown on the overview, and sent to the alert channels when one opens or resolves (server/alerts/dispatch-alerts.ts). */
export const ALERT_KINDS = {
  event_dead: "An event could not be processed, even with its state fetched from Stripe.",
  horizon_near: "Events not yet reconciled will soon be older than Stripe's 30-day events window.",
  reconciliation_failed: "A scheduled reconciliation run failed.",
  secret_rolled_outside: "A delivery carried a v1 signature from a secret Hookwarden does not know, beside one it knows: the signing secret was rolled in Stripe's Dashboard without Hookwarden.",
  expired_secret_in_use: "Stripe still signs deliveries with a secret that has expired or was retired in Hookwarden.",
  secret_unused: "An active signing secret has not verified a delivery for a long time, while the endpoint received deliveries verified by others.",
  rotation_due: "An endpoint's rotation policy says its signing secret is due for rotation soon.",
  rotation_overdue: "An endpoint's signing secret is older than its rotation policy allows.",
  rotation_rolled_back: "An API-driven rotation was rolled back because the new Stripe endpoint delivered nothing in time.",
  secret_provider_unreachable: "A secret provider (Vault, AWS Secrets Manager, the environment) could not be read: the last value read is still used, and a secret never read is unavailable.",
  breaker_open: "The gatekeeper's circuit breaker opened for an endpoint: deliveries of some event types are recorded and acknowledged, their effects held until an operator releases them.",
  breaker_shedding: "A breaker sheds: deliveries of its event types are answered 503, so Stripe keeps them and retries (for up to 3 days; after about 9 days of failures Stripe disables the endpoint).",
  source_blocked: "A source outside Stripe's addresses sent a flood of forged or malformed requests and is answered 429 until its block ends.",
  destination_dead: "A processed event could not be delivered to a destination (the business's app) within the retry window: it is dead until an operator retries it.",
  destination_paused: "Every attempt to deliver to a destination failed for too long: it was paused automatically, its backlog kept, until an operator resumes it.",
  traffic_anomaly: "An endpoint's verified traffic is unlike its baseline in a way that looks like an attack (see the gatekeeper's decision).",
} as const;
export type AlertKind = keyof typeof ALERT_KINDS;

export const ALERT_SEVERITIES = ["warning", "critical"] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];
