import { CircleAlert, CircleCheck, CircleDot, CircleX, Loader, Wrench, XCircle } from "lucide-react";
import { LookBadge, type BadgeLook } from "@/components/ui/look-badge";
import type { FindingStatus, RunStatus } from "@/server/reconcile/reconciliation-kinds";

/** How each run status looks and what it means; `interrupted` is a running run whose heartbeat stopped. */
export const RUN_STATUS_DISPLAY = {
  running: { label: "Running", tone: "progress", icon: Loader, description: "Asking Stripe now; the figures update as it goes." },
  succeeded: { label: "Succeeded", tone: "success", icon: CircleCheck, description: "Went through everything it was asked to compare." },
  failed: { label: "Failed", tone: "danger", icon: CircleX, description: "Stopped with an error; what it found until then is kept." },
  interrupted: { label: "Interrupted", tone: "warning", icon: CircleAlert, description: "The process running it stopped; start it again." },
} as const satisfies Record<RunStatus | "interrupted", BadgeLook>;

export const FINDING_STATUS_DISPLAY = {
  open: { label: "Open", tone: "warning", icon: CircleDot, description: "Found and not repaired (a dry run, or a kind that needs an operator)." },
  repaired: { label: "Repaired", tone: "success", icon: Wrench, description: "Repaired through the effect path; the repair event is linked." },
  dismissed: { label: "Dismissed", tone: "neutral", icon: XCircle, description: "An operator decided to leave it as it is." },
} as const satisfies Record<FindingStatus, BadgeLook>;

export function RunStatusBadge({ status }: { status: RunStatus | "interrupted" | (string & {}) }) {
  return <LookBadge look={RUN_STATUS_DISPLAY[status as keyof typeof RUN_STATUS_DISPLAY]} value={status} spin={status === "running"} />;
}

export function FindingStatusBadge({ status }: { status: FindingStatus | (string & {}) }) {
  return <LookBadge look={FINDING_STATUS_DISPLAY[status as keyof typeof FINDING_STATUS_DISPLAY]} value={status} />;
}
