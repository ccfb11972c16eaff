import { CalendarX2, Coins, Copy, FileQuestion, HelpCircle, ShieldAlert, Unlink, UserX, type LucideIcon } from "lucide-react";
import { QUARANTINE_REASONS, type QuarantineReason } from "@/server/quarantine/quarantine-reasons";
import { Badge } from "./badge";

/** Label and icon per quarantine reason; the explanation itself lives next to the codes (server/quarantine/quarantine-reasons.ts). */
export const QUARANTINE_REASON_DISPLAY = {
  unknown_reference: { label: "Unknown reference", icon: FileQuestion },
  amount_mismatch: { label: "Amount mismatch", icon: Coins },
  currency_mismatch: { label: "Currency mismatch", icon: Coins },
  customer_mismatch: { label: "Customer mismatch", icon: UserX },
  expired_reference: { label: "Expired reference", icon: CalendarX2 },
  duplicate_payment: { label: "Duplicate payment", icon: Copy },
  missing_reference: { label: "Missing reference", icon: Unlink },
  unconfirmed_by_stripe: { label: "Unconfirmed by Stripe", icon: ShieldAlert },
  fraud_confirmed: { label: "Fraud confirmed", icon: ShieldAlert },
} as const satisfies Record<QuarantineReason, { label: string; icon: LucideIcon }>;

export function isQuarantineReason(value: string): value is QuarantineReason {
  return Object.hasOwn(QUARANTINE_REASONS, value);
}

export type ReasonBadgeProps = { reason: QuarantineReason | (string & {}); className?: string };

export function ReasonBadge({ reason, className }: ReasonBadgeProps) {
  const known = isQuarantineReason(reason);
  const Icon = known ? QUARANTINE_REASON_DISPLAY[reason].icon : HelpCircle;
  return (
    <Badge tone="warning" className={className} title={known ? QUARANTINE_REASONS[reason] : undefined} data-reason={reason}>
      <Icon aria-hidden />
      {known ? QUARANTINE_REASON_DISPLAY[reason].label : reason}
    </Badge>
  );
}
