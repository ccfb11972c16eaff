"use client";

import { CircleDot } from "lucide-react";
import { useRouter } from "next/navigation";
import { useId, useTransition, type FormEvent } from "react";
import { toast } from "sonner";
import { DialogFormEnd } from "@/components/rotation/dialog-form-end";
import { Button } from "@/components/ui/button";
import { Consequences, ReasonField } from "@/components/ui/confirm-dialog";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { fieldClassName, Input } from "@/components/ui/input";
import type { ActionResult } from "@/server/auth/action";
import type { ForcedBreaker } from "@/server/gatekeeper/force-open-breaker";
import { STRIPE_RETRY_WARNING } from "./looks";
import { shedChoices } from "./shed-dialog";
import { useReasonDialog } from "./use-reason-dialog";

export type ForceOpenAction = (input: { endpoint: string; eventTypes: string[]; reason: string; shedHours?: number }) => Promise<ActionResult<ForcedBreaker>>;

/**
 * An admin forces an endpoint's breaker open: the success types are ticked (what a forger with a
 * leaked secret sends), others can be added; shed mode from the start is optional and capped.
 */
export function ForceOpenDialog({ endpoints, successTypes, forceOpen, shedMaxHours }: { endpoints: string[]; successTypes: string[]; forceOpen: ForceOpenAction; shedMaxHours: number }) {
  const router = useRouter();
  const id = useId();
  const { open, setOpen, reason, setReason, touched, touch, problem, error: errors, setError: setErrors } = useReasonDialog<Record<string, string>>({});
  const [pending, startTransition] = useTransition();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    touch();
    if (problem) return;
    const form = new FormData(event.currentTarget);
    const others = String(form.get("otherTypes") ?? "")
      .split(/[\s,]+/)
      .map((type) => type.trim())
      .filter(Boolean);
    const eventTypes = [...form.getAll("eventTypes").map(String), ...others];
    const shedHours = Number(form.get("shedHours") ?? 0);
    startTransition(async () => {
      const result = await forceOpen({ endpoint: String(form.get("endpoint")), eventTypes, reason: reason.trim(), ...(shedHours > 0 ? { shedHours } : {}) });
      if (!result.ok) {
        setErrors(result.error.fields ?? { form: result.error.message });
        return;
      }
      setOpen(false);
      toast.success(`The breaker of ${result.data.endpoint} is open for ${result.data.eventTypes.join(", ")}${result.data.shedUntil ? ", shedding" : ""}.`);
      router.refresh();
    });
  }

  const typesError = Object.entries(errors).find(([field]) => field.startsWith("eventTypes"))?.[1];
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="destructive" size="sm" data-testid="force-open">
          <CircleDot aria-hidden /> Force a breaker open…
        </Button>
      </DialogTrigger>
      <DialogContent className="max-h-[90dvh] max-w-xl overflow-y-auto">
        <form onSubmit={submit} className="grid gap-4" noValidate data-testid="force-open-dialog" aria-label="Force a breaker open">
          <DialogHeader>
            <DialogTitle>Force a breaker open</DialogTitle>
            <DialogDescription>
              Deliveries of the chosen types keep being verified, recorded and acknowledged to Stripe, but their effects are held until someone releases them. For a leaked secret, or an
              attack the gatekeeper has not tripped on.
            </DialogDescription>
          </DialogHeader>
          <div className="grid gap-1.5">
            <label htmlFor={`${id}-endpoint`} className="text-sm font-medium">
              Endpoint
            </label>
            <select id={`${id}-endpoint`} name="endpoint" className={`${fieldClassName} h-9 w-64`} defaultValue={endpoints.includes("default") ? "default" : endpoints[0]}>
              {endpoints.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </div>
          <fieldset className="grid gap-1.5" aria-describedby={`${id}-types-hint`}>
            <legend className="mb-1 text-sm font-medium">Event types to hold</legend>
            {successTypes.map((type) => (
              <label key={type} className="flex items-center gap-2 text-sm">
                <input type="checkbox" name="eventTypes" value={type} defaultChecked />
                <span className="font-mono text-[13px]">{type}</span>
              </label>
            ))}
            <label htmlFor={`${id}-other`} className="mt-1 text-sm">
              Other types <span className="text-muted-foreground">(exact, separated by commas)</span>
            </label>
            <Input id={`${id}-other`} name="otherTypes" placeholder="invoice.payment_succeeded" className="font-mono" aria-invalid={typesError ? true : undefined} />
            <p id={`${id}-types-hint`} className={typesError ? "text-xs text-destructive" : "text-xs text-muted-foreground"}>
              {typesError ?? "Ticked: the events that say money arrived, which a forger with a leaked secret would send."}
            </p>
          </fieldset>
          <div className="grid gap-1.5">
            <label htmlFor={`${id}-shed`} className="text-sm font-medium">
              Shed mode
            </label>
            <select id={`${id}-shed`} name="shedHours" defaultValue="0" className={`${fieldClassName} h-9 w-64`} aria-describedby={`${id}-shed-hint`}>
              <option value="0">No: hold them (recommended)</option>
              {shedChoices(shedMaxHours).map((hours) => (
                <option key={hours} value={hours}>
                  Answer 503 for {hours} h{hours === shedMaxHours ? " (the cap)" : ""}
                </option>
              ))}
            </select>
            <p id={`${id}-shed-hint`} className="text-xs text-muted-foreground">
              Shedding leaves the events with Stripe, which retries them; at most {shedMaxHours} h (HOOKWARDEN_SHED_MAX_HOURS). {STRIPE_RETRY_WARNING}
            </p>
          </div>
          <Consequences lines={["Other event types are processed as usual.", "An alert opens, and every held event is listed here until released.", "Recorded with your name and reason in the audit log."]} />
          <ReasonField value={reason} onChange={setReason} touched={touched} onBlur={touch} problem={problem} />
          <DialogFormEnd error={errors.form ?? errors.endpoint ?? errors.reason ?? errors.shedHours} errorTestId="force-open-error" pending={pending} submitLabel="Force open" submitTestId="confirm-force-open" destructive />
        </form>
      </DialogContent>
    </Dialog>
  );
}
