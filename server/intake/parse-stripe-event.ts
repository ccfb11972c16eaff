import { z } from "zod";

/**
 * The fields Hookwarden indexes from a verified payload. Snapshot events
 * (`object: "event"`) carry `data.object`; thin events (`object: "v2.core.event"`)
 * carry only `related_object`.
 */
export type StripeEventSummary = {
  id: string;
  type: string;
  apiVersion: string | null;
  livemode: boolean;
  account: string | null;
  created: Date;
  objectId: string | null;
  objectType: string | null;
  customerId: string | null;
  /** What the object is worth in minor units, and in which currency, when it says (for the console's lists). */
  amount: number | null;
  currency: string | null;
};

const ObjectSchema = z.looseObject({
  id: z.string().optional(),
  object: z.string().optional(),
  customer: z.unknown().optional(),
  amount_total: z.unknown().optional(),
  amount: z.unknown().optional(),
  amount_due: z.unknown().optional(),
  currency: z.unknown().optional(),
});

/**
 * The latest `created` we accept: 9999-12-31T23:59:59Z. A larger number is no date JavaScript or
 * PostgreSQL can store, so the event could never be recorded (Stripe sends the current time).
 */
const MAX_CREATED_SECONDS = 253_402_300_799;

const SnapshotEventSchema = z.looseObject({
  id: z.string().regex(/^evt_[A-Za-z0-9_]+$/),
  object: z.literal("event"),
  type: z.string().min(1).max(200),
  api_version: z.string().nullish(),
  livemode: z.boolean(),
  account: z.string().nullish(),
  created: z.number().int().positive().max(MAX_CREATED_SECONDS),
  data: z.looseObject({ object: ObjectSchema }),
});

const ThinEventSchema = z.looseObject({
  id: z.string().regex(/^evt_[A-Za-z0-9_]+$/),
  object: z.literal("v2.core.event"),
  type: z.string().min(1).max(200),
  livemode: z.boolean(),
  context: z.string().nullish(),
  created: z.string().datetime({ offset: true }),
  related_object: z.looseObject({ id: z.string(), type: z.string() }).nullish(),
});

function customerOf(object: z.infer<typeof ObjectSchema>): string | null {
  if (object.object === "customer" && object.id) return object.id;
  if (typeof object.customer === "string") return object.customer;
  if (object.customer && typeof object.customer === "object" && "id" in object.customer) {
    const id = (object.customer as { id: unknown }).id;
    return typeof id === "string" ? id : null;
  }
  return null;
}

const wholeAmount = (value: unknown) => (typeof value === "number" && Number.isSafeInteger(value) ? value : null);

/**
 * The object's amount: `amount_total` (Checkout sessions), `amount` (payment intents,
 * charges, refunds, disputes, payouts…) or `amount_due` (invoices), whichever comes
 * first, with its currency; nothing unless both are there.
 */
function amountOf(object: z.infer<typeof ObjectSchema>): { amount: number | null; currency: string | null } {
  const amount = wholeAmount(object.amount_total) ?? wholeAmount(object.amount) ?? wholeAmount(object.amount_due);
  const currency = typeof object.currency === "string" && /^[a-z]{3}$/.test(object.currency) ? object.currency : null;
  return amount !== null && currency !== null ? { amount, currency } : { amount: null, currency: null };
}

/** PostgreSQL's text cannot hold U+0000: an event whose indexed strings do could never be recorded, and Stripe sends none. */
const storable = (summary: StripeEventSummary): StripeEventSummary | null =>
  Object.values(summary).some((value) => typeof value === "string" && value.includes("\u0000")) ? null : summary;

/**
 * Parses a verified body; returns null when it is not a Stripe event (the route answers `payload_invalid`),
 * including a well-formed one the ledger could not store (a NUL in an indexed string, a `created` past year 9999):
 * refused for good rather than answered 503, which Stripe would retry for three days.
 */
export function parseStripeEvent(body: Uint8Array): StripeEventSummary | null {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body).toString("utf8"));
  } catch {
    return null;
  }
  const snapshot = SnapshotEventSchema.safeParse(json);
  if (snapshot.success) {
    const event = snapshot.data;
    const object = event.data.object;
    return storable({
      id: event.id,
      type: event.type,
      apiVersion: event.api_version ?? null,
      livemode: event.livemode,
      account: event.account ?? null,
      created: new Date(event.created * 1000),
      objectId: object.id ?? null,
      objectType: object.object ?? null,
      customerId: customerOf(object),
      ...amountOf(object),
    });
  }
  const thin = ThinEventSchema.safeParse(json);
  if (thin.success) {
    const event = thin.data;
    return storable({
      id: event.id,
      type: event.type,
      apiVersion: null,
      livemode: event.livemode,
      account: event.context ?? null,
      created: new Date(event.created),
      objectId: event.related_object?.id ?? null,
      objectType: event.related_object?.type ?? null,
      customerId: null,
      amount: null,
      currency: null,
    });
  }
  return null;
}
