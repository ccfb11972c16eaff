"use client";

import { Waves } from "lucide-react";
import { useId, useTransition, type FormEvent } from "react";
import { toast } from "sonner";
import { DialogFormEnd } from "@/components/rotation/dialog-form-end";
import { Button } from "@/components/ui/button";
import { Consequences, ReasonField } from "@/components/ui/confirm-dialog";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { fieldClassName } from "@/components/ui/input";
import type { ActionResult } from "@/server/auth/action";
import type { BreakerView } from "@/server/gatekeeper/views/breaker-view";
import { STRIPE_RETRY_WARNING } from "./looks";
import { useActionResult } from "./use-action-result";
import { useReasonDialog } from "./use-reason-dialog";

/** Hours offered, up to the hard cap (HOOKWARDEN_SHED_MAX_HOURS). */
export function shedChoices(maxHours: number): number[] {
  return [...new Set([1, 2, 3, 6, 12, 24, 48].filter((hours) => hours < maxHours).concat(maxHours))];
}

/**
 * Shed mode for an open breaker: its types are answered 503 (not recorded), so Stripe keeps each
 * event and retries it later. Capped, and the dialog says why: Stripe's retries end after 3 days
 * and it disables an endpoint that fails for about 9.
 */
export function ShedDialog({
  breaker,
  shed,
  shedMaxHours,
}: {
  breaker: BreakerView;
  shed: (input: { breakerId: string; hours: number; reason: string }) => Promise<ActionResult<unknown>>;
  shedMaxHours: number;
}) {
  const id = useId();
  const settle = useActionResult();
  const { open, setOpen, reason, setReason, touched, touch, problem, error, setError } = useReasonDialog<string | null>(null);
  const [pending, startTransition] = useTransition();
  const choices = shedChoices(shedMaxHours);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    touch();
    if (problem) return;
    const hours = Number(new FormData(event.currentTarget).get("hours"));
    startTransition(async () => {
      const result = await settle(shed({ breakerId: breaker.id, hours, reason: reason.trim() }), () => `Shedding for ${hours} h: Stripe keeps these events and retries them.`);
      if (!result.ok) return setError(result.error);
      toast.success(result.message ?? "Shedding.");
      setOpen(false);
    });
  }

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button size="sm" variant="outline" data-testid="shed">
          <Waves aria-hidden /> {breaker.shedUntil ? "Change shed mode…" : "Shed mode…"}
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-xl">
        <form onSubmit={submit} className="grid gap-4" noValidate data-testid="shed-dialog" aria-label="Shed mode">
          <DialogHeader>
            <DialogTitle>Shed {breaker.eventTypes.join(", ")} on {breaker.endpoint}?</DialogTitle>
            <DialogDescription>
              Deliveries of these types are answered 503 before they are recorded, so Stripe keeps them and retries later, instead of Hookwarden holding them. For a flood too large to
              hold, or to hand the decision back to Stripe&apos;s retries.
            </DialogDescription>
          </DialogHeader>
          <div className="grid gap-1.5">
            <label htmlFor={`${id}-hours`} className="text-sm font-medium">
              Shed for
            </label>
            <select id={`${id}-hours`} name="hours" defaultValue={String(Math.min(2, shedMaxHours))} className={`${fieldClassName} h-9 w-48`} aria-describedby={`${id}-hours-hint`}>
              {choices.map((hours) => (
                <option key={hours} value={hours}>
                  {hours} h{hours === shedMaxHours ? " (the cap)" : ""}
                </option>
              ))}
            </select>
            <p id={`${id}-hours-hint`} className="text-xs text-muted-foreground">
              At most {shedMaxHours} h (HOOKWARDEN_SHED_MAX_HOURS). At the cap, shed mode ends on its own and the breaker holds again.
            </p>
          </div>
          <div role="note" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-[13px] text-amber-900 dark:border-amber-800/70 dark:bg-amber-950/40 dark:text-amber-200" data-testid="shed-warning">
            <strong className="font-medium">Why it is capped.</strong> {STRIPE_RETRY_WARNING} Shedding for hours is safe; for days it loses events.
          </div>
          <Consequences
            lines={[
              "Shed deliveries are not in the ledger until Stripe retries them; the overview and the audit log say shedding is on.",
              "Events already held stay held.",
              "A critical alert stays open while it sheds.",
            ]}
          />
          <ReasonField value={reason} onChange={setReason} touched={touched} onBlur={touch} problem={problem} />
          <DialogFormEnd error={error} errorTestId="shed-error" pending={pending} submitLabel="Shed" submitTestId="confirm-shed" destructive />
        </form>
      </DialogContent>
    </Dialog>
  );
}
