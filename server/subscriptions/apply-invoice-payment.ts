import type { HandlerContext, HandlerOutcome } from "../processing/handler-types";
import type { Evidence, QuarantineReason } from "../quarantine/quarantine-reasons";
import type { PaymentFacts } from "../transactions/payment-facts";
import { lockObjects } from "../transactions/lock-objects";

type KnownInvoice = { customer_id: string | null; subscription_id: string | null; amount_due: number | null; currency: string | null };

/**
 * A payment event that belongs to an invoice (subscription billing) is checked
 * against that invoice, never against registered payments, and is never
 * quarantined merely for lacking a reference. Stripe often sends the charge before
 * `invoice.paid`, so an invoice we have not seen yet is waited for (`awaiting_link`,
 * woken when the invoice event is applied); after the deadline the payment is
 * recorded as unchecked rather than held back for ever.
 */
export async function applyInvoicePayment(context: HandlerContext, facts: PaymentFacts, invoiceId: string): Promise<HandlerOutcome> {
  const subject = `invoice:${invoiceId}`;
  let invoice = await findInvoice(context, invoiceId);
  const mayWait = context.now < context.linkDeadline && !context.released;
  if (!invoice && mayWait) {
    // The invoice handler takes the same lock: it either committed (we see it now) or will wake us.
    await lockObjects(context.sql, [invoiceId]);
    invoice = await findInvoice(context, invoiceId);
  }
  if (!invoice) {
    if (mayWait) return { kind: "await_link", objectId: invoiceId, summary: `waiting for invoice ${invoiceId}` };
    const why = context.released ? "released by an operator" : "the invoice was never seen; not checked";
    return { kind: "applied", effect: { kind: "invoice_payment", subject, summary: `${facts.objectType} ${facts.objectId} of invoice ${invoiceId} (${why})`, detail: { object: facts.objectId, checked: false } } };
  }

  if (!context.released) {
    const disagreement = disagreementWithInvoice(invoiceId, invoice, facts);
    if (disagreement) return { kind: "quarantine", ...disagreement, summary: `does not agree with invoice ${invoiceId}` };
  }
  const of = invoice.subscription_id ? ` of ${invoice.subscription_id}` : "";
  return {
    kind: "applied",
    effect: { kind: "invoice_payment", subject, summary: `${facts.objectType} ${facts.objectId} pays invoice ${invoiceId}${of}`, detail: { object: facts.objectId, checked: true } },
  };
}

async function findInvoice(context: HandlerContext, invoiceId: string): Promise<KnownInvoice | null> {
  const rows = await context.sql.query<KnownInvoice>(`SELECT customer_id, subscription_id, amount_due, currency FROM subscription_invoice WHERE id = $1`, [invoiceId]);
  return rows[0] ?? null;
}

/** The invoice's customer, currency and amount due against the payment's; the first difference names the reason. */
function disagreementWithInvoice(invoiceId: string, invoice: KnownInvoice, facts: PaymentFacts): { reason: QuarantineReason; evidence: Evidence } | null {
  const found: { reason: QuarantineReason; field: string; expected: unknown; received: unknown }[] = [];
  if (invoice.customer_id && facts.customerId && invoice.customer_id !== facts.customerId) {
    found.push({ reason: "customer_mismatch", field: "customer", expected: invoice.customer_id, received: facts.customerId });
  }
  if (invoice.currency && facts.currency && invoice.currency.toLowerCase() !== facts.currency.toLowerCase()) {
    found.push({ reason: "currency_mismatch", field: "currency", expected: invoice.currency, received: facts.currency });
  }
  if (invoice.amount_due !== null && facts.amount !== null && facts.objectType !== "dispute" && facts.amount !== invoice.amount_due) {
    found.push({ reason: "amount_mismatch", field: "amount", expected: invoice.amount_due, received: facts.amount });
  }
  const first = found[0];
  if (!first) return null;
  return { reason: first.reason, evidence: [{ field: "invoice", expected: invoiceId, received: invoiceId }, ...found.map(({ field, expected, received }) => ({ field, expected, received }))] };
}
