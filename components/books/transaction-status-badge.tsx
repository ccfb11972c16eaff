import { CircleCheck, CircleDashed, CircleX, Hourglass, RotateCcw, ShieldAlert } from "lucide-react";
import { LookBadge, type BadgeLook } from "@/components/ui/look-badge";
import { TRANSACTION_STATUSES, type TransactionStatus } from "@/server/transactions/transaction-status";

/**
 * How each state of a registered payment looks and what it means. Keyed by the one list of
 * states (server/transactions/transaction-status.ts): a new state fails the type check here.
 */
export const TRANSACTION_STATUS_DISPLAY = {
  pending: { label: "Pending", tone: "neutral", icon: CircleDashed, description: "Nothing has happened yet." },
  paid: { label: "Paid", tone: "success", icon: CircleCheck, description: "A payment succeeded." },
  failed: { label: "Failed", tone: "danger", icon: CircleX, description: "Attempts failed and nothing succeeded yet." },
  refunded: { label: "Refunded", tone: "waiting", icon: RotateCcw, description: "Fully refunded." },
  disputed: { label: "Disputed", tone: "critical", icon: ShieldAlert, description: "A dispute is open, or was lost." },
  expired: { label: "Expired", tone: "muted", icon: Hourglass, description: "The Checkout session expired unpaid." },
} as const satisfies Record<TransactionStatus, BadgeLook>;

function isTransactionStatus(value: string): value is TransactionStatus {
  return (TRANSACTION_STATUSES as readonly string[]).includes(value);
}

export function TransactionStatusBadge({ status }: { status: string }) {
  return <LookBadge look={isTransactionStatus(status) ? TRANSACTION_STATUS_DISPLAY[status] : undefined} value={status} attribute="data-transaction-status" />;
}

/** The one-sentence meaning of a state, for the page that explains it. */
export function transactionStatusMeaning(status: string): string {
  return isTransactionStatus(status) ? TRANSACTION_STATUS_DISPLAY[status].description : "";
}
