import { DEFAULT_CONFIRM_EVENT_TYPES } from "../reconcile/confirm-policy";
import { handlerTypeOf } from "../reconcile/confirm-policy";

/**
 * Event types that say money arrived: what a forger with a leaked secret would send, and what the
 * breaker holds first. The events confirmed with Stripe by default, and invoice.payment_succeeded.
 */
export const SUCCESS_EVENT_TYPES: ReadonlySet<string> = new Set([...DEFAULT_CONFIRM_EVENT_TYPES, "invoice.payment_succeeded"]);

export function isSuccessEvent(type: string): boolean {
  return SUCCESS_EVENT_TYPES.has(handlerTypeOf(type));
}
