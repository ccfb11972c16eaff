import type { TransactionStatus } from "./transaction-status";

const CLOSED_DISPUTE = new Set(["won", "lost", "warning_closed"]);

/** Dispute statuses only move forward: a closed dispute is never reopened by an older event. */
export function mergeDisputeStatus(current: string | null, incoming: string | null): string | null {
  if (incoming === null) return current;
  if (current !== null && CLOSED_DISPUTE.has(current) && !CLOSED_DISPUTE.has(incoming)) return current;
  return incoming;
}

/**
 * A transaction's status follows from facts that only ever grow (who paid, how much
 * was refunded, failures counted, the dispute's latest state), so events applied in
 * any order end in the same status.
 */
export function deriveTransactionStatus(row: {
  paidBy: string | null;
  amount: number;
  amountRefunded: number;
  failedAttempts: number;
  checkoutExpired: boolean;
  disputeId: string | null;
  disputeStatus: string | null;
}): TransactionStatus {
  if (row.paidBy === null) {
    if (row.failedAttempts > 0) return "failed";
    return row.checkoutExpired ? "expired" : "pending";
  }
  if (row.disputeId !== null && row.disputeStatus !== "won" && row.disputeStatus !== "warning_closed") return "disputed";
  if (row.amountRefunded >= row.amount) return "refunded";
  return "paid";
}
