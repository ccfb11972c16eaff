"use client";

import { KeyRound, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useId, useRef, useState, useTransition, type FormEvent } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { ActionResult as ConfirmResult } from "@/components/ui/confirm";
import { Input } from "@/components/ui/input";
import type { ActionResult } from "@/server/auth/action";
import type { StripeKeyState } from "@/server/endpoints/stripe-key-state";

/** Setting sends a FormData (Next's development log prints a server action's plain arguments, and a key must never be printed); removing sends `{ apiKey: null }`. */
export type SetStripeKeyAction = (input: FormData | { name: string; apiKey: null }) => Promise<ActionResult<{ name: string; fingerprint: string | null }>>;

/** What the endpoint's key is now, in words: never the key, only where it comes from and its fingerprint. */
function describeKey(state: StripeKeyState): string {
  switch (state.source) {
    case "endpoint":
      return `Set for this endpoint, stored encrypted (fingerprint ${state.fingerprint}).`;
    case "environment":
      return `None of its own: STRIPE_API_KEY from the environment is used (fingerprint ${state.fingerprint}).`;
    case "demo":
      return "None: demo mode answers with the local Stripe fake (HOOKWARDEN_DEMO_STRIPE=1).";
    default:
      return "None: Hookwarden cannot ask Stripe about this endpoint's events.";
  }
}

/**
 * An endpoint's restricted Stripe key: set or replace it through a password field whose
 * value goes to the server once and is cleared at once, or remove it; the page only ever
 * shows the fingerprint.
 */
export function StripeKeyForm({ endpoint, state, setStripeKey }: { endpoint: string; state: StripeKeyState; setStripeKey: SetStripeKeyAction }) {
  const router = useRouter();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const own = state.source === "endpoint";

  function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const apiKey = input.current?.value.trim() ?? "";
    if (!apiKey) {
      setError("Paste a restricted key (rk_live_… or rk_test_…).");
      return;
    }
    const data = new FormData();
    data.set("name", endpoint);
    data.set("apiKey", apiKey);
    startTransition(async () => {
      const result = await setStripeKey(data);
      // The key leaves the page either way: it is never kept in the browser.
      if (input.current) input.current.value = "";
      if (!result.ok) {
        setError(result.error.fields?.apiKey ?? result.error.message);
        return;
      }
      setError(null);
      toast.success(`${endpoint}: Stripe key stored encrypted (fingerprint ${result.data.fingerprint}); recorded in the audit log.`);
      router.refresh();
    });
  }

  const remove = async (): Promise<ConfirmResult> => {
    const result = await setStripeKey({ name: endpoint, apiKey: null });
    if (!result.ok) return { ok: false, error: result.error.message };
    router.refresh();
    return { ok: true, message: `${endpoint}: Stripe key removed; recorded in the audit log.` };
  };

  return (
    <section className="flex flex-col gap-2" aria-labelledby={`${id}-title`} data-testid="stripe-key">
      <h3 id={`${id}-title`} className="flex items-center gap-2 text-sm font-medium">
        <KeyRound className="size-4 text-muted-foreground" aria-hidden /> Stripe API key<span className="sr-only"> of {endpoint}</span>
      </h3>
      <p className="text-sm" data-testid="stripe-key-state" data-source={state.source ?? "none"}>
        {describeKey(state)}
      </p>
      <form onSubmit={save} className="flex flex-wrap items-start gap-2" aria-label={`Stripe API key of ${endpoint}`}>
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-key`} className="sr-only">
            {own ? "New restricted key" : "Restricted key"}
          </label>
          <Input
            ref={input}
            id={`${id}-key`}
            type="password"
            autoComplete="off"
            spellCheck={false}
            placeholder={own ? "A new key replaces the stored one" : "rk_live_…"}
            className="w-80 font-mono"
            aria-invalid={error ? true : undefined}
            aria-describedby={`${id}-hint`}
            data-1p-ignore
            data-lpignore="true"
          />
        </div>
        <Button type="submit" variant="outline" loading={pending}>
          {own ? "Replace key" : "Set key"}
        </Button>
        {own ? (
          <ConfirmDialog
            trigger={
              <Button type="button" variant="ghost" className="text-destructive hover:text-destructive">
                <Trash2 aria-hidden /> Remove key
              </Button>
            }
            title={`Remove the Stripe key of ${endpoint}?`}
            description="The encrypted key is deleted. Hookwarden can no longer ask Stripe on this endpoint's behalf."
            consequences={[
              "Confirm with source stops: payment events apply as delivered, without asking Stripe.",
              "Thin events cannot be processed: their object cannot be fetched.",
              "Reconciliation runs, scheduled or started here, cannot start for this endpoint.",
              ...(endpoint === "default" ? ["For the default endpoint, STRIPE_API_KEY from the environment is used instead, when it is set."] : []),
            ]}
            confirmLabel="Remove key"
            destructive
            onConfirm={remove}
          />
        ) : null}
      </form>
      <p id={`${id}-hint`} className={error ? "text-xs text-destructive" : "text-xs text-muted-foreground"}>
        {error ??
          "A restricted key (rk_…) with read access to Events, Checkout Sessions, Payment Intents, Charges, Disputes, Invoices, Subscriptions and Customers. Stored encrypted; never shown again, only its fingerprint. Hookwarden uses it to confirm payment events with Stripe, fetch thin events' objects and run reconciliations."}
      </p>
    </section>
  );
}
