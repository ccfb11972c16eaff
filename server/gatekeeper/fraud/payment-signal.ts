import { keyedHash } from "../../crypto/keyed-hash";

/**
 * The payment events whose outcome the fraud scoring counts, whether or not processing has a
 * handler for them, and the outcome each reports. Setup intents count too: a zero-amount card
 * check is a favourite of card testers.
 */
export const PAYMENT_SIGNAL_TYPES = {
  "charge.succeeded": "succeeded",
  "charge.failed": "failed",
  "payment_intent.succeeded": "succeeded",
  "payment_intent.payment_failed": "failed",
  "setup_intent.succeeded": "succeeded",
  "setup_intent.setup_failed": "failed",
} as const;
export type PaymentSignalType = keyof typeof PAYMENT_SIGNAL_TYPES;
export type PaymentOutcome = (typeof PAYMENT_SIGNAL_TYPES)[PaymentSignalType];

/** `v1.charge.failed` and `charge.failed` are the same type. */
export function paymentSignalType(type: string): PaymentSignalType | null {
  const bare = type.replace(/^v1\./, "");
  return Object.hasOwn(PAYMENT_SIGNAL_TYPES, bare) ? (bare as PaymentSignalType) : null;
}

/**
 * What one payment event says about one attempt, with the personal values already replaced by
 * keyed hashes (the e-mail address, the billing address, the card fingerprint): the row of
 * `payment_signal`, and all the scoring ever sees.
 */
export type PaymentSignal = {
  eventType: PaymentSignalType;
  /** Stripe's `created` of the event. */
  occurredAt: Date;
  /** The charge, when known: every event of one attempt names the same. */
  attemptKey: string;
  outcome: PaymentOutcome;
  customerId: string | null;
  cardHash: string | null;
  emailHash: string | null;
  addressHash: string | null;
  cardBrand: string | null;
  cardLast4: string | null;
  paymentMethodId: string | null;
  paymentIntentId: string | null;
  amount: number | null;
  currency: string | null;
  declineCode: string | null;
  merchantInitiated: boolean;
};

type Json = Record<string, unknown>;
const str = (value: unknown): string | null => (typeof value === "string" && value.trim() !== "" ? value.trim() : null);
const int = (value: unknown): number | null => (typeof value === "number" && Number.isInteger(value) ? value : null);
const idOf = (value: unknown): string | null => str(value) ?? (value && typeof value === "object" ? str((value as { id?: unknown }).id) : null);
const record = (value: unknown): Json => (value && typeof value === "object" && !Array.isArray(value) ? (value as Json) : {});

/** Lower case, and the `+tag` of the local part dropped: `Jo+1@Example.com` and `jo@example.com` are one address. */
export function normalizeEmail(email: string): string {
  const [local = "", domain = ""] = email.trim().toLowerCase().split(/@(?=[^@]*$)/);
  return `${local.replace(/\+.*$/, "")}@${domain}`;
}

/** The street line, postal code and country, normalised; null without a street line (a postal code alone names a neighbourhood, not a payer). */
export function normalizeAddress(address: Json): string | null {
  const line1 = str(address.line1);
  if (!line1) return null;
  const part = (value: unknown) => (str(value) ?? "").toLowerCase().replace(/[\s,.]+/g, " ").trim();
  return [part(line1), part(address.postal_code), part(address.country)].join("|");
}

type Card = { fingerprint: string | null; brand: string | null; last4: string | null };
function cardOf(details: unknown): Card {
  const card = record(details);
  return { fingerprint: str(card.fingerprint), brand: str(card.brand), last4: str(card.last4) };
}

/**
 * An invoice's payment (subscription billing): the merchant started it, not someone at a checkout.
 * Older API versions name the invoice on the charge and payment intent; newer ones only describe it
 * in the words Stripe itself writes on invoice payments.
 */
function merchantInitiated(object: Json): boolean {
  if (idOf(object.invoice) !== null) return true;
  return /^(Subscription (creation|update|cycle)|Payment for Invoice)\b/i.test(str(object.description) ?? "");
}

type Raw = Omit<PaymentSignal, "cardHash" | "emailHash" | "addressHash"> & { fingerprint: string | null; email: string | null; address: string | null };

/** Reads the attempt out of the event's object; null when the object is not the payment object the type promises. */
function readAttempt(eventType: PaymentSignalType, object: Json, occurredAt: Date): Raw | null {
  const outcome = PAYMENT_SIGNAL_TYPES[eventType];
  const failed = outcome === "failed";
  const base = { eventType, occurredAt, outcome, customerId: idOf(object.customer), merchantInitiated: merchantInitiated(object) };
  const createdKey = `@${Math.floor(occurredAt.getTime() / 1000)}`;
  if (eventType.startsWith("charge.")) {
    const id = str(object.id);
    if (object.object !== "charge" || !id) return null;
    const billing = record(object.billing_details);
    const card = cardOf(record(object.payment_method_details).card);
    const outcomeDetails = record(object.outcome);
    return {
      ...base,
      attemptKey: id,
      fingerprint: card.fingerprint,
      cardBrand: card.brand,
      cardLast4: card.last4,
      email: str(billing.email) ?? str(object.receipt_email),
      address: normalizeAddress(record(billing.address)),
      paymentMethodId: idOf(object.payment_method),
      paymentIntentId: idOf(object.payment_intent),
      amount: int(object.amount),
      currency: str(object.currency),
      declineCode: failed ? (str(outcomeDetails.reason) ?? str(object.failure_code)) : null,
    };
  }
  const isIntent = eventType.startsWith("payment_intent.");
  const id = str(object.id);
  if (object.object !== (isIntent ? "payment_intent" : "setup_intent") || !id) return null;
  const error = record(isIntent ? object.last_payment_error : object.last_setup_error);
  const method = record(error.payment_method);
  const billing = record(method.billing_details);
  const card = cardOf(method.card);
  const charge = isIntent ? (str(error.charge) ?? idOf(object.latest_charge)) : null;
  return {
    ...base,
    // A payment intent fails once per charge; a setup intent (no charge) once per confirmation.
    attemptKey: charge ?? (failed ? `${id}${createdKey}` : id),
    fingerprint: card.fingerprint,
    cardBrand: card.brand,
    cardLast4: card.last4,
    email: (isIntent ? str(object.receipt_email) : null) ?? str(billing.email),
    address: normalizeAddress(record(billing.address)),
    paymentMethodId: idOf(error.payment_method) ?? idOf(object.payment_method),
    paymentIntentId: isIntent ? id : null,
    amount: isIntent ? int(object.amount) : 0,
    currency: str(object.currency),
    declineCode: failed ? (str(error.decline_code) ?? str(error.code)) : null,
  };
}

/**
 * The payment signal of one event, or null when the type is not a payment outcome or its object
 * is not the payment object it should be. Personal values leave this function only as keyed hashes.
 */
export function extractPaymentSignal(type: string, object: unknown, occurredAt: Date): PaymentSignal | null {
  const eventType = paymentSignalType(type);
  if (!eventType) return null;
  const raw = readAttempt(eventType, record(object), occurredAt);
  if (!raw) return null;
  const { fingerprint, email, address, ...signal } = raw;
  return {
    ...signal,
    cardHash: fingerprint ? keyedHash("fraud-card", fingerprint) : null,
    emailHash: email && email.includes("@") ? keyedHash("fraud-email", normalizeEmail(email)) : null,
    addressHash: address ? keyedHash("fraud-address", address) : null,
  };
}
