import type { Transaction } from "../../generated/prisma/client";
import type { Sql } from "../db";
import type { PaymentFacts } from "./payment-facts";

export type Resolution =
  | { found: true; transaction: Transaction; via: "reference" | "link" }
  | { found: false; why: "unknown_reference"; reference: string }
  | { found: false; why: "no_link" };

/** Every column of a registered payment, named as the Prisma model names them. */
const TRANSACTION_COLUMNS = `t.id, t.reference, t.amount, t.currency, t.customer, t.expires_at AS "expiresAt", t.status,
  t.paid_by AS "paidBy", t.paid_at AS "paidAt", t.paid_by_customer AS "paidByCustomer", t.amount_refunded AS "amountRefunded",
  t.failed_attempts AS "failedAttempts", t.last_decline_code AS "lastDeclineCode", t.last_failure_at AS "lastFailureAt",
  t.checkout_expired AS "checkoutExpired", t.dispute_id AS "disputeId", t.dispute_status AS "disputeStatus",
  t.last_event_created_at AS "lastEventCreatedAt", t.created_at AS "createdAt", t.updated_at AS "updatedAt"`;

/**
 * Finds the registered payment an event belongs to: through its own reference, or
 * through a Stripe object already linked to one (the session or payment intent it
 * came from, nearest first). The row is locked for the rest of the processing
 * transaction, so two events of one payment never apply concurrently.
 */
export async function resolveTransaction(sql: Sql, facts: PaymentFacts): Promise<Resolution> {
  if (facts.reference) {
    const rows = await sql.query<Transaction>(`SELECT ${TRANSACTION_COLUMNS} FROM payment_transaction t WHERE t.reference = $1 FOR UPDATE`, [facts.reference]);
    const transaction = rows[0];
    return transaction ? { found: true, transaction, via: "reference" } : { found: false, why: "unknown_reference", reference: facts.reference };
  }
  const rows = await sql.query<Transaction>(
    `SELECT ${TRANSACTION_COLUMNS} FROM transaction_link l JOIN payment_transaction t ON t.id = l.transaction_id
     WHERE l.object_id = ANY($1::text[]) ORDER BY array_position($1::text[], l.object_id) LIMIT 1 FOR UPDATE OF t`,
    [[facts.objectId, ...facts.linkVia]],
  );
  const transaction = rows[0];
  return transaction ? { found: true, transaction, via: "link" } : { found: false, why: "no_link" };
}
