"use client";

import { Pencil } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { DialogFormEnd } from "@/components/rotation/dialog-form-end";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import type { DestinationSummary } from "@/server/destinations/destination-summary";
import type { DestinationActionSet } from "./destination-action-set";
import { fieldErrors, TYPES_HINT } from "./destination-form";
import { AllowInternalField, ForwardReleasedField } from "./flag-fields";

/** Change a destination's URL, event types, released events and internal addresses (admins); the name and endpoint stay. */
export function EditDestinationDialog({ destination, update }: { destination: DestinationSummary; update: NonNullable<DestinationActionSet["update"]> }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [forwardReleased, setForwardReleased] = useState(destination.forwardReleased);
  const [allowInternal, setAllowInternal] = useState(destination.allowInternal);
  const [pending, startTransition] = useTransition();
  const prefix = `edit-${destination.id}`;

  function reset(next: boolean) {
    setOpen(next);
    setErrors({});
    setForwardReleased(destination.forwardReleased);
    setAllowInternal(destination.allowInternal);
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    // Every field is sent, the checkboxes as true or false: an unticked box changes the setting too.
    const change = { destination: destination.id, url: String(form.get("url") ?? ""), eventTypes: String(form.get("eventTypes") ?? ""), forwardReleased, allowInternal };
    startTransition(async () => {
      const result = await update(change);
      if (!result.ok) {
        setErrors(fieldErrors(result.error));
        return;
      }
      setErrors({});
      setOpen(false);
      toast.success(`${result.data.name} changed; recorded in the audit log. Deliveries already written keep going to it.`);
      router.refresh();
    });
  }

  const describedBy = (name: string) => (errors[name] ? `${prefix}-${name}-error` : `${prefix}-${name}-hint`);
  return (
    <Dialog open={open} onOpenChange={reset}>
      <DialogTrigger asChild>
        <Button size="sm" variant="outline" data-testid="edit-destination">
          <Pencil aria-hidden /> Edit settings
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-2xl">
        <form onSubmit={submit} className="grid gap-4" noValidate aria-label={`Edit ${destination.name}`}>
          <DialogHeader>
            <DialogTitle>Edit {destination.name}</DialogTitle>
            <DialogDescription>Applies to the next attempt. The name and the endpoint cannot change: add another destination instead.</DialogDescription>
          </DialogHeader>
          <FormField id={`${prefix}-url`} label="URL" hint="https://, your app's webhook route." error={errors.url}>
            <Input id={`${prefix}-url`} name="url" type="url" defaultValue={destination.url} maxLength={2000} className="font-mono" spellCheck={false} aria-invalid={errors.url ? true : undefined} aria-describedby={describedBy("url")} />
          </FormField>
          <FormField id={`${prefix}-eventTypes`} label="Event types" hint={`${TYPES_HINT} A narrower list does not withdraw deliveries already written.`} error={errors.eventTypes}>
            <Textarea id={`${prefix}-eventTypes`} name="eventTypes" rows={2} defaultValue={destination.eventTypes.join("\n")} className="font-mono" spellCheck={false} aria-invalid={errors.eventTypes ? true : undefined} aria-describedby={describedBy("eventTypes")} />
          </FormField>
          <ForwardReleasedField id={`${prefix}-forwardReleased`} checked={forwardReleased} onChange={setForwardReleased} error={errors.forwardReleased} />
          <AllowInternalField id={`${prefix}-allowInternal`} checked={allowInternal} onChange={setAllowInternal} error={errors.allowInternal} />
          <DialogFormEnd error={errors.form} errorTestId="edit-destination-error" pending={pending} submitLabel="Save" submitTestId="save-destination" />
        </form>
      </DialogContent>
    </Dialog>
  );
}
