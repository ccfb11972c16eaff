import { applyPaymentEvent } from "../../transactions/apply-payment-event";
import type { EventHandler } from "../handler-types";

export const paymentIntentSucceeded: EventHandler = (context) => applyPaymentEvent(context, "paid");
/** A declined attempt: counted with its decline code; the customer may still pay. */
export const paymentIntentPaymentFailed: EventHandler = (context) => applyPaymentEvent(context, "failed_attempt");
