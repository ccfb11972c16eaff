import { prisma } from "../db";
import { AppError } from "../errors";
import { ENTITLING_SUBSCRIPTION_STATUSES, customerEntitlements } from "../subscriptions/customer-entitlements";
import type { TransactionRow } from "../transactions/list-transactions";
import { CustomerIdSchema } from "./customer-id";

export const CUSTOMER_LATEST_EVENTS = 20;

/**
 * What the books know of one Stripe customer: every subscription in the mirror (any
 * status), their entitlements (derived from the books, as the REST API derives them),
 * the registered payments that name them or that they paid, and their latest events.
 * Throws not_found when the books know nothing of them.
 */
export async function getCustomerOrThrow(input: string) {
  const parsed = CustomerIdSchema.safeParse(input);
  if (!parsed.success) throw new AppError("invalid_request", parsed.error.issues[0]?.message ?? "not a customer id");
  const customerId = parsed.data;
  const [subscriptions, payments, events, entitlements] = await Promise.all([
    prisma().subscription.findMany({ where: { customerId }, orderBy: [{ lastEventCreatedAt: "desc" }, { id: "asc" }] }),
    prisma().transaction.findMany({
      where: { OR: [{ customer: customerId }, { paidByCustomer: customerId }] },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 100,
      select: { reference: true, status: true, amount: true, currency: true, customer: true, paidAt: true, createdAt: true },
    }),
    prisma().stripeEvent.findMany({
      where: { customerId },
      orderBy: [{ firstReceivedAt: "desc" }, { id: "desc" }],
      take: CUSTOMER_LATEST_EVENTS,
      select: { id: true, stripeEventId: true, type: true, status: true, firstReceivedAt: true },
    }),
    customerEntitlements(customerId),
  ]);
  if (subscriptions.length === 0 && payments.length === 0 && events.length === 0) {
    throw new AppError("not_found", `Hookwarden knows nothing of ${customerId}: no subscription, registered payment or event names them.`);
  }
  return {
    id: customerId,
    subscriptions: subscriptions.map((subscription) => ({
      id: subscription.id,
      status: subscription.status,
      entitles: ENTITLING_SUBSCRIPTION_STATUSES.includes(subscription.status),
      price: subscription.priceId,
      product: subscription.productId,
      quantity: subscription.quantity,
      currentPeriodEnd: subscription.currentPeriodEnd?.toISOString() ?? null,
      cancelAtPeriodEnd: subscription.cancelAtPeriodEnd,
      trialEnd: subscription.trialEnd?.toISOString() ?? null,
      asOf: subscription.lastEventCreatedAt.toISOString(),
    })),
    entitlements: entitlements.entitlements,
    payments: payments.map((payment): TransactionRow => ({
      reference: payment.reference,
      status: payment.status,
      amount: payment.amount,
      currency: payment.currency,
      customer: payment.customer,
      registeredAt: payment.createdAt.toISOString(),
      paidAt: payment.paidAt?.toISOString() ?? null,
    })),
    latestEvents: events.map((event) => ({ ledgerId: event.id, id: event.stripeEventId, type: event.type, status: event.status, receivedAt: event.firstReceivedAt.toISOString() })),
  };
}
