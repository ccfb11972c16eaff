/**
 * Event types confirmed with Stripe before their effect applies (confirm with source),
 * unless an admin chose another list for the endpoint: the events that say money
 * arrived, which a leaked signing secret would be used to forge.
 */
export const DEFAULT_CONFIRM_EVENT_TYPES = [
  "checkout.session.completed",
  "checkout.session.async_payment_succeeded",
  "payment_intent.succeeded",
  "charge.succeeded",
  "invoice.paid",
] as const;

export function confirmTypesOf(endpoint: { confirm_event_types: string[] | null; confirm_types_set: boolean }): readonly string[] {
  return endpoint.confirm_types_set ? (endpoint.confirm_event_types ?? []) : DEFAULT_CONFIRM_EVENT_TYPES;
}

/** A thin event's type names its v1 resource with a `v1.` prefix (`v1.payment_intent.succeeded`); the handlers know the plain name. */
export function handlerTypeOf(type: string): string {
  return type.startsWith("v1.") ? type.slice(3) : type;
}
