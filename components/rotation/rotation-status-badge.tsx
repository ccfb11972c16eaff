import { LookBadge } from "@/components/ui/look-badge";
import { ROTATION_STATUS_LOOKS } from "./looks";

/** A rotation's status: icon and word, its meaning on hover. */
export function RotationStatusBadge({ status }: { status: string }) {
  return <LookBadge look={ROTATION_STATUS_LOOKS[status as keyof typeof ROTATION_STATUS_LOOKS]} value={status} spin={status === "creating" || status === "confirming"} />;
}
