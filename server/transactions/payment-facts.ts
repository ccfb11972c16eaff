import { MalformedEventError, type StripeObject } from "../processing/handler-types";

/** What a payment event says about a payment, in one shape for sessions, payment intents, charges and disputes. */
export type PaymentFacts = {
  objectId: string;
  objectType: "checkout.session" | "payment_intent" | "charge" | "dispute";
  /** `metadata.hookwarden_ref`, or Checkout's `client_reference_id`. */
  reference: string | null;
  /** Other objects through which a link to a transaction may exist, nearest first. */
  linkVia: string[];
  /** Objects to link to the transaction once this event is accepted. */
  linkable: string[];
  amount: number | null;
  currency: string | null;
  customerId: string | null;
  email: string | null;
  /** The payment that pays: the payment intent when known, else the session. */
  paymentId: string;
  /** Set when the payment belongs to an invoice (subscription billing). */
  invoiceId: string | null;
  declineCode: string | null;
  amountRefunded: number | null;
  disputeStatus: string | null;
};

const str = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);
const num = (value: unknown): number | null => (typeof value === "number" && Number.isInteger(value) ? value : null);
const idOf = (value: unknown): string | null => str(value) ?? (value && typeof value === "object" ? str((value as { id?: unknown }).id) : null);
const record = (value: unknown): Record<string, unknown> => (value && typeof value === "object" ? (value as Record<string, unknown>) : {});

function requireId(object: StripeObject, prefix: string): string {
  const id = str(object.id);
  if (!id || !id.startsWith(prefix)) throw new MalformedEventError(`expected a ${prefix}... object id, got ${String(object.id)}`);
  return id;
}

function referenceOf(object: StripeObject): string | null {
  return str(record(object.metadata).hookwarden_ref);
}

/** Reads a payment object; a malformed one throws MalformedEventError (the event becomes dead). */
export function paymentFacts(object: StripeObject): PaymentFacts {
  switch (object.object) {
    case "checkout.session": {
      const id = requireId(object, "cs_");
      const paymentIntent = idOf(object.payment_intent);
      const details = record(object.customer_details);
      return {
        objectId: id,
        objectType: "checkout.session",
        reference: referenceOf(object) ?? str(object.client_reference_id),
        linkVia: [],
        linkable: [id, ...(paymentIntent ? [paymentIntent] : [])],
        amount: num(object.amount_total),
        currency: str(object.currency),
        customerId: idOf(object.customer),
        email: str(details.email) ?? str(object.customer_email),
        paymentId: paymentIntent ?? id,
        invoiceId: idOf(object.invoice),
        declineCode: null,
        amountRefunded: null,
        disputeStatus: null,
      };
    }
    case "payment_intent": {
      const id = requireId(object, "pi_");
      const charge = idOf(object.latest_charge);
      const error = record(object.last_payment_error);
      return {
        objectId: id,
        objectType: "payment_intent",
        reference: referenceOf(object),
        linkVia: [],
        linkable: [id, ...(charge ? [charge] : [])],
        amount: num(object.amount),
        currency: str(object.currency),
        customerId: idOf(object.customer),
        email: str(object.receipt_email),
        paymentId: id,
        invoiceId: idOf(object.invoice),
        declineCode: str(error.decline_code) ?? str(error.code),
        amountRefunded: null,
        disputeStatus: null,
      };
    }
    case "charge": {
      const id = requireId(object, "ch_");
      const paymentIntent = idOf(object.payment_intent);
      const outcome = record(object.outcome);
      return {
        objectId: id,
        objectType: "charge",
        reference: referenceOf(object),
        linkVia: paymentIntent ? [paymentIntent] : [],
        linkable: [id, ...(paymentIntent ? [paymentIntent] : [])],
        amount: num(object.amount),
        currency: str(object.currency),
        customerId: idOf(object.customer),
        email: str(record(object.billing_details).email) ?? str(object.receipt_email),
        paymentId: paymentIntent ?? id,
        invoiceId: idOf(object.invoice),
        declineCode: str(outcome.reason) ?? str(object.failure_code),
        amountRefunded: num(object.amount_refunded),
        disputeStatus: null,
      };
    }
    case "dispute": {
      const id = requireId(object, "dp_");
      const charge = idOf(object.charge);
      const paymentIntent = idOf(object.payment_intent);
      if (!charge) throw new MalformedEventError("a dispute without its charge");
      return {
        objectId: id,
        objectType: "dispute",
        reference: referenceOf(object),
        linkVia: [charge, ...(paymentIntent ? [paymentIntent] : [])],
        linkable: [id],
        amount: num(object.amount),
        currency: str(object.currency),
        customerId: null,
        email: null,
        paymentId: paymentIntent ?? charge,
        invoiceId: null,
        declineCode: null,
        amountRefunded: null,
        disputeStatus: str(object.status),
      };
    }
    default:
      throw new MalformedEventError(`not a payment object: ${String(object.object)}`);
  }
}
