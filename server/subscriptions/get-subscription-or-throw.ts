import { prisma } from "../db";
import { AppError } from "../errors";

/** The subscription mirror and its invoices. */
export async function getSubscriptionOrThrow(id: string) {
  const row = await prisma().subscription.findUnique({ where: { id } });
  if (!row) throw new AppError("not_found", `No subscription ${id} in the mirror.`);
  const invoices = await prisma().subscriptionInvoice.findMany({ where: { subscriptionId: id }, orderBy: { lastEventCreatedAt: "desc" } });
  return {
    id: row.id,
    customer: row.customerId,
    status: row.status,
    price: row.priceId,
    product: row.productId,
    quantity: row.quantity,
    currentPeriodEnd: row.currentPeriodEnd?.toISOString() ?? null,
    cancelAtPeriodEnd: row.cancelAtPeriodEnd,
    trialEnd: row.trialEnd?.toISOString() ?? null,
    asOf: row.lastEventCreatedAt.toISOString(),
    invoices: invoices.map((invoice) => ({ id: invoice.id, status: invoice.status, amountPaid: invoice.amountPaid, amountDue: invoice.amountDue, currency: invoice.currency })),
  };
}
