"use client";

import { CircleCheck, GitCompareArrows, ShieldAlert } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { DEFAULT_REASON_MIN_LENGTH, reasonProblem } from "@/components/ui/confirm";
import { Consequences, ReasonField } from "@/components/ui/confirm-dialog";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Skeleton } from "@/components/ui/skeleton";
import type { EvidenceRow } from "./event-story";
import { EvidenceTable } from "./evidence-table";

/** What the compare action answers (compareEventWithStripe, shaped for the page). */
export type EventComparisonView = {
  stripeEventId: string;
  status: string;
  stripeKnows: boolean;
  delivered: Record<string, unknown> | null;
  stripeCopy: Record<string, unknown> | null;
  current: Record<string, unknown> | null;
  differences: EvidenceRow[];
  changedSince: EvidenceRow[];
  canApply: boolean;
};

type Failure = { ok: false; error: { code: string; message: string; fields?: Record<string, string> } };
export type CompareEventAction = (input: { id: string }) => Promise<{ ok: true; data: EventComparisonView } | Failure>;
export type ApplyStripeCopyAction = (input: { id: string; reason: string }) => Promise<{ ok: true; data: { outcome: string; status: string | null; error: string | null } } | Failure>;

export type ReconcileEventProps = {
  ledgerId: string;
  compareAction: CompareEventAction;
  applyAction: ApplyStripeCopyAction;
  /** The statuses Stripe's copy can be applied from (RECONCILABLE), to say why it cannot when it cannot. */
  reconcilableStatuses: readonly string[];
};

type Phase = { kind: "idle" } | { kind: "asking" } | { kind: "failed"; message: string; code: string } | { kind: "compared"; comparison: EventComparisonView };

/** Delivered and Stripe's copy, material field by field (the differing ones marked); a field neither copy has is left out. */
export function deliveredVsCopy(comparison: Pick<EventComparisonView, "delivered" | "stripeCopy">): EvidenceRow[] {
  const fields = [...new Set([...Object.keys(comparison.stripeCopy ?? {}), ...Object.keys(comparison.delivered ?? {})])];
  return fields
    .map((field) => ({ field, expected: comparison.delivered?.[field] ?? null, received: comparison.stripeCopy?.[field] ?? null }))
    .filter((row) => row.expected !== null || row.received !== null);
}

/**
 * The event page's Reconcile button: asks Stripe for its copy of the event and the object
 * now (changing nothing), shows them against what was delivered, and, when the event's
 * state allows it, applies Stripe's copy with a required reason (audited by the domain).
 */
export function ReconcileEvent({ ledgerId, compareAction, applyAction, reconcilableStatuses }: ReconcileEventProps) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const [, startTransition] = useTransition();

  const compare = () => {
    setPhase({ kind: "asking" });
    startTransition(async () => {
      try {
        const result = await compareAction({ id: ledgerId });
        setPhase(result.ok ? { kind: "compared", comparison: result.data } : { kind: "failed", message: result.error.message, code: result.error.code });
      } catch {
        setPhase({ kind: "failed", message: "Something went wrong while asking Stripe; nothing changed. Try again, or check the server log.", code: "internal" });
      }
    });
  };

  const applied = (message: string, tone: "success" | "warning" | "error") => {
    toast[tone](message);
    setOpen(false);
    router.refresh();
  };

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) compare();
      }}
    >
      <DialogTrigger asChild>
        <Button variant="outline" size="sm" data-testid="reconcile-event">
          <GitCompareArrows aria-hidden /> Reconcile
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-3xl" aria-busy={phase.kind === "asking" || undefined}>
        <DialogHeader>
          <DialogTitle>Reconcile with Stripe</DialogTitle>
          <DialogDescription>Hookwarden asks Stripe for its copy of this event and for the object as it is now. Asking changes nothing.</DialogDescription>
        </DialogHeader>
        {phase.kind === "asking" || phase.kind === "idle" ? (
          <div className="grid gap-2" role="status">
            <span className="text-sm text-muted-foreground">Asking Stripe…</span>
            <Skeleton className="h-5 w-1/2" />
            <Skeleton className="h-32 w-full" />
          </div>
        ) : phase.kind === "failed" ? (
          <div className="grid gap-3">
            <p role="alert" className="rounded-md border border-destructive/40 bg-destructive/10 px-3 py-2 text-sm text-destructive">
              {phase.message}
            </p>
            {phase.code === "conflict" ? (
              <p className="text-sm text-muted-foreground">
                An admin gives the endpoint a restricted Stripe key in Admin → Endpoints, or with <code className="font-mono">npx hookwarden endpoint set-stripe-key</code>.
              </p>
            ) : (
              <div>
                <Button variant="outline" size="sm" onClick={compare}>
                  Ask again
                </Button>
              </div>
            )}
          </div>
        ) : (
          <Comparison comparison={phase.comparison} ledgerId={ledgerId} applyAction={applyAction} reconcilableStatuses={reconcilableStatuses} onApplied={applied} />
        )}
      </DialogContent>
    </Dialog>
  );
}

function Comparison({
  comparison,
  ledgerId,
  applyAction,
  reconcilableStatuses,
  onApplied,
}: {
  comparison: EventComparisonView;
  ledgerId: string;
  applyAction: ApplyStripeCopyAction;
  reconcilableStatuses: readonly string[];
  onApplied: (message: string, tone: "success" | "warning" | "error") => void;
}) {
  const differing = comparison.differences.map((row) => row.field);
  return (
    <div className="grid gap-4" data-testid="event-comparison">
      <p className="flex items-start gap-2 text-sm" data-testid="stripe-knows" data-knows={comparison.stripeKnows ? "yes" : "no"}>
        {comparison.stripeKnows ? (
          <CircleCheck className="mt-0.5 size-4 shrink-0 text-emerald-600 dark:text-emerald-400" aria-hidden />
        ) : (
          <ShieldAlert className="mt-0.5 size-4 shrink-0 text-destructive" aria-hidden />
        )}
        <span>
          <span className="font-medium">Stripe knows this event: {comparison.stripeKnows ? "yes" : "no"}.</span>{" "}
          {comparison.stripeKnows
            ? differing.length === 0
              ? "What was delivered agrees with Stripe's copy on every field that matters."
              : `What was delivered differs from Stripe's copy in ${differing.join(", ")}.`
            : `Stripe's API does not know ${comparison.stripeEventId}: it was forged with a leaked signing secret, or Stripe created it more than 30 days ago.`}
        </span>
      </p>
      {comparison.stripeKnows ? (
        <section aria-labelledby="delivered-vs-copy" className="grid gap-1.5">
          <h3 id="delivered-vs-copy" className="text-sm font-semibold">
            Delivered against Stripe&apos;s copy
          </h3>
          <div className="overflow-x-auto rounded-md border">
            <EvidenceTable
              rows={deliveredVsCopy(comparison)}
              expectedLabel="Delivered"
              receivedLabel="Stripe's copy"
              caption="What was delivered against Stripe's copy of the event, field by field; differing fields are marked."
              testId="delivered-vs-copy"
            />
          </div>
        </section>
      ) : null}
      {comparison.stripeKnows ? (
        <section aria-labelledby="changed-since" className="grid gap-1.5">
          <h3 id="changed-since" className="text-sm font-semibold">
            How the object changed since
          </h3>
          {comparison.current === null ? (
            <p className="text-sm text-muted-foreground">Stripe&apos;s current object could not be fetched (Hookwarden does not fetch this kind of object, or Stripe no longer has it).</p>
          ) : comparison.changedSince.length === 0 ? (
            <p className="text-sm text-muted-foreground">Unchanged: the object at Stripe now is as the event describes it, on every field that matters.</p>
          ) : (
            <div className="overflow-x-auto rounded-md border">
              <EvidenceTable
                rows={comparison.changedSince.map((row) => ({ field: row.field, expected: row.received, received: row.expected }))}
                expectedLabel="In the event"
                receivedLabel="At Stripe now"
                caption="The object in Stripe's copy of the event against the object at Stripe now; only the fields that changed."
                testId="changed-since"
              />
            </div>
          )}
        </section>
      ) : null}
      {comparison.canApply ? (
        <ApplyForm ledgerId={ledgerId} applyAction={applyAction} onApplied={onApplied} />
      ) : (
        <p className="rounded-md border bg-surface px-3 py-2 text-sm text-muted-foreground" data-testid="cannot-apply">
          {!comparison.stripeKnows
            ? "There is no copy to apply. Decide with the evidence you have: reject it if it was forged."
            : comparison.status === "processed"
              ? "This event is processed: its effect is already applied, so there is nothing to apply."
              : `This event is ${comparison.status.replaceAll("_", " ")}. Stripe's copy can be applied to ${reconcilableStatuses.join(", ")} events only.`}
        </p>
      )}
    </div>
  );
}

function ApplyForm({ ledgerId, applyAction, onApplied }: { ledgerId: string; applyAction: ApplyStripeCopyAction; onApplied: (message: string, tone: "success" | "warning" | "error") => void }) {
  const [reason, setReason] = useState("");
  const [touched, setTouched] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const problem = reasonProblem(reason, DEFAULT_REASON_MIN_LENGTH);

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (problem || pending) return;
    setError(null);
    startTransition(async () => {
      try {
        const result = await applyAction({ id: ledgerId, reason: reason.trim() });
        if (!result.ok) {
          setError(result.error.message);
          return;
        }
        const { outcome, status, error: failure } = result.data;
        if (outcome === "processed") onApplied("Applied Stripe's copy: the event is processed, and the audit log has your reason.", "success");
        else if (outcome === "failed" || outcome === "dead") onApplied(`Stripe's copy did not apply: ${failure ?? "processing failed"}. The event is ${status ?? outcome}.`, "error");
        else onApplied(`Stripe's copy went through processing: the event is ${(status ?? outcome).replaceAll("_", " ")}.`, "warning");
      } catch {
        setError("Something went wrong; nothing was applied. Try again, or check the server log.");
      }
    });
  };

  return (
    <form onSubmit={submit} className="grid gap-3 border-t pt-4" data-testid="apply-stripe-copy">
      <Consequences
        title="What applying does"
        lines={[
          "Processes the event with Stripe's copy, fetched again now, in place of what was delivered.",
          "Goes through the normal handler and its cross-checks: an effect applies once, and a mismatch is still quarantined.",
          "Records your reason in the event's history and the audit log.",
        ]}
      />
      <ReasonField value={reason} onChange={setReason} touched={touched} onBlur={() => setTouched(true)} problem={problem} />
      {error ? (
        <p role="alert" className="rounded-md border border-destructive/40 bg-destructive/10 px-3 py-2 text-sm text-destructive">
          {error}
        </p>
      ) : null}
      <DialogFooter>
        <Button type="submit" disabled={pending || problem !== null} loading={pending} data-testid="apply-stripe-copy-button">
          Apply Stripe&apos;s copy
        </Button>
      </DialogFooter>
    </form>
  );
}
