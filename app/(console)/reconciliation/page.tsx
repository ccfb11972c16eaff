// GET /reconciliation — start a missed-event recovery or a drift audit, follow the runs going on, and the history
// (reconciliations.list: viewer; starting is reconciliations.start: operator and up)
import { ArrowRight, GitCompareArrows } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { runKindExplanation, runKindLabel } from "@/components/reconciliation/kinds";
import { LiveRunRefresh } from "@/components/reconciliation/live-run-refresh";
import { RunProgress } from "@/components/reconciliation/run-progress";
import { RunStatusBadge } from "@/components/reconciliation/run-status-badge";
import { runDuration, RunsTable } from "@/components/reconciliation/runs-table";
import { StartRunForm } from "@/components/reconciliation/start-run-form";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDuration } from "@/components/ui/time";
import { ACTIONS, permits } from "@/server/auth/permissions";
import { requireUser } from "@/server/auth/require-user";
import { listEndpointStripeKeys } from "@/server/endpoints/list-endpoint-stripe-keys";
import { env } from "@/server/env";
import { listReconciliations } from "@/server/reconcile/list-reconciliations";
import { RECONCILIATION_KIND_NAMES } from "@/server/reconcile/reconciliation-kinds";
import { startReconciliationAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Reconciliation · Hookwarden" };

/** The server's clock for this render: durations of runs going on are measured against it. */
const renderedAt = () => Date.now();

export default async function ReconciliationPage() {
  const user = await requireUser(ACTIONS["reconciliations.list"].role);
  const canStart = permits(user.role, "reconciliations.start");
  const [runs, endpoints] = await Promise.all([listReconciliations({ limit: 50 }), canStart ? listEndpointStripeKeys() : null]);
  const running = runs.filter((run) => run.status === "running");
  const now = renderedAt();
  const config = env();
  const schedule = [
    config.HOOKWARDEN_RECOVERY_INTERVAL_MINUTES ? `a missed-event recovery every ${formatDuration(config.HOOKWARDEN_RECOVERY_INTERVAL_MINUTES * 60)}` : null,
    config.HOOKWARDEN_DRIFT_AUDIT_INTERVAL_MINUTES ? `a drift audit every ${formatDuration(config.HOOKWARDEN_DRIFT_AUDIT_INTERVAL_MINUTES * 60)}` : null,
  ].filter((part) => part !== null);

  return (
    <div className="mx-auto flex max-w-7xl flex-col gap-6">
      <header className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <h1 className="text-lg font-semibold tracking-tight">Reconciliation</h1>
          <p className="max-w-3xl text-sm text-muted-foreground">
            Stripe is the source of truth. A missed-event recovery fetches the events that never reached Hookwarden; a drift audit compares the books with Stripe&apos;s objects and repairs what
            differs. {schedule.length ? `For each endpoint with a Stripe key, the schedule runs ${schedule.join(" and ")}.` : "The schedule is off (both intervals are 0)."}
          </p>
        </div>
        <LiveRunRefresh running={running.length > 0} />
      </header>

      {canStart && endpoints ? <StartRunForm endpoints={endpoints} startAction={startReconciliationAction} /> : null}

      {running.length > 0 ? (
        <section aria-labelledby="running-heading" className="flex flex-col gap-2">
          <h2 id="running-heading" className="text-base font-semibold">
            Going on now
          </h2>
          <div className="grid gap-4 lg:grid-cols-2">
            {running.map((run) => (
              <Card key={run.id} data-testid="running-run">
                <CardHeader className="flex-row flex-wrap items-center gap-2">
                  <CardTitle as="h3">{runKindLabel(run.kind)}</CardTitle>
                  <RunStatusBadge status={run.status} />
                  {run.dryRun ? <Badge tone="muted">Dry run</Badge> : null}
                  <span className="text-xs text-muted-foreground">
                    on <span className="font-mono">{run.endpoint}</span> · {runDuration(run, now)} so far
                  </span>
                  <Link href={`/reconciliation/${run.id}`} className="ml-auto inline-flex items-center gap-1 text-sm font-medium underline-offset-4 hover:underline">
                    Open <span className="sr-only">this {runKindLabel(run.kind).toLowerCase()}</span>
                    <ArrowRight className="size-3.5" aria-hidden />
                  </Link>
                </CardHeader>
                <CardContent>
                  <RunProgress run={run} />
                </CardContent>
              </Card>
            ))}
          </div>
        </section>
      ) : null}

      <section aria-labelledby="history-heading" className="flex flex-col gap-2">
        <h2 id="history-heading" className="text-base font-semibold">
          Runs
        </h2>
        {runs.length === 0 ? (
          <EmptyState
            icon={GitCompareArrows}
            title="No reconciliation runs yet"
            commands={[
              { label: "Give an endpoint a restricted Stripe key (read access to Events, Checkout Sessions, Payment Intents, Charges, Disputes, Invoices, Subscriptions and Customers):", command: "npx hookwarden endpoint set-stripe-key default" },
              { label: "Or, for the default endpoint, start the server with the key in its environment:", command: "STRIPE_API_KEY=rk_test_… npm run dev" },
              { label: "Or try it without a Stripe account: the server starts a local fake of Stripe's API (set it where you run npx hookwarden simulate too).", command: "HOOKWARDEN_DEMO_STRIPE=1 npm run dev" },
            ]}
          >
            <ul className="space-y-1.5 text-left" data-testid="run-kinds">
              {RECONCILIATION_KIND_NAMES.map((kind) => (
                <li key={kind}>
                  <span className="font-medium text-foreground">{runKindLabel(kind)}:</span> {runKindExplanation(kind).replace(/^./, (first) => first.toLowerCase())}
                </li>
              ))}
              <li>Each run asks Stripe with the endpoint&apos;s API key and only reads. A dry run reports what differs and changes nothing.</li>
            </ul>
          </EmptyState>
        ) : (
          <Card>
            <RunsTable runs={runs} now={now} />
          </Card>
        )}
      </section>
    </div>
  );
}
