"use client";

import { KeySquare } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState, useTransition, type FormEvent } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import type { ActionResult } from "@/server/auth/action";
import { NO_REFERENCE_POLICIES, NO_REFERENCE_POLICY_CONSEQUENCES, type NoReferencePolicy } from "@/server/endpoints/no-reference-policy";
import type { StripeKeyState } from "@/server/endpoints/stripe-key-state";
import type { UpdateEndpoint } from "@/server/endpoints/update-endpoint";
import { ConfirmTypesEditor } from "./confirm-types-editor";
import { StripeKeyForm, type SetStripeKeyAction } from "./stripe-key-form";

export type EndpointSettingsRow = {
  name: string;
  path: string;
  description: string | null;
  noReferencePolicy: string;
  toleranceSeconds: number | null;
  secrets: number;
  events: number;
  /** Stripe sends thin events (v2 event destinations) here. */
  thin: boolean;
  /** The endpoint's own confirm-with-source list, or null: the default list. */
  confirmEventTypes: string[] | null;
  stripeKey: StripeKeyState;
};

type UpdateResult = ActionResult<{ name: string; changed: boolean; settings: { noReferencePolicy: string; toleranceSeconds: number | null } }>;

/** One endpoint's settings as plain forms, with what each choice does written next to it: its Stripe key, then its policies. */
export function EndpointSettings({
  endpoint,
  defaultToleranceSeconds,
  toleranceLimits,
  defaultConfirmEventTypes,
  updateEndpoint,
  setStripeKey,
}: {
  endpoint: EndpointSettingsRow;
  defaultToleranceSeconds: number;
  toleranceLimits: { min: number; max: number };
  defaultConfirmEventTypes: readonly string[];
  updateEndpoint: (input: UpdateEndpoint) => Promise<UpdateResult>;
  setStripeKey: SetStripeKeyAction;
}) {
  const router = useRouter();
  const id = useId();
  const [pending, startTransition] = useTransition();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [confirmTypes, setConfirmTypes] = useState<string[] | null>(endpoint.confirmEventTypes);

  function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const input: UpdateEndpoint = {
      name: endpoint.name,
      noReferencePolicy: String(data.get("noReferencePolicy") ?? "") as UpdateEndpoint["noReferencePolicy"],
      toleranceSeconds: String(data.get("toleranceSeconds") ?? ""),
      thin: data.get("thin") === "on",
      confirmEventTypes: confirmTypes,
    };
    startTransition(async () => {
      const result = await updateEndpoint(input);
      if (!result.ok) {
        setErrors(result.error.fields ?? { form: result.error.message });
        return;
      }
      setErrors({});
      toast.success(result.data.changed ? `${endpoint.name}: saved, and recorded in the audit log.` : `${endpoint.name}: nothing changed.`);
      router.refresh();
    });
  }

  return (
    <Card data-testid="endpoint-settings" data-endpoint={endpoint.name}>
      <CardHeader>
        <CardTitle as="h2" className="flex flex-wrap items-baseline gap-2">
          <span>{endpoint.name}</span>
          <code className="font-mono text-xs font-normal text-muted-foreground">{endpoint.path}</code>
        </CardTitle>
        <p className="text-xs text-muted-foreground">
          {endpoint.description ? `${endpoint.description} · ` : ""}
          {endpoint.secrets} active signing secret{endpoint.secrets === 1 ? "" : "s"} · {endpoint.events} event{endpoint.events === 1 ? "" : "s"}
        </p>
        <Link
          href={`/admin/endpoints/${encodeURIComponent(endpoint.name)}/secrets`}
          className="inline-flex w-fit items-center gap-1.5 text-sm font-medium underline-offset-4 hover:underline"
          data-testid="endpoint-secrets-link"
        >
          <KeySquare className="size-4 text-muted-foreground" aria-hidden /> Signing secrets and rotation<span className="sr-only"> of {endpoint.name}</span>
        </Link>
      </CardHeader>
      <CardContent className="flex flex-col gap-6">
        <StripeKeyForm endpoint={endpoint.name} state={endpoint.stripeKey} setStripeKey={setStripeKey} />
        <form onSubmit={save} className="flex flex-col gap-5 border-t pt-5" aria-label={`Settings of ${endpoint.name}`}>
          <fieldset className="flex flex-col gap-2" aria-describedby={errors.noReferencePolicy ? `${id}-policy-error` : undefined}>
            <legend className="mb-1 text-sm font-medium">Payments without a reference</legend>
            {NO_REFERENCE_POLICIES.map((policy: NoReferencePolicy) => (
              <label key={policy} className="flex items-start gap-2.5 rounded-md border p-3 text-sm has-[:checked]:border-foreground/40 has-[:checked]:bg-accent/50">
                <input type="radio" name="noReferencePolicy" value={policy} defaultChecked={endpoint.noReferencePolicy === policy} className="mt-0.5" />
                <span>
                  <span className="font-medium">{policy === "quarantine" ? "Quarantine them (default)" : "Allow them"}</span>
                  <span className="block text-muted-foreground">{NO_REFERENCE_POLICY_CONSEQUENCES[policy]}</span>
                </span>
              </label>
            ))}
            {errors.noReferencePolicy ? (
              <p id={`${id}-policy-error`} className="text-xs text-destructive">
                {errors.noReferencePolicy}
              </p>
            ) : null}
          </fieldset>
          <div className="flex max-w-xl flex-col gap-1">
            <label htmlFor={`${id}-tolerance`} className="text-sm font-medium">
              Signature tolerance (seconds)
            </label>
            <Input
              id={`${id}-tolerance`}
              name="toleranceSeconds"
              type="number"
              inputMode="numeric"
              min={toleranceLimits.min}
              max={toleranceLimits.max}
              step={1}
              defaultValue={endpoint.toleranceSeconds ?? ""}
              placeholder={`default: ${defaultToleranceSeconds}`}
              className="w-40"
              aria-invalid={errors.toleranceSeconds ? true : undefined}
              aria-describedby={`${id}-tolerance-hint`}
            />
            <p id={`${id}-tolerance-hint`} className={errors.toleranceSeconds ? "text-xs text-destructive" : "text-xs text-muted-foreground"}>
              {errors.toleranceSeconds ??
                `A delivery whose signature timestamp is further than this from now is refused with 400, and Stripe retries it. Shorter narrows the window in which a captured delivery could be replayed; too short refuses genuine deliveries when clocks drift or Stripe retries late. Empty uses the default, ${defaultToleranceSeconds} s (HOOKWARDEN_TOLERANCE_SECONDS).`}
            </p>
          </div>
          <label className="flex max-w-xl items-start gap-2.5 rounded-md border p-3 text-sm has-[:checked]:border-foreground/40 has-[:checked]:bg-accent/50">
            <input type="checkbox" name="thin" defaultChecked={endpoint.thin} className="mt-0.5" />
            <span>
              <span className="font-medium">Thin events</span>
              <span className="block text-muted-foreground">
                Stripe sends this endpoint thin events (an event destination with the thin payload style): each names only its object. Processing asks Stripe&apos;s v2 events API
                for the event, which confirms it, then fetches the object, with the key above. Stripe&apos;s events list does not include thin events, so missed-event recovery
                does not cover this endpoint (the schedule skips it); drift audits still run.
              </span>
            </span>
          </label>
          <ConfirmTypesEditor value={confirmTypes} onChange={setConfirmTypes} defaults={defaultConfirmEventTypes} error={errors.confirmEventTypes} />
          {errors.form ? (
            <p role="alert" className="text-sm text-destructive">
              {errors.form}
            </p>
          ) : null}
          <div>
            <Button type="submit" loading={pending}>
              Save {endpoint.name}
            </Button>
          </div>
        </form>
      </CardContent>
    </Card>
  );
}
