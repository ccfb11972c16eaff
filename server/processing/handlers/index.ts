import type { EventHandler } from "../handler-types";
import { chargeFailed, chargeRefunded, chargeSucceeded } from "./charge";
import { chargeDispute } from "./charge-dispute";
import { checkoutSessionAsyncPaymentFailed, checkoutSessionAsyncPaymentSucceeded, checkoutSessionCompleted, checkoutSessionExpired } from "./checkout-session";
import { customerSubscription } from "./customer-subscription";
import { invoicePayment } from "./invoice";
import { paymentIntentPaymentFailed, paymentIntentSucceeded } from "./payment-intent";

/** Every event type Hookwarden applies. Any other type is recorded and marked `ignored`. */
export const HANDLERS: Record<string, EventHandler> = {
  "checkout.session.completed": checkoutSessionCompleted,
  "checkout.session.async_payment_succeeded": checkoutSessionAsyncPaymentSucceeded,
  "checkout.session.async_payment_failed": checkoutSessionAsyncPaymentFailed,
  "checkout.session.expired": checkoutSessionExpired,
  "payment_intent.succeeded": paymentIntentSucceeded,
  "payment_intent.payment_failed": paymentIntentPaymentFailed,
  "charge.succeeded": chargeSucceeded,
  "charge.failed": chargeFailed,
  "charge.refunded": chargeRefunded,
  "charge.dispute.created": chargeDispute,
  "charge.dispute.closed": chargeDispute,
  "invoice.paid": invoicePayment,
  "invoice.payment_failed": invoicePayment,
  "customer.subscription.created": customerSubscription,
  "customer.subscription.updated": customerSubscription,
  "customer.subscription.deleted": customerSubscription,
  "customer.subscription.paused": customerSubscription,
  "customer.subscription.resumed": customerSubscription,
};
