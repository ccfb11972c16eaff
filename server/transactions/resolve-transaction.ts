import type { Prisma, Transaction } from "../../generated/prisma/client";
import type { PaymentFacts } from "./payment-facts";

export type Resolution =
  | { found: true; transaction: Transaction; via: "reference" | "link" }
  | { found: false; why: "unknown_reference"; reference: string }
  | { found: false; why: "no_link" };

/**
 * Finds the registered payment an event belongs to: through its own reference, or
 * through a Stripe object already linked to one (the session or payment intent it
 * came from). The row is locked for the rest of the processing transaction, so
 * two events of one payment never apply concurrently.
 */
export async function resolveTransaction(tx: Prisma.TransactionClient, facts: PaymentFacts): Promise<Resolution> {
  if (facts.reference) {
    const transaction = await lockTransaction(tx, { reference: facts.reference });
    return transaction ? { found: true, transaction, via: "reference" } : { found: false, why: "unknown_reference", reference: facts.reference };
  }
  for (const objectId of [facts.objectId, ...facts.linkVia]) {
    const link = await tx.transactionLink.findUnique({ where: { objectId } });
    if (link) {
      const transaction = await lockTransaction(tx, { id: link.transactionId });
      if (transaction) return { found: true, transaction, via: "link" };
    }
  }
  return { found: false, why: "no_link" };
}

async function lockTransaction(tx: Prisma.TransactionClient, where: { reference: string } | { id: string }): Promise<Transaction | null> {
  const rows =
    "reference" in where
      ? await tx.$queryRaw<{ id: string }[]>`SELECT id FROM payment_transaction WHERE reference = ${where.reference} FOR UPDATE`
      : await tx.$queryRaw<{ id: string }[]>`SELECT id FROM payment_transaction WHERE id = ${where.id}::uuid FOR UPDATE`;
  const id = rows[0]?.id;
  return id ? tx.transaction.findUnique({ where: { id } }) : null;
}
