import { describe, expect, it } from "vitest";
import { MASK, maskPayload } from "./mask-payload";

describe("what a viewer sees of a payload", () => {
  it("masks names, e-mail addresses, phones, addresses and card details, and keeps what explains the event", () => {
    const session = {
      id: "cs_test_1",
      object: "checkout.session",
      amount_total: 2000,
      currency: "usd",
      customer: "cus_1",
      customer_email: "jenny.rosen@example.com",
      customer_details: { email: "jenny.rosen@example.com", name: "Jenny Rosen", phone: "+15555550100", address: { line1: "1 Main St", city: "Springfield", country: "US" } },
      payment_method_details: { card: { brand: "visa", last4: "4242", exp_month: 12, exp_year: 2030, fingerprint: "Xt5EWLLDS7FJjR1c" } },
      metadata: { hookwarden_ref: "order-1", note: "call bob@example.org" },
      notes: "card 4242 4242 4242 4242",
    };
    const masked = maskPayload(session) as typeof session;
    expect(masked).toMatchObject({ id: "cs_test_1", amount_total: 2000, currency: "usd", customer: "cus_1", customer_email: MASK, metadata: { hookwarden_ref: "order-1", note: `call ${MASK}` } });
    expect(masked.customer_details).toEqual({ email: MASK, name: MASK, phone: MASK, address: { line1: MASK, city: MASK, country: MASK } });
    expect(masked.payment_method_details.card).toEqual({ brand: "visa", last4: MASK, exp_month: MASK, exp_year: MASK, fingerprint: MASK });
    expect(masked.notes).toBe(`card ${MASK}`);
    const text = JSON.stringify(masked);
    for (const secret of ["jenny.rosen@example.com", "Jenny Rosen", "+15555550100", "1 Main St", "4242", "bob@example.org"]) expect(text).not.toContain(secret);
  });
});
