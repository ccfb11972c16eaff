import type { Transaction } from "../../generated/prisma/client";
import type { HandlerContext, HandlerOutcome } from "../processing/handler-types";
import { applyInvoicePayment } from "../subscriptions/apply-invoice-payment";
import { checkAgreement } from "./check-agreement";
import { lockObjects } from "./lock-objects";
import { deriveTransactionStatus, mergeDisputeStatus } from "./derive-transaction-status";
import { paymentFacts, type PaymentFacts } from "./payment-facts";
import { resolveTransaction } from "./resolve-transaction";
import { transactionSubject } from "./transaction-subject";

/** What a payment event does to its transaction. */
export type PaymentAction = "paid" | "failed_attempt" | "refund" | "dispute" | "checkout_expired" | "link";

/**
 * The cross-reference and the effect of one payment event, inside the processing
 * transaction: find the registered payment (by reference or link), check that the
 * event agrees with it, then merge the event's facts into it. Events that belong to
 * an invoice are subscription billing: checked against their invoice and
 * subscription, never judged by reference.
 */
export async function applyPaymentEvent(context: HandlerContext, action: PaymentAction): Promise<HandlerOutcome> {
  const facts = paymentFacts(context.object);
  if (facts.invoiceId) return applyInvoicePayment(context, facts, facts.invoiceId);

  let resolution = await resolveTransaction(context.sql, facts);
  const mayWait = facts.objectType !== "checkout.session" && context.now < context.linkDeadline;
  if (!resolution.found && resolution.why === "no_link" && mayWait && !context.released) {
    // Before deciding to wait, take the objects' locks and look again: an event that
    // links them either committed already (we see its link now) or waits for our
    // commit and then wakes us. Without this, a wake-up could be lost in between.
    await lockObjects(context.sql, [facts.objectId, ...facts.linkVia]);
    resolution = await resolveTransaction(context.sql, facts);
  }
  if (!resolution.found) {
    if (context.released) return applied("released_unmatched", null, `released by an operator; no registered payment for ${facts.objectId}`, facts);
    if (resolution.why === "unknown_reference") {
      return {
        kind: "quarantine",
        reason: "unknown_reference",
        evidence: [{ field: "reference", expected: "a registered reference", received: resolution.reference }],
        summary: `no registered payment has reference ${resolution.reference}`,
      };
    }
    // Sessions are judged at once; charges and payment intents may still be linked by an event to come.
    if (mayWait) {
      return { kind: "await_link", objectId: facts.linkVia[0] ?? facts.objectId, summary: `waiting for ${facts.linkVia[0] ?? facts.objectId} to be linked` };
    }
    if (context.noReferencePolicy === "allow") return applied("unreferenced_payment", null, `${facts.objectType} ${facts.objectId} has no reference (endpoint allows it)`, facts);
    return {
      kind: "quarantine",
      reason: "missing_reference",
      evidence: [{ field: "reference", expected: "metadata.hookwarden_ref, client_reference_id or a linked session/payment intent", received: null }],
      summary: `${facts.objectType} ${facts.objectId} carries no reference and nothing linked it`,
    };
  }

  const transaction = resolution.transaction;
  if (!context.released) {
    const disagreement = checkAgreement(transaction, facts, context.event.created, action === "paid");
    if (disagreement) {
      return { kind: "quarantine", reason: disagreement.reason, evidence: disagreement.evidence, summary: `does not agree with ${transaction.reference}` };
    }
  }

  await lockObjects(context.sql, facts.linkable);
  const next = merge(transaction, facts, action, context.event.created);
  const status = deriveTransactionStatus({ ...next, amount: transaction.amount });
  await context.sql.query(
    `WITH updated AS (
       UPDATE payment_transaction SET status = $2, paid_by = $3, paid_at = $4, paid_by_customer = $5, amount_refunded = $6,
         failed_attempts = $7, last_decline_code = $8, last_failure_at = $9, checkout_expired = $10, dispute_id = $11,
         dispute_status = $12, last_event_created_at = $13, updated_at = now()
       WHERE id = $1::uuid RETURNING id)
     INSERT INTO transaction_link (object_id, transaction_id, event_id)
     SELECT object_id, updated.id, $15::uuid FROM updated, unnest($14::text[]) AS object_id
     ON CONFLICT (object_id) DO NOTHING`,
    [
      transaction.id, status, next.paidBy, next.paidAt, next.paidByCustomer, next.amountRefunded, next.failedAttempts, next.lastDeclineCode,
      next.lastFailureAt, next.checkoutExpired, next.disputeId, next.disputeStatus, next.lastEventCreatedAt, facts.linkable, context.event.ledgerId,
    ],
  );
  const summary = status === transaction.status ? `${action} recorded on ${transaction.reference} (still ${status})` : `${transaction.reference}: ${transaction.status} → ${status}`;
  return {
    kind: "applied",
    effect: { kind: `transaction_${action}`, subject: transactionSubject(transaction.reference), summary, detail: { from: transaction.status, to: status, payment: facts.paymentId } },
    linkedObjectIds: facts.linkable,
  };
}

function applied(kind: string, subject: string | null, summary: string, facts: PaymentFacts): HandlerOutcome {
  return { kind: "applied", effect: { kind, subject, summary, detail: { object: facts.objectId } } };
}

/** Merges an event's facts: each field only grows, so the order of events does not matter. */
function merge(row: Transaction, facts: PaymentFacts, action: PaymentAction, created: Date) {
  const newer = row.lastEventCreatedAt === null || created >= row.lastEventCreatedAt;
  const next = {
    paidBy: row.paidBy,
    paidAt: row.paidAt,
    paidByCustomer: row.paidByCustomer ?? facts.customerId,
    amountRefunded: row.amountRefunded,
    failedAttempts: row.failedAttempts,
    lastDeclineCode: row.lastDeclineCode,
    lastFailureAt: row.lastFailureAt,
    checkoutExpired: row.checkoutExpired,
    disputeId: row.disputeId,
    disputeStatus: row.disputeStatus,
    lastEventCreatedAt: newer ? created : row.lastEventCreatedAt,
  };
  switch (action) {
    case "paid":
      next.paidBy ??= facts.paymentId;
      next.paidAt = next.paidAt === null || created < next.paidAt ? created : next.paidAt;
      break;
    case "failed_attempt": {
      next.failedAttempts += 1;
      // The latest failure's decline code wins; for failures in the same second, the greater code, so that order never matters.
      const code = facts.declineCode ?? "unknown";
      const later = next.lastFailureAt === null || created > next.lastFailureAt || (created.getTime() === next.lastFailureAt.getTime() && code > (next.lastDeclineCode ?? ""));
      if (later) {
        next.lastFailureAt = created;
        next.lastDeclineCode = code;
      }
      break;
    }
    case "refund":
      next.amountRefunded = Math.max(next.amountRefunded, facts.amountRefunded ?? 0);
      break;
    case "dispute":
      next.disputeId ??= facts.objectId;
      next.disputeStatus = mergeDisputeStatus(next.disputeStatus, facts.disputeStatus);
      break;
    case "checkout_expired":
      next.checkoutExpired = true;
      break;
    case "link":
      break;
  }
  return next;
}
