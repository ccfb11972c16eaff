"use client";

import { KeyRound, Play, TriangleAlert } from "lucide-react";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { ActionResult } from "@/components/ui/confirm";
import { fieldClassName, Input } from "@/components/ui/input";
import type { EndpointStripeKey } from "@/server/endpoints/list-endpoint-stripe-keys";
import { RECONCILIATION_KIND_NAMES, type ReconciliationKind } from "@/server/reconcile/reconciliation-kinds";
import { runKindExplanation, runKindLabel } from "./kinds";

export type StartRunInput = { kind: ReconciliationKind; endpoint: string; dryRun: boolean; since?: string; onlyFailedDeliveries: boolean };
export type StartRunResult = { ok: true; data: { id: string } } | { ok: false; error: { code: string; message: string; fields?: Record<string, string> } };

export type StartRunFormProps = {
  endpoints: EndpointStripeKey[];
  startAction: (input: StartRunInput) => Promise<StartRunResult>;
};

const KEY_SOURCE_TEXT = {
  endpoint: "Asks Stripe with this endpoint's restricted key",
  environment: "Asks Stripe with STRIPE_API_KEY",
  demo: "Demo mode: the local Stripe fake answers for Stripe",
} as const;

/** What the run will do, spelled out in the confirmation before anything starts. */
export function startConsequences(input: Pick<StartRunInput, "kind" | "dryRun" | "onlyFailedDeliveries"> & { sinceText: string }): string[] {
  if (input.kind === "missed_events") {
    return [
      `Lists Stripe's events of the types Hookwarden handles created since ${input.sinceText}, ${input.onlyFailedDeliveries ? "whose delivery to you did not succeed" : "every one, delivered or not"}.`,
      input.dryRun
        ? "Reports each event the ledger lacks as a finding. Nothing enters the ledger; you can repair findings one by one afterwards."
        : "Feeds each event the ledger lacks into processing, marked recovered, with an audit record. Events the ledger already has are left alone.",
      "Only reads from Stripe, paced to the account's allowed request rate.",
    ];
  }
  return [
    "Compares every subscription Stripe has with the mirror, and the payment intents of registered payments (the last 90 days) with their state here.",
    input.dryRun
      ? "Reports each difference as a finding and repairs nothing; you can repair findings one by one afterwards."
      : "Repairs each difference through the normal effect path (a repair event per finding, with an audit record). A payment booked here that did not succeed at Stripe is only reported: it needs an operator.",
    "Only reads from Stripe, paced to the account's allowed request rate.",
  ];
}

/** Start a missed-event recovery or a drift audit: the choices, what each does, and a confirmation that spells it out. */
export function StartRunForm({ endpoints, startAction }: StartRunFormProps) {
  const router = useRouter();
  const id = useId();
  const [kind, setKind] = useState<ReconciliationKind>("drift_audit");
  const [endpointName, setEndpointName] = useState(endpoints.find((endpoint) => endpoint.name === "default")?.name ?? endpoints[0]?.name ?? "");
  const [dryRun, setDryRun] = useState(false);
  const [since, setSince] = useState("");
  const [allEvents, setAllEvents] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  const endpoint = endpoints.find((candidate) => candidate.name === endpointName);
  const noKey = !endpoint || endpoint.stripeKey.source === null;
  const thinRecovery = kind === "missed_events" && endpoint?.thin === true;
  const sinceDate = since ? new Date(since) : null;
  const sinceInvalid = sinceDate !== null && Number.isNaN(sinceDate.getTime());
  const sinceText = sinceDate && !sinceInvalid ? `${sinceDate.toISOString().replace("T", " ").slice(0, 16)} UTC` : "the last recovery on this endpoint (an hour before it started), or 30 days back";

  const start = async (): Promise<ActionResult> => {
    const result = await startAction({
      kind,
      endpoint: endpointName,
      dryRun,
      onlyFailedDeliveries: !allEvents,
      ...(kind === "missed_events" && sinceDate && !sinceInvalid ? { since: sinceDate.toISOString() } : {}),
    });
    if (!result.ok) {
      setFieldErrors(result.error.fields ?? {});
      return { ok: false, error: result.error.message };
    }
    setFieldErrors({});
    router.push(`/reconciliation/${result.data.id}`);
    return { ok: true, message: `${runKindLabel(kind)}${dryRun ? " (dry run)" : ""} started on ${endpointName}.` };
  };

  return (
    <Card data-testid="start-run">
      <CardHeader>
        <CardTitle>Start a run</CardTitle>
        <CardDescription>Ask Stripe what Hookwarden missed or holds differently. Runs go on in the background; this page follows them.</CardDescription>
      </CardHeader>
      <CardContent>
        <form
          className="flex flex-col gap-5"
          aria-label="Start a reconciliation run"
          onSubmit={(event) => {
            event.preventDefault();
            if (!noKey && !thinRecovery && !sinceInvalid) setConfirming(true);
          }}
        >
          <fieldset className="grid gap-2 sm:grid-cols-2">
            <legend className="mb-2 text-sm font-medium">What to run</legend>
            {RECONCILIATION_KIND_NAMES.map((name) => (
              <label key={name} className="flex items-start gap-2.5 rounded-md border p-3 text-sm has-[:checked]:border-foreground/40 has-[:checked]:bg-accent/50">
                <input type="radio" name="kind" value={name} checked={kind === name} onChange={() => setKind(name)} className="mt-0.5" />
                <span>
                  <span className="font-medium">{runKindLabel(name)}</span>
                  <span className="block text-muted-foreground">{runKindExplanation(name)}</span>
                </span>
              </label>
            ))}
          </fieldset>

          <div className="grid gap-5 md:grid-cols-2">
            <div className="flex flex-col gap-1.5">
              <label htmlFor={`${id}-endpoint`} className="text-sm font-medium">
                Endpoint
              </label>
              <select id={`${id}-endpoint`} value={endpointName} onChange={(event) => setEndpointName(event.target.value)} className={`${fieldClassName} h-9`} aria-describedby={`${id}-key`}>
                {endpoints.map((candidate) => (
                  <option key={candidate.name} value={candidate.name}>
                    {candidate.name}
                    {candidate.stripeKey.source === null ? " (no Stripe key)" : ""}
                  </option>
                ))}
              </select>
              <p id={`${id}-key`} className="text-xs text-muted-foreground" data-testid="endpoint-key-state">
                {noKey ? (
                  <span className="flex items-start gap-1.5 text-amber-800 dark:text-amber-300">
                    <TriangleAlert className="mt-0.5 size-3.5 shrink-0" aria-hidden />
                    <span>
                      No Stripe API key for this endpoint, so Hookwarden cannot ask Stripe. An admin sets a restricted key in Admin → Endpoints, or runs{" "}
                      <code className="font-mono">npx hookwarden endpoint set-stripe-key {endpointName || "NAME"}</code>.
                    </span>
                  </span>
                ) : (
                  <span className="flex items-center gap-1.5">
                    <KeyRound className="size-3.5 shrink-0" aria-hidden />
                    {KEY_SOURCE_TEXT[endpoint.stripeKey.source!]}
                    {endpoint.stripeKey.fingerprint ? <code className="font-mono">({endpoint.stripeKey.fingerprint})</code> : null}
                  </span>
                )}
              </p>
            </div>
            <label className="flex items-start gap-2.5 self-start rounded-md border p-3 text-sm has-[:checked]:border-foreground/40 has-[:checked]:bg-accent/50 md:mt-6">
              <input type="checkbox" checked={dryRun} onChange={(event) => setDryRun(event.target.checked)} className="mt-0.5" />
              <span>
                <span className="font-medium">Dry run</span>
                <span className="block text-muted-foreground">Report what differs and change nothing. Each finding can be repaired later, one by one.</span>
              </span>
            </label>
          </div>

          {kind === "missed_events" ? (
            <div className="grid gap-5 md:grid-cols-2">
              <div className="flex flex-col gap-1.5">
                <label htmlFor={`${id}-since`} className="text-sm font-medium">
                  Since <span className="font-normal text-muted-foreground">(optional)</span>
                </label>
                <Input
                  id={`${id}-since`}
                  type="datetime-local"
                  value={since}
                  onChange={(event) => setSince(event.target.value)}
                  aria-invalid={fieldErrors.since || sinceInvalid ? true : undefined}
                  aria-describedby={`${id}-since-hint`}
                  className="w-64"
                />
                <p id={`${id}-since-hint`} className={fieldErrors.since || sinceInvalid ? "text-xs text-destructive" : "text-xs text-muted-foreground"}>
                  {fieldErrors.since
                    ? `Since: ${fieldErrors.since}.`
                    : "In your browser's time zone. Empty: from where the last recovery on this endpoint left off (an hour before it started), or 30 days back. Stripe keeps events for 30 days."}
                </p>
              </div>
              <label className="flex items-start gap-2.5 self-start rounded-md border p-3 text-sm has-[:checked]:border-foreground/40 has-[:checked]:bg-accent/50 md:mt-6">
                <input type="checkbox" checked={allEvents} onChange={(event) => setAllEvents(event.target.checked)} className="mt-0.5" />
                <span>
                  <span className="font-medium">All events, not only failed deliveries</span>
                  <span className="block text-muted-foreground">
                    Stripe&apos;s recipe lists only events it failed to deliver. Tick this after the endpoint was disabled or removed in Stripe: Stripe never tried those.
                  </span>
                </span>
              </label>
            </div>
          ) : null}

          {thinRecovery ? (
            <p role="note" className="flex items-start gap-1.5 rounded-md border border-amber-300/70 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-700/60 dark:bg-amber-950/40 dark:text-amber-200">
              <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
              {endpointName} receives thin events, which Stripe&apos;s events list does not include: a recovery cannot close its gaps, and the schedule skips it too. Run a drift audit
              instead.
            </p>
          ) : null}

          <div>
            <Button type="submit" disabled={noKey || thinRecovery || sinceInvalid} data-testid="start-run-button">
              <Play aria-hidden /> Start {runKindLabel(kind).toLowerCase()}
              {dryRun ? " (dry run)" : ""}…
            </Button>
          </div>
        </form>
        <ConfirmDialog
          open={confirming}
          onOpenChange={setConfirming}
          title={`Start a ${runKindLabel(kind).toLowerCase()}${dryRun ? " dry run" : ""} on ${endpointName}?`}
          description={runKindExplanation(kind)}
          consequences={startConsequences({ kind, dryRun, onlyFailedDeliveries: !allEvents, sinceText })}
          confirmLabel={dryRun ? "Start dry run" : "Start run"}
          onConfirm={start}
        />
      </CardContent>
    </Card>
  );
}
