import { FakeApiError } from "./fake-api-error";

export type FakeCollection = "customers" | "checkout.sessions" | "payment_intents" | "charges" | "subscriptions" | "invoices";

type CollectionSpec = {
  /** The list path, also the `url` of a list answer. */
  path: string;
  /** The value of `object` on its objects, and the noun of Stripe's "No such ..." message. */
  objectName: string;
  /** The list filters Stripe has on this collection and the fake honours: each answers a predicate for one query value. */
  filters: Record<string, (value: string) => (object: Record<string, unknown>) => boolean>;
  /** What a list shows when no filter says otherwise (subscriptions hide canceled ones). */
  defaultFilter?: { param: string; matches: (object: Record<string, unknown>) => boolean };
};

/** Stripe writes a reference either as the id or, when expanded, as the object holding it. */
export function referenceId(value: unknown): unknown {
  return value !== null && typeof value === "object" && "id" in value ? (value as { id: unknown }).id : value;
}

function equals(field: string) {
  return (value: string) => (object: Record<string, unknown>) => referenceId(object[field]) === value;
}

const SUBSCRIPTION_STATUSES = ["active", "all", "canceled", "ended", "incomplete", "incomplete_expired", "past_due", "paused", "trialing", "unpaid"];

/** Stripe's `status` filter on subscriptions: `all`, `ended` (canceled or expired incomplete) or one status. */
function subscriptionStatus(value: string) {
  if (!SUBSCRIPTION_STATUSES.includes(value)) {
    throw FakeApiError.invalidRequest(`Invalid status: must be one of ${SUBSCRIPTION_STATUSES.join(", ")}`, "status");
  }
  if (value === "all") return () => true;
  if (value === "ended") return (object: Record<string, unknown>) => object.status === "canceled" || object.status === "incomplete_expired";
  return (object: Record<string, unknown>) => object.status === value;
}

/** The six collections the fake holds, with what their list endpoints accept. */
export const FAKE_COLLECTIONS: Record<FakeCollection, CollectionSpec> = {
  customers: { path: "/v1/customers", objectName: "customer", filters: { email: equals("email") } },
  "checkout.sessions": {
    path: "/v1/checkout/sessions",
    objectName: "checkout.session",
    filters: { customer: equals("customer"), payment_intent: equals("payment_intent"), subscription: equals("subscription"), status: equals("status") },
  },
  payment_intents: { path: "/v1/payment_intents", objectName: "payment_intent", filters: { customer: equals("customer") } },
  charges: { path: "/v1/charges", objectName: "charge", filters: { customer: equals("customer"), payment_intent: equals("payment_intent") } },
  subscriptions: {
    path: "/v1/subscriptions",
    objectName: "subscription",
    filters: { customer: equals("customer"), status: subscriptionStatus },
    defaultFilter: { param: "status", matches: (object) => object.status !== "canceled" },
  },
  invoices: {
    path: "/v1/invoices",
    objectName: "invoice",
    filters: { customer: equals("customer"), status: equals("status"), subscription: equals("subscription") },
  },
};

export const FAKE_COLLECTION_NAMES = Object.keys(FAKE_COLLECTIONS) as FakeCollection[];

/** The collection that holds objects whose `object` field is `objectName`, if the fake holds them. */
export function collectionOfObject(objectName: unknown): FakeCollection | undefined {
  return FAKE_COLLECTION_NAMES.find((collection) => FAKE_COLLECTIONS[collection].objectName === objectName);
}
