/** What a reconciliation run does; every other file imports these names from here. */
export const RECONCILIATION_KINDS = {
  missed_events: "Missed-event recovery: lists Stripe's events that did not reach us and feeds the ones the ledger lacks into processing.",
  drift_audit: "Drift audit: compares the subscription mirror and the registered payments with Stripe's current objects, and repairs the differences.",
} as const;
export type ReconciliationKind = keyof typeof RECONCILIATION_KINDS;
export const RECONCILIATION_KIND_NAMES = Object.keys(RECONCILIATION_KINDS) as ReconciliationKind[];

export const RUN_STATUSES = ["running", "succeeded", "failed"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** What a finding says differs. */
export const FINDING_KINDS = {
  missed_event: "Stripe has an event the ledger lacked.",
  subscription_missing: "Stripe has a subscription the mirror lacks.",
  subscription_drift: "The mirror's subscription differs from Stripe's.",
  transaction_unpaid_here: "Stripe shows the payment succeeded; our registered payment is not paid.",
  transaction_paid_here: "Our registered payment is paid; Stripe's payment did not succeed.",
} as const;
export type FindingKind = keyof typeof FINDING_KINDS;

/** `open` until repaired (or an operator dismisses it); a dry run leaves everything open. */
export const FINDING_STATUSES = ["open", "repaired", "dismissed"] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

/** Findings that Hookwarden can repair through the effect path; the others need an operator. */
export const REPAIRABLE_FINDINGS: readonly FindingKind[] = ["missed_event", "subscription_missing", "subscription_drift", "transaction_unpaid_here"];
