import { FINDING_KINDS, RECONCILIATION_KINDS, REPAIRABLE_FINDINGS, type FindingKind, type ReconciliationKind } from "@/server/reconcile/reconciliation-kinds";

/** "Drift audit", from the kind's own description ("Drift audit: compares …"), so the name is written once. */
export function runKindLabel(kind: ReconciliationKind | (string & {})): string {
  const description: string | undefined = RECONCILIATION_KINDS[kind as ReconciliationKind];
  return description ? description.slice(0, description.indexOf(":")) : kind;
}

/** What the kind does, without its name: "Compares the subscription mirror …". */
export function runKindExplanation(kind: ReconciliationKind): string {
  const description: string = RECONCILIATION_KINDS[kind];
  const rest = description.slice(description.indexOf(":") + 1).trim();
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}

/** "subscription_drift" → "Subscription drift". */
export function findingKindLabel(kind: FindingKind | (string & {})): string {
  const words = kind.replaceAll("_", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function findingKindDescription(kind: FindingKind | (string & {})): string | null {
  return Object.hasOwn(FINDING_KINDS, kind) ? FINDING_KINDS[kind as FindingKind] : null;
}

export function isRepairable(kind: FindingKind | (string & {})): boolean {
  return (REPAIRABLE_FINDINGS as readonly string[]).includes(kind);
}

/**
 * What a one-click repair does, per kind (server/reconcile/repair-open-finding.ts): the
 * confirmation says it before anything happens.
 */
export const FINDING_REPAIR_EFFECTS = {
  missed_event: "Stripe's copy of the event enters the ledger as a recovered event and is processed like a delivery, cross-checks included.",
  subscription_missing: "A repair event (customer.subscription.created) built from Stripe's subscription adds it to the mirror; the customer's entitlements follow.",
  subscription_drift: "A repair event (customer.subscription.updated) built from Stripe's subscription brings the mirror in line; the customer's entitlements follow.",
  transaction_unpaid_here:
    "A repair event (payment_intent.succeeded) carries Stripe's payment intent through the cross-check: the payment is booked as paid, or quarantined if it does not add up.",
  transaction_paid_here: "Not repaired automatically: a payment we booked that did not succeed at Stripe needs an operator's decision.",
} as const satisfies Record<FindingKind, string>;
