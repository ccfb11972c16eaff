import { MalformedEventError, type StripeObject } from "../processing/handler-types";

const str = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);
const idOf = (value: unknown): string | null => str(value) ?? (value && typeof value === "object" ? str((value as { id?: unknown }).id) : null);
const seconds = (value: unknown): Date | null => (typeof value === "number" ? new Date(value * 1000) : null);

/** The mirrored fields of a Stripe subscription (older API versions keep the period on the subscription, newer ones on its items). */
export function subscriptionFacts(object: StripeObject) {
  const id = str(object.id);
  const customerId = idOf(object.customer);
  const status = str(object.status);
  if (!id?.startsWith("sub_") || !customerId || !status) throw new MalformedEventError("a subscription needs id, customer and status");
  const items = object.items && typeof object.items === "object" ? ((object.items as { data?: unknown }).data as Record<string, unknown>[] | undefined) : undefined;
  const item = Array.isArray(items) ? items[0] : undefined;
  const price = item?.price && typeof item.price === "object" ? (item.price as Record<string, unknown>) : undefined;
  return {
    id,
    customerId,
    status,
    priceId: idOf(price?.id) ?? idOf(object.plan),
    productId: idOf(price?.product),
    quantity: typeof item?.quantity === "number" ? item.quantity : typeof object.quantity === "number" ? object.quantity : null,
    currentPeriodEnd: seconds(object.current_period_end) ?? seconds(item?.current_period_end),
    cancelAtPeriodEnd: object.cancel_at_period_end === true,
    trialEnd: seconds(object.trial_end),
  };
}

/** The subscription an invoice bills, wherever the API version puts it. */
export function invoiceFacts(object: StripeObject) {
  const id = str(object.id);
  if (!id?.startsWith("in_")) throw new MalformedEventError("an invoice needs an in_... id");
  const parent = object.parent && typeof object.parent === "object" ? (object.parent as Record<string, unknown>) : {};
  const details = parent.subscription_details && typeof parent.subscription_details === "object" ? (parent.subscription_details as Record<string, unknown>) : {};
  return {
    id,
    subscriptionId: idOf(object.subscription) ?? idOf(details.subscription),
    customerId: idOf(object.customer),
    status: str(object.status) ?? "unknown",
    amountPaid: typeof object.amount_paid === "number" ? object.amount_paid : null,
    amountDue: typeof object.amount_due === "number" ? object.amount_due : null,
    currency: str(object.currency),
  };
}
