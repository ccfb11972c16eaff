import { prisma } from "../db";

/** Subscription statuses that entitle a customer to its product now. */
export const ENTITLING_SUBSCRIPTION_STATUSES = ["active", "trialing"];

/**
 * What a customer may use now, derived from the books on every call (so it can
 * never drift from them): active or trialing subscriptions, and paid one-time
 * payments that were neither refunded nor disputed.
 */
export async function customerEntitlements(customerId: string) {
  const [subscriptions, payments] = await Promise.all([
    prisma().subscription.findMany({ where: { customerId, status: { in: ENTITLING_SUBSCRIPTION_STATUSES } }, orderBy: { id: "asc" } }),
    prisma().transaction.findMany({ where: { status: "paid", OR: [{ paidByCustomer: customerId }, { customer: customerId }] }, orderBy: { paidAt: "asc" } }),
  ]);
  return {
    customer: customerId,
    entitlements: [
      ...subscriptions.map((subscription) => ({
        source: "subscription" as const,
        id: subscription.id,
        price: subscription.priceId,
        product: subscription.productId,
        status: subscription.status,
        until: subscription.currentPeriodEnd?.toISOString() ?? null,
        cancelAtPeriodEnd: subscription.cancelAtPeriodEnd,
      })),
      ...payments.map((payment) => ({
        source: "payment" as const,
        id: payment.reference,
        amount: payment.amount,
        currency: payment.currency,
        paidAt: payment.paidAt?.toISOString() ?? null,
      })),
    ],
  };
}
