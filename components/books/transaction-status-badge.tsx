import { CircleCheck, CircleDashed, CircleX, Hourglass, RotateCcw, ShieldAlert, type LucideIcon } from "lucide-react";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { TRANSACTION_STATUSES, type TransactionStatus } from "@/server/transactions/transaction-status";

type Display = { label: string; tone: BadgeTone; icon: LucideIcon; description: string };

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
} as const satisfies Record<TransactionStatus, Display>;

function isTransactionStatus(value: string): value is TransactionStatus {
  return (TRANSACTION_STATUSES as readonly string[]).includes(value);
}

export function TransactionStatusBadge({ status }: { status: string }) {
  const display: Display = isTransactionStatus(status) ? TRANSACTION_STATUS_DISPLAY[status] : { label: status, tone: "outline", icon: CircleDashed, description: "Unknown state" };
  const Icon = display.icon;
  return (
    <Badge tone={display.tone} data-transaction-status={status} title={display.description}>
      <Icon aria-hidden />
      {display.label}
    </Badge>
  );
}

/** The one-sentence meaning of a state, for the page that explains it. */
export function transactionStatusMeaning(status: string): string {
  return isTransactionStatus(status) ? TRANSACTION_STATUS_DISPLAY[status].description : "";
}
