"use client";

import { Plus, TriangleAlert } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { fieldClassName, Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import type { DestinationSummary } from "@/server/destinations/destination-summary";
import type { DestinationActionSet } from "./destination-action-set";
import { SigningSecretPanel } from "./signing-secret-panel";
import { fieldErrors, INTERNAL_WARNING, TYPES_HINT } from "./destination-form";

type Created = DestinationSummary & { signingSecret: string };

/**
 * Add a destination (admins): name, endpoint, URL, event types, released events, internal
 * addresses. The domain's refusal of a field shows next to it; once added, the dialog shows the
 * signing secret, once, with a copy button.
 */
export function AddDestinationDialog({ endpoints, create }: { endpoints: string[]; create: NonNullable<DestinationActionSet["create"]> }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<Created | null>(null);
  const [forwardReleased, setForwardReleased] = useState(false);
  const [allowInternal, setAllowInternal] = useState(false);
  const [pending, startTransition] = useTransition();

  function reset(next: boolean) {
    setOpen(next);
    setErrors({});
    setCreated(null);
    setForwardReleased(false);
    setAllowInternal(false);
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    data.set("forwardReleased", String(forwardReleased));
    data.set("allowInternal", String(allowInternal));
    startTransition(async () => {
      const result = await create(data);
      if (!result.ok) {
        setErrors(fieldErrors(result.error));
        return;
      }
      setErrors({});
      setCreated(result.data);
      toast.success(`Destination ${result.data.name} added; recorded in the audit log.`);
      router.refresh();
    });
  }

  const describedBy = (name: string) => (errors[name] ? `destination-${name}-error` : `destination-${name}-hint`);
  const invalid = (name: string) => (errors[name] ? true : undefined);
  return (
    <Dialog open={open} onOpenChange={reset}>
      <DialogTrigger asChild>
        <Button data-testid="add-destination">
          <Plus aria-hidden /> Add destination
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-2xl">
        {created ? (
          <>
            <DialogHeader>
              <DialogTitle>Signing secret of {created.name}</DialogTitle>
              <DialogDescription>
                Processed {created.eventTypes.join(", ")} events of <span className="font-mono">{created.endpoint}</span> are forwarded to <span className="font-mono">{created.url}</span>. Copy the secret into your app now.
              </DialogDescription>
            </DialogHeader>
            <SigningSecretPanel secret={created.signingSecret} fingerprint={created.secretFingerprint} />
            <DialogFooter>
              <Button variant="outline" asChild>
                <Link href={`/destinations/${created.id}`}>Open {created.name}</Link>
              </Button>
              <Button onClick={() => reset(false)}>I have stored it</Button>
            </DialogFooter>
          </>
        ) : (
          <form onSubmit={submit} className="grid gap-4" noValidate aria-label="Add a destination">
            <DialogHeader>
              <DialogTitle>Add a destination</DialogTitle>
              <DialogDescription>Your app&apos;s webhook route. Each processed event of the chosen types is sent to it once, signed, retried until your app answers 2xx.</DialogDescription>
            </DialogHeader>
            <div className="grid gap-4 sm:grid-cols-2">
              <FormField id="destination-name" label="Name" hint="Lower-case letters, digits, - and _: orders-app." error={errors.name}>
                <Input id="destination-name" name="name" required maxLength={60} placeholder="orders-app" autoComplete="off" spellCheck={false} aria-invalid={invalid("name")} aria-describedby={describedBy("name")} />
              </FormField>
              <FormField id="destination-endpoint" label="Endpoint" hint="Whose events: the Stripe endpoint they arrive on." error={errors.endpoint}>
                <select id="destination-endpoint" name="endpoint" defaultValue={endpoints.includes("default") ? "default" : endpoints[0]} className={`${fieldClassName} h-9`} aria-invalid={invalid("endpoint")} aria-describedby={describedBy("endpoint")}>
                  {endpoints.map((endpoint) => (
                    <option key={endpoint} value={endpoint}>
                      {endpoint}
                    </option>
                  ))}
                </select>
              </FormField>
            </div>
            <FormField id="destination-url" label="URL" hint="https://, the route in your app that receives the events. Redirects are not followed." error={errors.url}>
              <Input id="destination-url" name="url" type="url" required maxLength={2000} placeholder="https://app.example.com/webhooks/hookwarden" className="font-mono" autoComplete="off" spellCheck={false} aria-invalid={invalid("url")} aria-describedby={describedBy("url")} />
            </FormField>
            <FormField id="destination-eventTypes" label="Event types" hint={TYPES_HINT} error={errors.eventTypes}>
              <Textarea id="destination-eventTypes" name="eventTypes" rows={2} required placeholder={"payment_intent.*\ninvoice.paid"} className="font-mono" spellCheck={false} aria-invalid={invalid("eventTypes")} aria-describedby={describedBy("eventTypes")} />
            </FormField>
            <FlagField id="destination-forwardReleased" checked={forwardReleased} onChange={setForwardReleased} label="Forward released events" error={errors.forwardReleased}>
              Also send events an operator released from quarantine (applied although they did not match the registered payment). Off: your app receives only events that passed every check.
            </FlagField>
            <FlagField id="destination-allowInternal" checked={allowInternal} onChange={setAllowInternal} label="Allow internal addresses" error={errors.allowInternal}>
              <span className={allowInternal ? "text-amber-800 dark:text-amber-300" : undefined} data-testid="internal-warning">
                <TriangleAlert className="mr-1 inline size-3.5 align-[-2px]" aria-hidden />
                {INTERNAL_WARNING}
              </span>
            </FlagField>
            {errors.form ? (
              <p role="alert" className="rounded-md border border-destructive/40 bg-destructive/10 px-3 py-2 text-sm text-destructive" data-testid="add-destination-error">
                {errors.form}
              </p>
            ) : null}
            <DialogFooter>
              <DialogClose asChild>
                <Button type="button" variant="outline" disabled={pending}>
                  Cancel
                </Button>
              </DialogClose>
              <Button type="submit" loading={pending} data-testid="confirm-add-destination">
                Add destination
              </Button>
            </DialogFooter>
            <p className="-mt-2 text-right text-xs text-muted-foreground">Its signing secret is shown once, next.</p>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}

/** A checkbox with what it means written under it (and the domain's refusal, when there is one). */
export function FlagField({ id, checked, onChange, label, error, children }: { id: string; checked: boolean; onChange: (checked: boolean) => void; label: string; error?: string; children: React.ReactNode }) {
  return (
    <div className="flex items-start gap-2.5">
      <Checkbox id={id} checked={checked} onCheckedChange={(value) => onChange(value === true)} className="mt-0.5" aria-describedby={`${id}-hint`} />
      <div className="grid gap-0.5">
        <label htmlFor={id} className="text-sm font-medium">
          {label}
        </label>
        <p id={`${id}-hint`} className="text-xs text-muted-foreground">
          {children}
        </p>
        {error ? <p className="text-xs text-destructive">{error}</p> : null}
      </div>
    </div>
  );
}
