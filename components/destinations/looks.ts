import { Ban, CircleCheck, CirclePause, CirclePlay, Clock, RotateCw, Skull, Timer, XCircle } from "lucide-react";
import type { BadgeLook } from "@/components/ui/look-badge";
import type { AttemptOutcome, DeliveryStatus, DestinationState } from "@/server/destinations/destination-states";
import type { DestinationDeliveryView } from "@/server/destinations/list-destinations";

/**
 * How destinations, deliveries and attempts look. Keyed by the domain's lists of states
 * (server/destinations/destination-states.ts): a new state fails the type check here until it has a look.
 */
export const DESTINATION_STATE_LOOKS = {
  active: { label: "Active", tone: "success", icon: CirclePlay, description: "Processed events of its types are sent to it as they are processed." },
  paused: { label: "Paused", tone: "warning", icon: CirclePause, description: "Nothing is sent to it; its deliveries wait, none is lost. Resume sends them in order." },
} as const satisfies Record<DestinationState, BadgeLook>;

export const DELIVERY_STATUS_LOOKS = {
  pending: { label: "Pending", tone: "progress", icon: Clock, description: "Waiting for its first attempt (or behind an earlier event of the same customer)." },
  delivered: { label: "Delivered", tone: "success", icon: CircleCheck, description: "The app answered 2xx." },
  dead: { label: "Dead", tone: "critical", icon: Skull, description: "Still failing when its retry window ended: a bulk retry sends it again." },
} as const satisfies Record<DeliveryStatus, BadgeLook>;

/** A pending delivery that has failed at least once: retried with backoff. */
export const RETRYING_LOOK: BadgeLook = { label: "Retrying", tone: "warning", icon: RotateCw, description: "Failed at least once; tried again with backoff until its retry window ends." };

export function deliveryLook(delivery: Pick<DestinationDeliveryView, "status" | "attempts">): BadgeLook {
  return delivery.status === "pending" && delivery.attempts > 0 ? RETRYING_LOOK : DELIVERY_STATUS_LOOKS[delivery.status];
}

export const ATTEMPT_OUTCOME_LOOKS = {
  delivered: { label: "Delivered", tone: "success", icon: CircleCheck, description: "Answered 2xx." },
  failed: { label: "Failed", tone: "danger", icon: XCircle, description: "Answered something other than 2xx, or the connection failed." },
  timeout: { label: "Timed out", tone: "danger", icon: Timer, description: "No answer within HOOKWARDEN_DESTINATION_TIMEOUT_SECONDS." },
  refused: { label: "Refused", tone: "critical", icon: Ban, description: "Not sent: the address is internal and the destination may not reach internal addresses." },
} as const satisfies Record<AttemptOutcome, BadgeLook>;

/** "1 delivery", "3 deliveries". */
export const deliveries = (count: number) => `${count.toLocaleString("en-US")} deliver${count === 1 ? "y" : "ies"}`;
