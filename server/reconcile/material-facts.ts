import type { Evidence } from "../quarantine/quarantine-reasons";
import type { StripeObject } from "../processing/handler-types";

const str = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);
const idOf = (value: unknown): string | null => str(value) ?? (value && typeof value === "object" ? str((value as { id?: unknown }).id) : null);
const num = (value: unknown): number | null => (typeof value === "number" && Number.isFinite(value) ? value : null);
const record = (value: unknown): Record<string, unknown> => (value && typeof value === "object" ? (value as Record<string, unknown>) : {});

/**
 * The fields of a Stripe object whose difference changes what Hookwarden would do with
 * it: which object, how much, in what currency, for whom, in what state, for which
 * registered payment. Anything else (expanded fields, timestamps, receipt URLs) may
 * differ between two honest copies and is ignored.
 */
export function materialFacts(object: StripeObject): Record<string, string | number | boolean | null> {
  const metadata = record(object.metadata);
  return {
    id: str(object.id),
    object: str(object.object),
    amount: num(object.amount_total) ?? num(object.amount) ?? num(object.amount_due),
    amount_paid: num(object.amount_paid) ?? num(object.amount_received) ?? num(object.amount_captured),
    currency: str(object.currency),
    customer: idOf(object.customer),
    status: str(object.status),
    payment_status: str(object.payment_status),
    paid: typeof object.paid === "boolean" ? object.paid : null,
    reference: str(metadata.hookwarden_ref) ?? str(object.client_reference_id),
    payment_intent: idOf(object.payment_intent),
    subscription: idOf(object.subscription),
    invoice: idOf(object.invoice),
  };
}

/** Field-by-field material differences: `expected` is the reference copy (Stripe's, when confirming), `received` the one under test. */
export function materialDifferences(expected: StripeObject, received: StripeObject): Evidence {
  const a = materialFacts(expected);
  const b = materialFacts(received);
  return Object.keys(a)
    .filter((field) => a[field] !== b[field])
    .map((field) => ({ field, expected: a[field], received: b[field] }));
}
