import { CircleDot, type LucideIcon } from "lucide-react";
import { Badge, type BadgeTone } from "./badge";
import { cn } from "./cn";

/** How one value of a status looks and what it means. */
export type BadgeLook = { label: string; tone: BadgeTone; icon: LucideIcon; description: string };

/**
 * The one way a status renders as a badge (events, registered payments, reconciliation runs
 * and findings): its icon and label, its meaning on hover, and the raw value in a data
 * attribute for tests. An unknown value still renders, plainly, rather than breaking the page.
 */
export function LookBadge({
  look,
  value,
  spin = false,
  attribute = "data-status",
  className,
}: {
  look: BadgeLook | undefined;
  value: string;
  spin?: boolean;
  attribute?: "data-status" | "data-transaction-status";
  className?: string;
}) {
  const shown: BadgeLook = look ?? { label: value, tone: "outline", icon: CircleDot, description: "Unknown status" };
  const Icon = shown.icon;
  return (
    <Badge tone={shown.tone} className={cn(className)} title={shown.description} {...{ [attribute]: value }}>
      <Icon aria-hidden className={spin ? "motion-safe:animate-spin" : undefined} />
      {shown.label}
    </Badge>
  );
}
