/**
 * Card payment attempts as Stripe tells them: a decline is `charge.failed` and
 * `payment_intent.payment_failed` (its `last_payment_error` naming the charge, the decline code
 * and the payment method with its card); a success is `charge.succeeded` and
 * `payment_intent.succeeded`. Each card has its own fingerprint. Used by the `card-testing`
 * scenario and by the fraud tests.
 */
import { randomBytes } from "node:crypto";
import { stripeEvent, type StripeEventJson, type StripeObject } from "./stripe-events";
import { stripeId } from "./stripe-ids";

export type TestCard = { fingerprint: string; brand: string; last4: string; paymentMethod: string };

/** A new card: its own fingerprint, payment method and last 4 digits. */
export function newCard(brand = "visa"): TestCard {
  const digits = randomBytes(2).readUInt16BE(0) % 10_000;
  return { fingerprint: randomBytes(12).toString("base64url").slice(0, 16), brand, last4: String(digits).padStart(4, "0"), paymentMethod: stripeId("pm") };
}

export type CardAttempt = {
  /** Stripe's `created`, in seconds. */
  created: number;
  card: TestCard;
  amount: number;
  currency?: string;
  customer?: string | null;
  email?: string | null;
  outcome: "succeeded" | "failed";
  /** For a decline: `insufficient_funds`, `incorrect_cvc`, `generic_decline`… */
  declineCode?: string;
  /** The payment intent to (re)confirm; a new one by default. */
  paymentIntent?: string;
  /** `metadata.hookwarden_ref`: the registered payment it pays. */
  reference?: string;
  /** An invoice's payment (subscription billing). */
  invoice?: string;
};

/** The two events of one attempt, in the order Stripe sends them. */
export function cardAttemptEvents(attempt: CardAttempt): StripeEventJson[] {
  const charge = stripeId("ch");
  const paymentIntent = attempt.paymentIntent ?? stripeId("pi");
  const currency = attempt.currency ?? "usd";
  const failed = attempt.outcome === "failed";
  const declineCode = attempt.declineCode ?? "generic_decline";
  const failureCode = ["incorrect_cvc", "expired_card", "incorrect_number"].includes(declineCode) ? declineCode : "card_declined";
  const metadata = attempt.reference ? { hookwarden_ref: attempt.reference } : {};
  const billing = { email: attempt.email ?? null, name: null, phone: null, address: { city: null, country: "US", line1: null, line2: null, postal_code: "94107", state: null } };
  const card = { brand: attempt.card.brand, country: "US", exp_month: 8, exp_year: 2030, fingerprint: attempt.card.fingerprint, funding: "credit", last4: attempt.card.last4 };
  const chargeObject: StripeObject = {
    id: charge,
    object: "charge",
    amount: attempt.amount,
    amount_captured: failed ? 0 : attempt.amount,
    amount_refunded: 0,
    billing_details: billing,
    captured: !failed,
    created: attempt.created,
    currency,
    customer: attempt.customer ?? null,
    failure_code: failed ? failureCode : null,
    failure_message: failed ? "Your card was declined." : null,
    invoice: attempt.invoice ?? null,
    livemode: false,
    metadata,
    outcome: {
      network_status: failed ? "declined_by_network" : "approved_by_network",
      reason: failed ? declineCode : null,
      risk_level: "normal",
      seller_message: failed ? "The bank did not return any further details with this decline." : "Payment complete.",
      type: failed ? "issuer_declined" : "authorized",
    },
    paid: !failed,
    payment_intent: paymentIntent,
    payment_method: attempt.card.paymentMethod,
    payment_method_details: { type: "card", card },
    receipt_email: attempt.email ?? null,
    refunded: false,
    status: failed ? "failed" : "succeeded",
  };
  const intentObject: StripeObject = {
    id: paymentIntent,
    object: "payment_intent",
    amount: attempt.amount,
    amount_received: failed ? 0 : attempt.amount,
    currency,
    customer: attempt.customer ?? null,
    created: attempt.created,
    invoice: attempt.invoice ?? null,
    latest_charge: charge,
    livemode: false,
    metadata,
    payment_method: failed ? null : attempt.card.paymentMethod,
    payment_method_types: ["card"],
    receipt_email: attempt.email ?? null,
    last_payment_error: failed
      ? {
          type: "card_error",
          charge,
          code: failureCode,
          decline_code: declineCode,
          message: "Your card was declined.",
          payment_method: { id: attempt.card.paymentMethod, object: "payment_method", type: "card", billing_details: billing, card, customer: attempt.customer ?? null },
        }
      : null,
    status: failed ? "requires_payment_method" : "succeeded",
  };
  return [
    stripeEvent(failed ? "charge.failed" : "charge.succeeded", chargeObject, { created: attempt.created }),
    stripeEvent(failed ? "payment_intent.payment_failed" : "payment_intent.succeeded", intentObject, { created: attempt.created }),
  ];
}

/** The decline codes a card tester meets, in a realistic mix: `insufficient_funds` tells them the card is live. */
export const CARD_TESTING_DECLINES = ["insufficient_funds", "incorrect_cvc", "generic_decline", "card_declined", "expired_card", "do_not_honor", "incorrect_cvc", "insufficient_funds"];
