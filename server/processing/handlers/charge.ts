import { applyPaymentEvent } from "../../transactions/apply-payment-event";
import type { EventHandler } from "../handler-types";

export const chargeSucceeded: EventHandler = (context) => applyPaymentEvent(context, "paid");
export const chargeFailed: EventHandler = (context) => applyPaymentEvent(context, "failed_attempt");
/** charge.refunded carries the charge's total refunded so far; the largest seen wins. */
export const chargeRefunded: EventHandler = (context) => applyPaymentEvent(context, "refund");
