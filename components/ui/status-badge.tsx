import {
  CircleCheck,
  CircleDashed,
  CirclePause,
  CircleSlash,
  CircleX,
  Clock,
  Link2,
  Loader,
  ShieldAlert,
  Skull,
} from "lucide-react";
import { EVENT_STATUSES, type EventStatus } from "@/server/ledger/event-status";
import { LookBadge, type BadgeLook } from "./look-badge";


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
} as const satisfies Record<EventStatus, BadgeLook>;

export function isEventStatus(value: string): value is EventStatus {
  return (EVENT_STATUSES as readonly string[]).includes(value);
}

export type StatusBadgeProps = {
  /** An event status; an unknown value still renders, plainly, rather than breaking the page. */
  status: EventStatus | (string & {});
  className?: string;
};

export function StatusBadge({ status, className }: StatusBadgeProps) {
  return <LookBadge look={isEventStatus(status) ? EVENT_STATUS_DISPLAY[status] : undefined} value={status} spin={status === "processing"} className={className} />;
}
