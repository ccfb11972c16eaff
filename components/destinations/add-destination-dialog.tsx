"use client";

import { Plus } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { DialogFormEnd } from "@/components/rotation/dialog-form-end";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { fieldClassName, Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import type { DestinationSummary } from "@/server/destinations/destination-summary";
import type { DestinationActionSet } from "./destination-action-set";
import { SigningSecretPanel } from "./signing-secret-panel";
import { fieldErrors, TYPES_HINT } from "./destination-form";
import { AllowInternalField, ForwardReleasedField } from "./flag-fields";

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
              <FormField id="destination-endpoint" label="Endpoint" hint={endpoints.length === 0 ? "No endpoint yet: set STRIPE_WEBHOOK_SECRET and start the server, or run npx hookwarden endpoint add default." : "Whose events: the Stripe endpoint they arrive on."} error={errors.endpoint}>
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
            <ForwardReleasedField id="destination-forwardReleased" checked={forwardReleased} onChange={setForwardReleased} error={errors.forwardReleased} />
            <AllowInternalField id="destination-allowInternal" checked={allowInternal} onChange={setAllowInternal} error={errors.allowInternal} />
            <DialogFormEnd error={errors.form} errorTestId="add-destination-error" pending={pending} submitLabel="Add destination" submitTestId="confirm-add-destination" />
            <p className="-mt-2 text-right text-xs text-muted-foreground">Its signing secret is shown once, next.</p>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
