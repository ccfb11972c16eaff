import { invoiceFacts } from "../../subscriptions/subscription-facts";
import { lockObjects } from "../../transactions/lock-objects";
import type { EventHandler } from "../handler-types";

type KnownInvoice = { last_event_created_at: Date };

/**
 * invoice.paid and invoice.payment_failed: subscription billing, checked against the
 * subscription the invoice bills (never against registered payments): an invoice
 * whose customer is not the subscription's is quarantined. The newest event's view
 * of the invoice is kept, and payments that waited for this invoice are woken.
 */
export const invoicePayment: EventHandler = async ({ sql, event, object, released }) => {
  const facts = invoiceFacts(object);
  const subject = facts.subscriptionId ? `subscription:${facts.subscriptionId}` : `invoice:${facts.id}`;
  await lockObjects(sql, [facts.id]);
  if (facts.subscriptionId && facts.customerId && !released) {
    const owners = await sql.query<{ customer_id: string }>(`SELECT customer_id FROM subscription WHERE id = $1`, [facts.subscriptionId]);
    const owner = owners[0]?.customer_id;
    if (owner && owner !== facts.customerId) {
      return {
        kind: "quarantine",
        reason: "customer_mismatch",
        evidence: [
          { field: "subscription", expected: facts.subscriptionId, received: facts.subscriptionId },
          { field: "customer", expected: owner, received: facts.customerId },
        ],
        summary: `invoice ${facts.id} bills ${facts.customerId}, but ${facts.subscriptionId} belongs to ${owner}`,
      };
    }
  }
  const linkedObjectIds = [facts.id];
  const current = (await sql.query<KnownInvoice>(`SELECT last_event_created_at FROM subscription_invoice WHERE id = $1`, [facts.id]))[0];
  if (current && event.created < current.last_event_created_at) {
    return { kind: "applied", effect: { kind: "invoice_unchanged", subject, summary: `older than what we know of ${facts.id}` }, linkedObjectIds };
  }
  await sql.query(
    `INSERT INTO subscription_invoice (id, subscription_id, customer_id, status, amount_paid, amount_due, currency, last_event_created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (id) DO UPDATE SET subscription_id = excluded.subscription_id, customer_id = excluded.customer_id, status = excluded.status,
       amount_paid = excluded.amount_paid, amount_due = excluded.amount_due, currency = excluded.currency, last_event_created_at = excluded.last_event_created_at`,
    [facts.id, facts.subscriptionId, facts.customerId, facts.status, facts.amountPaid, facts.amountDue, facts.currency, event.created],
  );
  const bills = facts.subscriptionId ? `of ${facts.subscriptionId}` : "(bills no subscription)";
  return { kind: "applied", effect: { kind: "invoice_recorded", subject, summary: `invoice ${facts.id} ${bills}: ${facts.status}` }, linkedObjectIds };
};
