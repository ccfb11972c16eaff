import { prisma } from "../db";
import { decodeEventCursor, encodeEventCursor } from "../ledger/event-cursor";
import { AppError } from "../errors";
import type { TransactionStatus } from "./transaction-status";

export const TRANSACTIONS_PAGE_SIZE = 25;

export type TransactionRow = {
  reference: string;
  status: TransactionStatus | (string & {});
  amount: number;
  currency: string;
  customer: string | null;
  registeredAt: string;
  paidAt: string | null;
};

/**
 * The latest registered payments, newest registration first, with keyset pagination
 * on (created_at, id): a page costs the same at any depth, and a payment registered
 * meanwhile never shifts the next page. Pass `nextCursor` back as `cursor`.
 */
export async function listTransactions(options: { cursor?: string | null; limit?: number } = {}): Promise<{ transactions: TransactionRow[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(options.limit ?? TRANSACTIONS_PAGE_SIZE, 1), 200);
  const after = options.cursor ? decodeEventCursor(options.cursor) : null;
  if (options.cursor && !after) throw new AppError("invalid_request", "cursor is not one this list handed out");
  const rows = await prisma().transaction.findMany({
    where: after ? { OR: [{ createdAt: { lt: after.receivedAt } }, { createdAt: after.receivedAt, id: { lt: after.id } }] } : {},
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: { id: true, reference: true, status: true, amount: true, currency: true, customer: true, createdAt: true, paidAt: true },
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    transactions: page.map((row) => ({
      reference: row.reference,
      status: row.status,
      amount: row.amount,
      currency: row.currency,
      customer: row.customer,
      registeredAt: row.createdAt.toISOString(),
      paidAt: row.paidAt?.toISOString() ?? null,
    })),
    nextCursor: rows.length > limit && last ? encodeEventCursor(last.createdAt, last.id) : null,
  };
}
