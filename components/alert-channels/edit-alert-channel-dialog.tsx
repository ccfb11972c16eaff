"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { fieldClassName, Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import type { AlertChannelSummary } from "@/server/alert-channels/alert-channel-summary";
import { SEVERITY_CHOICES, forgetDestination, type AlertChannelActions } from "./alert-channel-actions";

/** Change a channel's name, minimum severity, destination (blank keeps it) or recipients. */
export function EditAlertChannelDialog({ channel, update }: { channel: AlertChannelSummary; update: NonNullable<AlertChannelActions["update"]> }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pending, startTransition] = useTransition();
  const prefix = `edit-${channel.id}`;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    const data = new FormData(element);
    data.set("id", channel.id);
    startTransition(async () => {
      const result = await update(data);
      forgetDestination(element);
      if (!result.ok) {
        setErrors(result.error.fields ?? { form: result.error.message });
        return;
      }
      setErrors({});
      setOpen(false);
      toast.success(result.data.changed ? `${result.data.name} changed; recorded in the audit log.` : `${result.data.name}: nothing to change.`);
      router.refresh();
    });
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        setErrors({});
      }}
    >
      <DialogTrigger asChild>
        <Button variant="outline" size="sm" aria-label={`Edit ${channel.name}`}>
          Edit
        </Button>
      </DialogTrigger>
      <DialogContent>
        <form onSubmit={submit} className="grid gap-4" noValidate aria-label={`Edit ${channel.name}`}>
          <DialogHeader>
            <DialogTitle>Edit {channel.name}</DialogTitle>
            <DialogDescription>Changes apply to the next message. The kind cannot change: add another channel instead.</DialogDescription>
          </DialogHeader>
          <FormField id={`${prefix}-name`} label="Name" hint="Letters, digits, spaces and . _ -" error={errors.name}>
            <Input id={`${prefix}-name`} name="name" defaultValue={channel.name} maxLength={60} />
          </FormField>
          <FormField id={`${prefix}-minSeverity`} label="Sends" hint="Which alerts this channel hears about." error={errors.minSeverity}>
            <select id={`${prefix}-minSeverity`} name="minSeverity" defaultValue={channel.minSeverity} className={`${fieldClassName} h-9`}>
              {SEVERITY_CHOICES.map((choice) => (
                <option key={choice.value} value={choice.value}>
                  {choice.label}
                </option>
              ))}
            </select>
          </FormField>
          {channel.kind === "email" ? (
            <>
              <FormField id={`${prefix}-smtpUrl`} label="New SMTP URL" hint={`Leave blank to keep the current one (${channel.destination}).`} error={errors.smtpUrl}>
                <Input id={`${prefix}-smtpUrl`} name="smtpUrl" type="password" autoComplete="off" spellCheck={false} className="font-mono" data-1p-ignore data-lpignore="true" />
              </FormField>
              <FormField id={`${prefix}-from`} label="From" hint="The sender address." error={errors.from}>
                <Input id={`${prefix}-from`} name="from" type="email" defaultValue={channel.emailFrom ?? ""} />
              </FormField>
              <FormField id={`${prefix}-to`} label="To" hint="Up to 20 addresses, separated by commas or new lines." error={errors.to}>
                <Textarea id={`${prefix}-to`} name="to" rows={2} defaultValue={channel.emailTo.join(", ")} />
              </FormField>
            </>
          ) : (
            <FormField id={`${prefix}-url`} label="New URL" hint={`Leave blank to keep the current one (${channel.destination}).`} error={errors.url}>
              <Input id={`${prefix}-url`} name="url" type="password" autoComplete="off" spellCheck={false} className="font-mono" data-1p-ignore data-lpignore="true" />
            </FormField>
          )}
          {errors.form ? (
            <p role="alert" className="rounded-md border border-destructive/40 bg-destructive/10 px-3 py-2 text-sm text-destructive">
              {errors.form}
            </p>
          ) : null}
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="outline" disabled={pending}>
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" loading={pending}>
              Save
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
