"use client";

import { RotateCcw } from "lucide-react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { ActionResult } from "@/server/auth/action";

export type RollbackRotationAction = (input: { rotationId: string; reason: string }) => Promise<ActionResult<{ rotationId: string; status: "rolled_back" }>>;

/** Undo a rotation going on, with a required reason; the dialog says what comes back and what goes. */
export function RollbackRotationButton({ rotationId, kind, newSecret, newStripeEndpointId, rollback }: { rotationId: string; kind: string; newSecret: string | null; newStripeEndpointId: string | null; rollback: RollbackRotationAction }) {
  const router = useRouter();
  return (
    <ConfirmDialog
      trigger={
        <Button variant="outline" className="text-destructive hover:text-destructive" data-testid="rollback-rotation">
          <RotateCcw aria-hidden /> Roll back…
        </Button>
      }
      title="Roll back this rotation?"
      description="The endpoint goes back to the secrets it had before the rotation."
      consequences={[
        newSecret ? `The new secret ${newSecret} is retired: deliveries signed only by it are refused from now on.` : "No new secret was stored yet; nothing to retire.",
        kind === "stripe_api"
          ? `The new Stripe webhook endpoint${newStripeEndpointId ? ` ${newStripeEndpointId}` : ""} is deleted first; if Stripe cannot be reached, nothing changes. The old one keeps delivering.`
          : "The old secrets verify as before, with no expiry. In Stripe's Dashboard, the old secret only comes back if its own expiry has not passed.",
      ]}
      confirmLabel="Roll back"
      destructive
      requireReason
      onConfirm={async ({ reason }) => {
        const result = await rollback({ rotationId, reason });
        if (!result.ok) return { ok: false, error: result.error.message };
        router.refresh();
        return { ok: true, message: "Rolled back: the old secrets verify as before." };
      }}
    />
  );
}
