import {
  CircleCheck,
  CircleDashed,
  CircleDot,
  CirclePause,
  CircleSlash,
  CircleX,
  Clock,
  Link2,
  Loader,
  ShieldAlert,
  Skull,
  type LucideIcon,
} from "lucide-react";
import { EVENT_STATUSES, type EventStatus } from "@/server/ledger/event-status";
import { Badge, type BadgeTone } from "./badge";
import { cn } from "./cn";

type StatusDisplay = { label: string; tone: BadgeTone; icon: LucideIcon; description: string };

/**
 * How each ledger status looks and what it means. Keyed by the one list of statuses
 * (server/ledger/event-status.ts): adding a status there fails the type check here until it has a look.
 */
export const EVENT_STATUS_DISPLAY = {
  received: { label: "Received", tone: "neutral", icon: CircleDashed, description: "Recorded; not yet handed to processing." },
  queued: { label: "Queued", tone: "info", icon: Clock, description: "Waiting for a worker." },
  processing: { label: "Processing", tone: "progress", icon: Loader, description: "A worker is applying it now." },
  processed: { label: "Processed", tone: "success", icon: CircleCheck, description: "Its effect was applied, exactly once." },
  awaiting_link: { label: "Awaiting link", tone: "waiting", icon: Link2, description: "A payment event waiting for the session or payment intent that links it." },
  quarantined: { label: "Quarantined", tone: "warning", icon: ShieldAlert, description: "Does not match the registered payment: an operator decides." },
  held: { label: "Held", tone: "warning", icon: CirclePause, description: "Stored but not applied while the breaker is open." },
  failed: { label: "Failed", tone: "danger", icon: CircleX, description: "Processing failed; it will be retried." },
  dead: { label: "Dead", tone: "critical", icon: Skull, description: "Out of retries: needs an operator." },
  ignored: { label: "Ignored", tone: "muted", icon: CircleSlash, description: "No handler for this type; it can be replayed once one exists." },
} as const satisfies Record<EventStatus, StatusDisplay>;

export function isEventStatus(value: string): value is EventStatus {
  return (EVENT_STATUSES as readonly string[]).includes(value);
}

export type StatusBadgeProps = {
  /** An event status; an unknown value still renders, plainly, rather than breaking the page. */
  status: EventStatus | (string & {});
  className?: string;
};

export function StatusBadge({ status, className }: StatusBadgeProps) {
  const display: StatusDisplay = isEventStatus(status)
    ? EVENT_STATUS_DISPLAY[status]
    : { label: status, tone: "outline", icon: CircleDot, description: "Unknown status" };
  const Icon = display.icon;
  return (
    <Badge tone={display.tone} className={cn(className)} data-status={status} title={display.description}>
      <Icon aria-hidden className={status === "processing" ? "motion-safe:animate-spin" : undefined} />
      {display.label}
    </Badge>
  );
}
