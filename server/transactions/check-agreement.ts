import type { Evidence, QuarantineReason } from "../quarantine/quarantine-reasons";
import type { PaymentFacts } from "./payment-facts";

type RegisteredTerms = {
  reference: string;
  amount: number;
  currency: string;
  customer: string | null;
  expiresAt: Date | null;
  paidBy: string | null;
};

export type Disagreement = { reason: QuarantineReason; evidence: Evidence };

/**
 * Compares what Stripe says with what the business registered. Returns the first
 * disagreement's reason with the evidence of every disagreement, or null.
 * A customer is compared only when the event names one: a guest payment carries none.
 */
export function checkAgreement(terms: RegisteredTerms, facts: PaymentFacts, eventCreated: Date, paying: boolean): Disagreement | null {
  const found: { reason: QuarantineReason; field: string; expected: unknown; received: unknown }[] = [];
  if (facts.amount !== null && facts.amount !== terms.amount) {
    found.push({ reason: "amount_mismatch", field: "amount", expected: terms.amount, received: facts.amount });
  }
  if (facts.currency !== null && facts.currency.toLowerCase() !== terms.currency) {
    found.push({ reason: "currency_mismatch", field: "currency", expected: terms.currency, received: facts.currency });
  }
  if (terms.customer) {
    const byId = terms.customer.startsWith("cus_");
    const received = byId ? facts.customerId : facts.email;
    if (received !== null && (byId ? received !== terms.customer : received.toLowerCase() !== terms.customer.toLowerCase())) {
      found.push({ reason: "customer_mismatch", field: byId ? "customer" : "email", expected: terms.customer, received });
    }
  }
  if (terms.expiresAt && eventCreated > terms.expiresAt) {
    found.push({ reason: "expired_reference", field: "created", expected: `before ${terms.expiresAt.toISOString()}`, received: eventCreated.toISOString() });
  }
  if (paying && terms.paidBy && terms.paidBy !== facts.paymentId) {
    found.push({ reason: "duplicate_payment", field: "payment", expected: terms.paidBy, received: facts.paymentId });
  }
  const first = found[0];
  if (!first) return null;
  return { reason: first.reason, evidence: [{ field: "reference", expected: terms.reference, received: facts.reference ?? "(linked)" }, ...found.map(({ field, expected, received }) => ({ field, expected, received }))] };
}
