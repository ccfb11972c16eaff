import { invoiceFacts } from "../../subscriptions/subscription-facts";
import type { EventHandler } from "../handler-types";

/**
 * invoice.paid and invoice.payment_failed: subscription billing, checked against the
 * subscription the invoice bills (never against registered payments). The newest
 * event's view of the invoice is kept.
 */
export const invoicePayment: EventHandler = async ({ tx, event, object }) => {
  const facts = invoiceFacts(object);
  const subject = facts.subscriptionId ? `subscription:${facts.subscriptionId}` : `invoice:${facts.id}`;
  if (!facts.subscriptionId) {
    return { kind: "applied", effect: { kind: "invoice_recorded", subject, summary: `invoice ${facts.id} (${facts.status}) bills no subscription` } };
  }
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${facts.id}))`;
  const current = await tx.subscriptionInvoice.findUnique({ where: { id: facts.id } });
  if (current && event.created < current.lastEventCreatedAt) {
    return { kind: "applied", effect: { kind: "invoice_unchanged", subject, summary: `older than what we know of ${facts.id}` } };
  }
  const data = {
    subscriptionId: facts.subscriptionId,
    customerId: facts.customerId,
    status: facts.status,
    amountPaid: facts.amountPaid,
    amountDue: facts.amountDue,
    currency: facts.currency,
    lastEventCreatedAt: event.created,
  };
  await tx.subscriptionInvoice.upsert({ where: { id: facts.id }, create: { id: facts.id, ...data }, update: data });
  return { kind: "applied", effect: { kind: "invoice_recorded", subject, summary: `invoice ${facts.id} of ${facts.subscriptionId}: ${facts.status}` } };
};
