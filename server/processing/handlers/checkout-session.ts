import { applyPaymentEvent } from "../../transactions/apply-payment-event";
import type { EventHandler } from "../handler-types";

/** checkout.session.completed: paid at once, or linked and left pending for an async payment method. */
export const checkoutSessionCompleted: EventHandler = (context) => {
  const paymentStatus = context.object.payment_status;
  return applyPaymentEvent(context, paymentStatus === "paid" || paymentStatus === "no_payment_required" ? "paid" : "link");
};

export const checkoutSessionAsyncPaymentSucceeded: EventHandler = (context) => applyPaymentEvent(context, "paid");
export const checkoutSessionAsyncPaymentFailed: EventHandler = (context) => applyPaymentEvent(context, "failed_attempt");
export const checkoutSessionExpired: EventHandler = (context) => applyPaymentEvent(context, "checkout_expired");
