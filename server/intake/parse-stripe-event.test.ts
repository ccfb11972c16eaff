import { describe, expect, it } from "vitest";
import { checkoutSession, newPaymentFlow, stripeEvent } from "../../cli/simulate/stripe-events";
import { stripeId } from "../../cli/simulate/stripe-ids";
import { parseStripeEvent } from "./parse-stripe-event";

const parse = (event: object) => parseStripeEvent(Buffer.from(JSON.stringify(event)))!;

describe("parseStripeEvent: what the console shows without opening the payload", () => {
  it("reads the amount of a session (amount_total), a charge (amount) and an invoice (amount_due), with the currency", () => {
    const flow = newPaymentFlow({ amount: 1999, currency: "gbp" });
    expect(parse(stripeEvent("checkout.session.completed", checkoutSession(flow)))).toMatchObject({ amount: 1999, currency: "gbp", customerId: flow.customer });
    const invoice = { id: stripeId("in"), object: "invoice", amount_due: 4900, amount_paid: 0, total: 4900, currency: "usd", customer: flow.customer };
    expect(parse(stripeEvent("invoice.payment_failed", invoice))).toMatchObject({ amount: 4900, currency: "usd" });
    expect(parse(stripeEvent("charge.refunded", { id: stripeId("ch"), object: "charge", amount: 500, amount_refunded: 500, currency: "eur" }))).toMatchObject({ amount: 500, currency: "eur" });
  });

  it("leaves the amount empty when the object has none, or it is not a whole number with a currency", () => {
    expect(parse(stripeEvent("customer.subscription.created", { id: stripeId("sub"), object: "subscription", customer: stripeId("cus") }))).toMatchObject({ amount: null, currency: null });
    expect(parse(stripeEvent("charge.succeeded", { id: stripeId("ch"), object: "charge", amount: 12.5, currency: "usd" }))).toMatchObject({ amount: null, currency: null });
    expect(parse(stripeEvent("charge.succeeded", { id: stripeId("ch"), object: "charge", amount: 1250 }))).toMatchObject({ amount: null, currency: null });
  });
});

describe("parseStripeEvent: signed events the ledger could not store are not Stripe events", () => {
  const base = () => stripeEvent("customer.created", { id: stripeId("cus"), object: "customer" });

  it("refuses a NUL in any indexed string (PostgreSQL text cannot hold one), and accepts the same event without it", () => {
    expect(parse(base())).not.toBeNull();
    expect(parse({ ...base(), type: "customer.\u0000created" })).toBeNull();
    expect(parse({ ...base(), api_version: "2025-09-30\u0000" })).toBeNull();
    expect(parse({ ...base(), account: "acct_\u0000" })).toBeNull();
    expect(parse({ ...base(), data: { object: { id: "cus_\u0000", object: "customer" } } })).toBeNull();
    expect(parse({ ...base(), data: { object: { id: "pi_1", object: "payment_intent", customer: "cus_\u0000" } } })).toBeNull();
  });

  it("refuses a created past year 9999 (no date can hold it), and accepts the last second of 9999", () => {
    expect(parse({ ...base(), created: 9_000_000_000_000_000 })).toBeNull();
    expect(parse({ ...base(), created: 253_402_300_800 })).toBeNull();
    expect(parse({ ...base(), created: 253_402_300_799 })?.created.toISOString()).toBe("9999-12-31T23:59:59.000Z");
  });
});
