import { describe, expect, it } from "vitest";
import { cardAttemptEvents, newCard } from "@/cli/simulate/card-attempts";
import { extractPaymentSignal, normalizeAddress, normalizeEmail } from "./payment-signal";

const at = new Date("2026-11-27T09:00:00Z");
const signalOf = (event: { type: string; data: { object: unknown } }) => extractPaymentSignal(event.type, event.data.object, at);

describe("the payment signal of an event", () => {
  it("tells one decline by its charge, whichever event told it, with the decline code, card and amount, and keeps only keyed hashes", () => {
    const card = newCard();
    const [charge, intent] = cardAttemptEvents({ created: 1, card, amount: 75, customer: "cus_T", email: "Tester+7@Example.com", outcome: "failed", declineCode: "insufficient_funds" });
    const fromCharge = signalOf(charge!)!;
    const fromIntent = signalOf(intent!)!;
    expect(fromCharge).toMatchObject({ eventType: "charge.failed", outcome: "failed", customerId: "cus_T", amount: 75, currency: "usd", declineCode: "insufficient_funds", cardBrand: card.brand, cardLast4: card.last4, paymentMethodId: card.paymentMethod, merchantInitiated: false });
    expect(fromIntent).toMatchObject({ eventType: "payment_intent.payment_failed", attemptKey: fromCharge.attemptKey, declineCode: "insufficient_funds", cardHash: fromCharge.cardHash, emailHash: fromCharge.emailHash, paymentIntentId: fromCharge.paymentIntentId });
    expect(fromCharge.cardHash).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.stringify([fromCharge, fromIntent])).not.toMatch(new RegExp(`${card.fingerprint}|tester|example`, "i"));
    // The same address, however it is written, is one subject.
    const [other] = cardAttemptEvents({ created: 2, card: newCard(), amount: 75, email: "tester@example.com", outcome: "failed" });
    expect(signalOf(other!)!.emailHash).toBe(fromCharge.emailHash);
  });

  it("marks an invoice's payment as merchant-initiated, by its invoice or by the words Stripe writes on it", () => {
    const [charge] = cardAttemptEvents({ created: 1, card: newCard(), amount: 4_900, customer: "cus_S", outcome: "succeeded", invoice: "in_1" });
    expect(signalOf(charge!)!.merchantInitiated).toBe(true);
    const [unmarked] = cardAttemptEvents({ created: 1, card: newCard(), amount: 4_900, customer: "cus_S", outcome: "succeeded" });
    expect(signalOf(unmarked!)!.merchantInitiated).toBe(false);
    expect(signalOf({ ...unmarked!, data: { object: { ...unmarked!.data.object, description: "Subscription cycle" } } })!.merchantInitiated).toBe(true);
  });

  it("reads a failed setup intent as a zero-amount attempt, and refuses what is not the payment object its type promises", () => {
    const signal = extractPaymentSignal("v1.setup_intent.setup_failed", { id: "seti_1", object: "setup_intent", customer: "cus_1", last_setup_error: { decline_code: "incorrect_cvc", payment_method: { id: "pm_1", card: { fingerprint: "fp", last4: "0005", brand: "visa" } } } }, at);
    expect(signal).toMatchObject({ eventType: "setup_intent.setup_failed", outcome: "failed", amount: 0, declineCode: "incorrect_cvc", cardLast4: "0005", paymentMethodId: "pm_1" });
    expect(extractPaymentSignal("charge.failed", { id: "pi_1", object: "payment_intent" }, at)).toBeNull();
    expect(extractPaymentSignal("customer.created", { id: "cus_1", object: "customer" }, at)).toBeNull();
  });

  it("normalises e-mail addresses and street addresses, and a postal code alone names no payer", () => {
    expect(normalizeEmail(" Jo.Doe+shop@Example.COM ")).toBe("jo.doe@example.com");
    expect(normalizeAddress({ line1: "1  Market St.", postal_code: "94107", country: "US" })).toBe(normalizeAddress({ line1: "1 market st", postal_code: "94107", country: "us" }));
    expect(normalizeAddress({ postal_code: "94107", country: "US" })).toBeNull();
  });
});
