import { describe, expect, it } from "vitest";
import { MASK, maskPayload, type MaskingRules } from "./mask-payload";

const rules: MaskingRules = { metadataKeys: ["email", "Customer_Name"] };
const mask = <T>(value: T) => maskPayload(value, rules) as T;

/** Hookwarden's own fixtures, shaped like Stripe's objects (API version 2025-09-30). */
const address = { city: "Lyon", country: "FR", line1: "12 rue des Tanneurs", line2: "Bâtiment B", postal_code: "69002", state: "Rhône" };

const charge = {
  id: "ch_3PmaskA1b2C3d4E5",
  object: "charge",
  amount: 4200,
  amount_captured: 4200,
  currency: "eur",
  customer: "cus_Pmask0001",
  status: "succeeded",
  paid: true,
  billing_details: { address, email: "amelie.durand@example.fr", name: "Amélie Durand", phone: "+33 6 12 34 56 78", tax_id: null },
  description: "Order 1187 for Amélie Durand, call +33 6 12 34 56 78",
  statement_descriptor_suffix: "DURAND A",
  calculated_statement_descriptor: "SHOP* DURAND A",
  receipt_email: "amelie.durand@example.fr",
  receipt_url: "https://pay.stripe.com/receipts/payment/CAcaFwoVYWNjdF8x",
  failure_message: null,
  outcome: { network_status: "approved_by_network", reason: null, risk_level: "normal", seller_message: "Payment complete.", type: "authorized" },
  payment_method_details: {
    type: "card",
    card: { brand: "mastercard", country: "FR", exp_month: 11, exp_year: 2031, fingerprint: "q9Zc4mB1vT7yLx2K", funding: "debit", iin: "555555", last4: "4444", network: "mastercard" },
  },
  shipping: { address, carrier: "La Poste", name: "Amélie Durand", phone: "+33612345678", tracking_number: "LP123456789FR" },
  metadata: { hookwarden_ref: "order_m1", email: "not-an-address", customer_name: "Amélie Durand", note: "ask amelie.durand@example.fr", card: "5555 5555 5555 4444", leak: "sk_live_51Pmask" },
};

describe("what anyone sees of a payload (masked)", () => {
  it("keeps what explains the event: ids, amounts, currency, statuses, card brand, last4, funding and country", () => {
    const masked = mask(charge);
    expect(masked).toMatchObject({ id: charge.id, object: "charge", amount: 4200, amount_captured: 4200, currency: "eur", customer: "cus_Pmask0001", status: "succeeded", paid: true });
    expect(masked.payment_method_details.card).toMatchObject({ brand: "mastercard", country: "FR", funding: "debit", last4: "4444", network: "mastercard" });
    expect(masked.outcome).toEqual(charge.outcome); // Stripe's own words about the outcome stay
    expect(masked.metadata.hookwarden_ref).toBe("order_m1");
  });

  it("masks the card's fingerprint, expiry and first digits", () => {
    expect(mask(charge).payment_method_details.card).toMatchObject({ fingerprint: MASK, exp_month: MASK, exp_year: MASK, iin: MASK });
  });

  it("masks billing details and shipping whole, but for the country", () => {
    const masked = mask(charge);
    const maskedAddress = { city: MASK, country: "FR", line1: MASK, line2: MASK, postal_code: MASK, state: MASK };
    expect(masked.billing_details).toEqual({ address: maskedAddress, email: MASK, name: MASK, phone: MASK, tax_id: null });
    expect(masked.shipping).toEqual({ address: maskedAddress, carrier: MASK, name: MASK, phone: MASK, tracking_number: MASK });
  });

  it("masks e-mail fields, receipt links and free text: descriptions and statement descriptors", () => {
    expect(mask(charge)).toMatchObject({ receipt_email: MASK, receipt_url: MASK, description: MASK, statement_descriptor_suffix: MASK, calculated_statement_descriptor: MASK });
  });

  it("masks configured metadata keys (any case) and scrubs every other metadata value", () => {
    expect(mask(charge).metadata).toEqual({ hookwarden_ref: "order_m1", email: MASK, customer_name: MASK, note: `ask ${MASK}`, card: MASK, leak: MASK });
    // Without the setting, metadata keys stay, and only what is recognisable in a value is masked.
    expect((maskPayload(charge, { metadataKeys: [] }) as typeof charge).metadata).toMatchObject({ email: "not-an-address", customer_name: "Amélie Durand" });
  });

  it("masks a customer: name, e-mail, phone, address, shipping, tax ids, and the description", () => {
    const customer = {
      id: "cus_Pmask0002",
      object: "customer",
      address: { ...address, country: "DE", city: "Köln" },
      balance: 0,
      currency: "eur",
      description: "VIP: Jonas Weber",
      email: "jonas.weber@example.de",
      invoice_prefix: "A1B2C3",
      name: "Jonas Weber",
      phone: "+49 221 1234567",
      preferred_locales: ["de"],
      shipping: { address, name: "Jonas Weber", phone: "+49 221 1234567" },
      tax_exempt: "none",
      tax_ids: { object: "list", data: [{ id: "txi_1", object: "tax_id", country: "DE", type: "eu_vat", value: "DE123456789" }] },
    };
    const masked = mask(customer);
    expect(masked).toMatchObject({ id: customer.id, balance: 0, currency: "eur", name: MASK, email: MASK, phone: MASK, description: MASK, tax_exempt: "none", invoice_prefix: "A1B2C3" });
    expect(masked.address).toMatchObject({ city: MASK, country: "DE", line1: MASK });
    expect(masked.tax_ids.data[0]).toEqual({ id: "txi_1", object: "tax_id", country: "DE", type: "eu_vat", value: MASK });
    expect(JSON.stringify(masked)).not.toMatch(/Jonas|Weber|Köln|DE123456789|1234567/);
  });

  it("masks a Checkout session's customer details, custom fields, IP address and collected shipping", () => {
    const session = {
      id: "cs_test_Pmask3",
      object: "checkout.session",
      amount_total: 9900,
      currency: "usd",
      customer: "cus_Pmask0003",
      customer_email: "li.wei@example.com",
      customer_details: { address: { ...address, country: "US" }, email: "li.wei@example.com", name: "Li Wei", phone: "+1 415 555 0182", tax_exempt: "none", tax_ids: [{ type: "us_ein", value: "12-3456789" }] },
      collected_information: { shipping_details: { address, name: "Li Wei" } },
      custom_fields: [{ key: "engraving", label: { custom: "Engraving", type: "custom" }, optional: false, text: { value: "For Li Wei, love always" }, type: "text" }],
      custom_text: { submit: { message: "We ship within 2 days" } },
      client_reference_id: "order_m3",
      payment_status: "paid",
      status: "complete",
    };
    const masked = mask(session);
    expect(masked).toMatchObject({ amount_total: 9900, customer_email: MASK, client_reference_id: "order_m3", payment_status: "paid", status: "complete" });
    expect(masked.customer_details).toMatchObject({ email: MASK, name: MASK, phone: MASK, tax_exempt: "none", address: { country: "US", line1: MASK } });
    expect(masked.custom_fields[0]).toMatchObject({ key: "engraving", type: "text", optional: false, text: { value: MASK } });
    expect(JSON.stringify(masked)).not.toMatch(/Li Wei|li\.wei|0182|3456789|love always/);

    const mandate = { id: "mandate_1", object: "mandate", customer_acceptance: { type: "online", online: { ip_address: "203.0.113.77", user_agent: "Mozilla/5.0 (Li's laptop)" } } };
    expect(mask(mandate).customer_acceptance).toEqual({ type: "online", online: { ip_address: MASK, user_agent: MASK } });
    expect(mask({ object: "radar.early_fraud_warning", client_ip: "198.51.100.23", ip: "198.51.100.24" })).toMatchObject({ client_ip: MASK, ip: MASK });
  });

  it("masks an invoice's customer fields and line descriptions, and keeps a product's name (the catalogue is not a person)", () => {
    const invoice = {
      id: "in_Pmask4",
      object: "invoice",
      amount_due: 2000,
      amount_paid: 2000,
      billing_reason: "subscription_create",
      currency: "usd",
      customer: "cus_Pmask0004",
      customer_address: address,
      customer_email: "sam.okafor@example.com",
      customer_name: "Sam Okafor",
      customer_phone: "+44 20 7946 0958",
      customer_shipping: { address, name: "Sam Okafor" },
      customer_tax_ids: [{ type: "gb_vat", value: "GB123456789" }],
      footer: "Thanks Sam!",
      hosted_invoice_url: "https://invoice.stripe.com/i/acct_1/test_YWNjdF8x",
      lines: { object: "list", data: [{ id: "il_1", object: "line_item", amount: 2000, description: "1 × Pro (Sam's team)", pricing: { price_details: { price: "price_pro", product: "prod_pro" } } }] },
      status: "paid",
    };
    const masked = mask(invoice);
    expect(masked).toMatchObject({ amount_due: 2000, billing_reason: "subscription_create", customer_email: MASK, customer_name: MASK, customer_phone: MASK, footer: MASK, hosted_invoice_url: MASK, status: "paid" });
    expect(masked.lines.data[0]).toMatchObject({ id: "il_1", amount: 2000, description: MASK, pricing: { price_details: { price: "price_pro", product: "prod_pro" } } });
    expect(JSON.stringify(masked)).not.toMatch(/Sam|Okafor|7946|GB123456789/);

    const subscription = { id: "sub_1", object: "subscription", description: "Sam's plan", items: { data: [{ price: { id: "price_pro", object: "price", nickname: "Pro monthly", product: { id: "prod_pro", object: "product", name: "Pro", description: "The Pro plan" }, unit_amount: 2000 } }] } };
    const maskedSubscription = mask(subscription);
    expect(maskedSubscription.description).toBe(MASK);
    expect(maskedSubscription.items.data[0]!.price).toEqual(subscription.items.data[0]!.price);
  });

  it("masks a payment method's billing details and card fingerprint, and a payment intent's shipping and description", () => {
    const paymentMethod = {
      id: "pm_Pmask5",
      object: "payment_method",
      billing_details: { address, email: "noor.hassan@example.com", name: "Noor Hassan", phone: null },
      card: { brand: "visa", checks: { cvc_check: "pass" }, country: "GB", exp_month: 3, exp_year: 2029, fingerprint: "Ab12Cd34Ef56Gh78", last4: "1881", wallet: null },
      type: "card",
    };
    const masked = mask(paymentMethod);
    expect(masked.card).toEqual({ brand: "visa", checks: { cvc_check: "pass" }, country: "GB", exp_month: MASK, exp_year: MASK, fingerprint: MASK, last4: "1881", wallet: null });
    expect(masked.billing_details).toMatchObject({ email: MASK, name: MASK, phone: null });

    const intent = { id: "pi_Pmask6", object: "payment_intent", amount: 500, description: "Noor Hassan's order", receipt_email: "noor.hassan@example.com", shipping: { address, name: "Noor Hassan" }, last_payment_error: { code: "card_declined", decline_code: "insufficient_funds", message: "Your card has insufficient funds." } };
    const maskedIntent = mask(intent);
    expect(maskedIntent).toMatchObject({ amount: 500, description: MASK, receipt_email: MASK, shipping: { name: MASK } });
    expect(maskedIntent.last_payment_error).toEqual(intent.last_payment_error);
  });

  it("masks e-mail addresses, card-like numbers and Stripe secrets in any string anywhere, and never changes its input", () => {
    const event = {
      id: "evt_Pmask7",
      object: "event",
      type: "charge.succeeded",
      created: 1764400000,
      data: { object: { id: "ch_x", object: "charge", amount: 100, unexpected_field: "ping ops@example.com about 4000-0566-5566-5556 with whsec_Abc123 and rk_live_Xyz" } },
    };
    const copy = structuredClone(event);
    const masked = mask(event);
    expect(masked.data.object.unexpected_field).toBe(`ping ${MASK} about ${MASK} with ${MASK} and ${MASK}`);
    expect(masked).toMatchObject({ id: "evt_Pmask7", type: "charge.succeeded", created: 1764400000 });
    expect(event).toEqual(copy);
  });
});
