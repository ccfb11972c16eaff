"use client";

import { RotateCw } from "lucide-react";
import { useId, useState, useTransition, type FormEvent } from "react";
import { toast } from "sonner";
import { useActionResult } from "@/components/gatekeeper/use-action-result";
import { useReasonDialog } from "@/components/gatekeeper/use-reason-dialog";
import { DialogFormEnd } from "@/components/rotation/dialog-form-end";
import { Button } from "@/components/ui/button";
import { Consequences, ReasonField } from "@/components/ui/confirm-dialog";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { fieldClassName } from "@/components/ui/input";
import { datetimeLocalAsUtc } from "@/components/ui/time";
import type { DestinationListItem } from "@/server/destinations/list-destinations";
import type { DestinationActionSet } from "./destination-action-set";

type Which = "dead" | "failing";

/**
 * Bulk retry: the dead deliveries (or the failing ones, tried again now) written within a time
 * range, with a reason. Says how many it sent again.
 */
export function RetryDeliveriesDialog({ destination, retry }: { destination: DestinationListItem; retry: NonNullable<DestinationActionSet["retry"]> }) {
  const id = useId();
  const settle = useActionResult();
  const dialog = useReasonDialog<string | null>(null);
  const [which, setWhich] = useState<Which>(destination.counts.dead > 0 || destination.counts.failing === 0 ? "dead" : "failing");
  const [pending, startTransition] = useTransition();
  const choices: { value: Which; label: string; count: number; meaning: string }[] = [
    { value: "dead", label: "Dead", count: destination.counts.dead, meaning: "their retry window ended: each goes back to pending with a fresh one" },
    { value: "failing", label: "Failing", count: destination.counts.failing, meaning: "pending, failed at least once: each is tried again now instead of after its backoff" },
  ];

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    dialog.touch();
    if (dialog.problem) return;
    const form = new FormData(event.currentTarget);
    const from = datetimeLocalAsUtc(String(form.get("from") ?? ""));
    const to = datetimeLocalAsUtc(String(form.get("to") ?? ""));
    startTransition(async () => {
      const result = await settle(retry({ destination: destination.id, reason: dialog.reason.trim(), which, from: from || undefined, to: to || undefined }), ({ retried }) =>
        retried === 0
          ? `No ${which} delivery was written in that range: nothing was sent again.`
          : `${retried.toLocaleString("en-US")} ${which} deliver${retried === 1 ? "y" : "ies"} sent again now${destination.state === "paused" ? ": they wait until the destination is resumed" : ""}.`,
      );
      if (!result.ok) return dialog.setError(result.error);
      toast.success(result.message ?? "Sent again.");
      dialog.setOpen(false);
    });
  }

  return (
    <Dialog open={dialog.open} onOpenChange={dialog.setOpen}>
      <DialogTrigger asChild>
        <Button size="sm" variant="outline" data-testid="retry-deliveries">
          <RotateCw aria-hidden /> Bulk retry…
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-xl">
        <form onSubmit={submit} className="grid gap-4" noValidate aria-label="Bulk retry" data-testid="retry-dialog">
          <DialogHeader>
            <DialogTitle>Retry deliveries to {destination.name}</DialogTitle>
            <DialogDescription>Once your app accepts deliveries again. Each keeps its webhook-id, so your app recognises a message it did get before.</DialogDescription>
          </DialogHeader>
          <fieldset className="grid gap-2">
            <legend className="mb-1 text-sm font-medium">Which</legend>
            {choices.map((choice) => (
              <label key={choice.value} className="flex items-start gap-2 text-sm">
                <input type="radio" name="which" value={choice.value} checked={which === choice.value} onChange={() => setWhich(choice.value)} className="mt-1 accent-primary" />
                <span>
                  <span className="font-medium">
                    {choice.label} ({choice.count.toLocaleString("en-US")} now)
                  </span>
                  <span className="block text-xs text-muted-foreground">{choice.meaning}</span>
                </span>
              </label>
            ))}
          </fieldset>
          <div className="grid gap-3 sm:grid-cols-2">
            {(["from", "to"] as const).map((name) => (
              <div key={name} className="grid gap-1">
                <label htmlFor={`${id}-${name}`} className="text-sm font-medium">
                  {name === "from" ? "Written from" : "Written before"} (UTC)
                </label>
                <input id={`${id}-${name}`} name={name} type="datetime-local" step={1} className={`${fieldClassName} h-9`} aria-describedby={`${id}-range-hint`} />
              </div>
            ))}
            <p id={`${id}-range-hint`} className="text-xs text-muted-foreground sm:col-span-2">
              When the delivery was written (its event processed). Leave both empty for every {which} delivery.
            </p>
          </div>
          <Consequences
            lines={[
              "They are sent at once, each customer's still in order, with a fresh retry window.",
              ...(destination.state === "paused" ? ["The destination is paused: they wait until it is resumed."] : []),
              "Your name and reason are kept in the audit log.",
            ]}
          />
          <ReasonField value={dialog.reason} onChange={dialog.setReason} touched={dialog.touched} onBlur={dialog.touch} problem={dialog.problem} placeholder="Why now? e.g. the app's fix is deployed, INC-123" />
          <DialogFormEnd error={dialog.error} errorTestId="retry-error" pending={pending} submitLabel="Retry" submitTestId="confirm-retry" />
        </form>
      </DialogContent>
    </Dialog>
  );
}
