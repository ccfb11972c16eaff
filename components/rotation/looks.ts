import { Archive, CircleCheck, CircleOff, CircleX, Hourglass, Loader, RotateCcw, Timer, type LucideIcon } from "lucide-react";
import type { BadgeLook } from "@/components/ui/look-badge";
import type { SecretState } from "@/server/endpoints/secret-status";
import { ROTATION_STATUSES, type RotationKind, type RotationStatus } from "@/server/rotation/rotation-status";

/** How each secret state looks; the words carry the meaning, the colour only repeats it. */
export const SECRET_STATE_LOOKS = {
  active: { label: "Active", tone: "success", icon: CircleCheck, description: "Verifies deliveries, with no expiry." },
  expiring: { label: "Expiring", tone: "warning", icon: Hourglass, description: "Still verifies deliveries, until its expiry." },
  expired: { label: "Expired", tone: "muted", icon: CircleOff, description: "Past its expiry: no longer verifies deliveries." },
  retired: { label: "Retired", tone: "neutral", icon: Archive, description: "Retired: never verifies a delivery again." },
} as const satisfies Record<SecretState, BadgeLook>;

const STATUS_LOOKS: Record<RotationStatus, { label: string; tone: BadgeLook["tone"]; icon: LucideIcon }> = {
  overlap: { label: "Overlap", tone: "progress", icon: Timer },
  creating: { label: "Creating", tone: "progress", icon: Loader },
  confirming: { label: "Confirming", tone: "waiting", icon: Loader },
  completed: { label: "Completed", tone: "success", icon: CircleCheck },
  rolled_back: { label: "Rolled back", tone: "warning", icon: RotateCcw },
  failed: { label: "Failed", tone: "danger", icon: CircleX },
};

/** How each rotation status looks; its meaning is the domain's own sentence (rotation-status.ts). */
export const ROTATION_STATUS_LOOKS = Object.fromEntries(
  Object.entries(STATUS_LOOKS).map(([status, look]) => [status, { ...look, description: ROTATION_STATUSES[status as RotationStatus] }]),
) as Record<RotationStatus, BadgeLook>;

export const ROTATION_KIND_LABELS: Record<RotationKind, string> = {
  manual: "Manual roll",
  stripe_api: "Rotation through Stripe",
};

export function rotationKindLabel(kind: string): string {
  return ROTATION_KIND_LABELS[kind as RotationKind] ?? kind;
}
