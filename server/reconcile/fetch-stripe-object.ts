import type Stripe from "stripe";
import type { StripeObject } from "../processing/handler-types";
import type { StripeApi } from "../stripe-api/stripe-api";

type Retrieve = (stripe: Stripe, id: string) => Promise<unknown>;

/** How to fetch each kind of object Hookwarden's handlers apply, by its `object` name. */
const RETRIEVERS: Record<string, Retrieve> = {
  "checkout.session": (stripe, id) => stripe.checkout.sessions.retrieve(id),
  payment_intent: (stripe, id) => stripe.paymentIntents.retrieve(id),
  charge: (stripe, id) => stripe.charges.retrieve(id),
  dispute: (stripe, id) => stripe.disputes.retrieve(id),
  invoice: (stripe, id) => stripe.invoices.retrieve(id),
  subscription: (stripe, id) => stripe.subscriptions.retrieve(id),
  customer: (stripe, id) => stripe.customers.retrieve(id),
};

/** The API path of an object, as a thin event's `related_object.url` gives it (`/v1/payment_intents/pi_123`). */
export const OBJECT_PATHS: Record<string, string> = {
  "checkout.session": "/v1/checkout/sessions",
  payment_intent: "/v1/payment_intents",
  charge: "/v1/charges",
  dispute: "/v1/disputes",
  invoice: "/v1/invoices",
  subscription: "/v1/subscriptions",
  customer: "/v1/customers",
};

export function canFetch(objectType: string): boolean {
  return objectType in RETRIEVERS;
}

/** Stripe's current state of one object; StripeNotFoundError when Stripe does not know it. */
export async function fetchStripeObject(api: StripeApi, objectType: string, id: string): Promise<StripeObject> {
  const retrieve = RETRIEVERS[objectType];
  if (!retrieve) throw new Error(`Hookwarden cannot fetch ${objectType} objects from Stripe`);
  const object = await api.request(`${objectType} ${id}`, (stripe) => retrieve(stripe, id));
  return withoutResponse(object) as StripeObject;
}

/** The package adds `lastResponse` to what it returns; it is not part of Stripe's object. */
export function withoutResponse<T>(value: T): T {
  if (value && typeof value === "object" && "lastResponse" in value) {
    const copy = { ...(value as Record<string, unknown>) };
    delete copy.lastResponse;
    return copy as T;
  }
  return value;
}
