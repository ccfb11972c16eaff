"use client";

import { Workflow } from "lucide-react";
import { useRouter } from "next/navigation";
import { useId, useState, useTransition, type FormEvent } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Consequences } from "@/components/ui/confirm-dialog";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import type { ActionResult } from "@/server/auth/action";
import { DialogFormEnd } from "./dialog-form-end";

export type StartStripeRotationAction = (input: { endpointName: string; stripeEndpointId?: string; confirmWithinMinutes: number }) => Promise<ActionResult<{ rotationId: string }>>;

export const DEFAULT_CONFIRM_MINUTES = 60;

/**
 * An API-driven rotation in one button: the dialog says what will happen in Stripe and here,
 * takes the optional `we_…` id and the confirm-within minutes, then opens the rotation's page.
 * Unavailable (with the reason, said next to the button) without a Stripe key.
 */
export function StripeRotationDialog({
  endpointName,
  webhookPath,
  startRotation,
  disabledReason,
  reasonId,
}: {
  endpointName: string;
  webhookPath: string;
  startRotation: StartStripeRotationAction;
  /** Why rotating is unavailable now, or null. */
  disabledReason: string | null;
  /** The id of an element beside it that already says why (one note for both buttons); otherwise the reason is written under the button. */
  reasonId?: string;
}) {
  const router = useRouter();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [minutes, setMinutes] = useState(String(DEFAULT_CONFIRM_MINUTES));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pending, startTransition] = useTransition();
  const shownMinutes = /^[0-9]+$/.test(minutes) && Number(minutes) > 0 ? Number(minutes) : DEFAULT_CONFIRM_MINUTES;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const stripeEndpointId = String(new FormData(event.currentTarget).get("stripeEndpointId") ?? "").trim();
    startTransition(async () => {
      const result = await startRotation({ endpointName, confirmWithinMinutes: Number(minutes), ...(stripeEndpointId ? { stripeEndpointId } : {}) });
      if (!result.ok) {
        setErrors(result.error.fields ?? { form: result.error.message });
        return;
      }
      setErrors({});
      setOpen(false);
      toast.success(`Rotation of ${endpointName} started: both Stripe endpoints deliver until the new one is confirmed.`);
      router.push(`/admin/rotations/${result.data.rotationId}`);
    });
  }

  return (
    <div className="flex flex-col gap-1">
      <Dialog
        open={open}
        onOpenChange={(next) => {
          setOpen(next);
          if (!next) setErrors({});
        }}
      >
        <DialogTrigger asChild>
          <Button variant="outline" disabled={disabledReason !== null} aria-describedby={disabledReason ? (reasonId ?? `${id}-disabled`) : undefined} data-testid="rotate-through-stripe">
            <Workflow aria-hidden /> Rotate through Stripe…
          </Button>
        </DialogTrigger>
        <DialogContent className="max-w-xl">
          <form onSubmit={submit} className="grid gap-4" noValidate data-testid="stripe-rotation-dialog" aria-label={`Rotate the signing secret of ${endpointName} through Stripe`}>
            <DialogHeader>
              <DialogTitle>Rotate the secret of {endpointName} through Stripe</DialogTitle>
              <DialogDescription>Hookwarden does it with the endpoint&apos;s Stripe key; no one sees the new secret, here or in Stripe.</DialogDescription>
            </DialogHeader>
            <Consequences
              lines={[
                `Creates a second Stripe webhook endpoint with the same URL (ending in ${webhookPath}), events and API version, and stores its secret encrypted.`,
                "Meanwhile Stripe delivers every event twice, once per endpoint: the ledger records the second copy as a duplicate and processes each event once.",
                "Once a delivery signed by the new secret arrives, the old Stripe endpoint is deleted and the old secret retired.",
                `If nothing signed by the new secret arrives within ${shownMinutes} minutes, it rolls back: the new Stripe endpoint is deleted and the old one keeps delivering.`,
              ]}
            />
            <div className="grid gap-1.5">
              <label htmlFor={`${id}-we`} className="text-sm font-medium">
                Stripe endpoint to rotate <span className="font-normal text-muted-foreground">(optional)</span>
              </label>
              <Input
                id={`${id}-we`}
                name="stripeEndpointId"
                placeholder="we_…"
                className="w-72 font-mono"
                spellCheck={false}
                autoComplete="off"
                aria-invalid={errors.stripeEndpointId ? true : undefined}
                aria-describedby={`${id}-we-hint`}
              />
              <p id={`${id}-we-hint`} className={errors.stripeEndpointId ? "text-xs text-destructive" : "text-xs text-muted-foreground"}>
                {errors.stripeEndpointId ?? `Empty: the one Stripe endpoint whose URL ends in ${webhookPath}.`}
              </p>
            </div>
            <div className="grid gap-1.5">
              <label htmlFor={`${id}-minutes`} className="text-sm font-medium">
                Confirm within (minutes)
              </label>
              <Input
                id={`${id}-minutes`}
                type="number"
                inputMode="numeric"
                min={1}
                max={10080}
                step={1}
                value={minutes}
                onChange={(event) => setMinutes(event.target.value)}
                className="w-32"
                aria-invalid={errors.confirmWithinMinutes ? true : undefined}
                aria-describedby={`${id}-minutes-hint`}
              />
              <p id={`${id}-minutes-hint`} className={errors.confirmWithinMinutes ? "text-xs text-destructive" : "text-xs text-muted-foreground"}>
                {errors.confirmWithinMinutes ?? "Long enough for at least one event to happen on your account (1 minute to 7 days)."}
              </p>
            </div>
            <DialogFormEnd
              error={errors.form ?? errors.endpointName ?? errors.body}
              errorTestId="stripe-rotation-error"
              pending={pending}
              submitLabel="Start the rotation"
              submitTestId="confirm-stripe-rotation"
            />
          </form>
        </DialogContent>
      </Dialog>
      {disabledReason && !reasonId ? (
        <p id={`${id}-disabled`} className="max-w-sm text-xs text-muted-foreground" data-testid="stripe-rotation-unavailable">
          {disabledReason}
        </p>
      ) : null}
    </div>
  );
}
