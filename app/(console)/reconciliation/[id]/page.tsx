// GET /reconciliation/{id} — one run: its progress (live while it goes on), what it covered, and its findings with Repair
// (reconciliations.get: viewer; Repair is reconciliations.repair: operator and up)
import { ChevronLeft, CircleCheck } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { FindingsTable } from "@/components/reconciliation/findings-table";
import { isRepairable, runKindExplanation, runKindLabel } from "@/components/reconciliation/kinds";
import { LiveRunRefresh } from "@/components/reconciliation/live-run-refresh";
import { RunProgress } from "@/components/reconciliation/run-progress";
import { RunStatusBadge } from "@/components/reconciliation/run-status-badge";
import { runDuration } from "@/components/reconciliation/runs-table";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { RelativeTime } from "@/components/ui/relative-time";
import { ACTIONS, permits } from "@/server/auth/permissions";
import { requireUser } from "@/server/auth/require-user";
import { isAppError } from "@/server/errors";
import { getReconciliationOrThrow } from "@/server/reconcile/list-reconciliations";
import { dismissFindingAction, repairFindingAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Reconciliation run · Hookwarden" };

/** The server's clock for this render: a run going on is measured against it. */
const renderedAt = () => Date.now();

export default async function ReconciliationRunPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser(ACTIONS["reconciliations.get"].role);
  const { id } = await params;
  const run = await getReconciliationOrThrow(decodeURIComponent(id)).catch((error: unknown) => {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  });
  const canRepair = permits(user.role, "reconciliations.repair");
  const canDismiss = permits(user.role, "reconciliations.dismiss");
  const running = run.status === "running";
  const scope = run.scope as { since?: string; types?: string[]; onlyFailedDeliveries?: boolean; objects?: string[] };
  const openRepairable = run.items.filter((finding) => finding.status === "open" && isRepairable(finding.kind)).length;

  return (
    <div className="mx-auto flex max-w-7xl flex-col gap-5">
      <Link href="/reconciliation" className="inline-flex w-fit items-center gap-1 text-sm text-muted-foreground hover:text-foreground hover:underline">
        <ChevronLeft className="size-4" aria-hidden /> Reconciliation
      </Link>
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            <h1 className="text-lg font-semibold tracking-tight">{runKindLabel(run.kind)}</h1>
            <RunStatusBadge status={run.status} />
            {run.dryRun ? <Badge tone="muted">Dry run</Badge> : null}
          </div>
          <p className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-muted-foreground">
            <span className="inline-flex items-center gap-0.5 font-mono text-[13px] text-foreground">
              {run.id}
              <CopyButton value={run.id} label="Copy run id" />
            </span>
            <span>
              on <span className="font-mono text-foreground">{run.endpoint}</span>
            </span>
            <span>
              started by <span className="text-foreground">{run.requestedByLabel}</span> <RelativeTime value={run.startedAt} />
            </span>
            <span>{running ? `${runDuration(run, renderedAt())} so far` : `took ${runDuration(run, renderedAt())}`}</span>
          </p>
        </div>
        <LiveRunRefresh running={running} />
      </header>

      <div className="grid gap-4 xl:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <Card>
          <CardHeader>
            <CardTitle>Progress</CardTitle>
          </CardHeader>
          <CardContent>
            <RunProgress run={run} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>What it covers</CardTitle>
            <CardDescription>{runKindExplanation(run.kind)}</CardDescription>
          </CardHeader>
          <CardContent>
            <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-1.5 text-sm" data-testid="run-scope">
              {scope.since ? (
                <>
                  <dt className="text-muted-foreground">Since</dt>
                  <dd>
                    <RelativeTime value={scope.since} />
                  </dd>
                </>
              ) : null}
              {scope.types ? (
                <>
                  <dt className="text-muted-foreground">Event types</dt>
                  <dd title={scope.types.join(", ")}>{scope.types.length} handled types</dd>
                </>
              ) : null}
              {scope.onlyFailedDeliveries !== undefined ? (
                <>
                  <dt className="text-muted-foreground">Events</dt>
                  <dd>{scope.onlyFailedDeliveries ? "only those Stripe failed to deliver" : "all, delivered or not"}</dd>
                </>
              ) : null}
              {scope.objects ? (
                <>
                  <dt className="text-muted-foreground">Objects</dt>
                  <dd>{scope.objects.map((object) => object.replaceAll("_", " ")).join(", ")}</dd>
                </>
              ) : null}
              <dt className="text-muted-foreground">Mode</dt>
              <dd>{run.dryRun ? "dry run: reports, changes nothing" : "repairs what differs"}</dd>
            </dl>
          </CardContent>
        </Card>
      </div>

      <Card>
        <CardHeader>
          <CardTitle>Findings</CardTitle>
          <CardDescription>
            {run.findings === 0
              ? running
                ? "Nothing found so far."
                : "Nothing differs: Stripe and Hookwarden agree on everything this run compared."
              : `${run.findings} found, ${run.repaired} repaired${openRepairable && canRepair ? `; ${openRepairable} can be repaired here, one by one` : ""}.${run.items.length < run.findings ? ` Showing the first ${run.items.length}.` : ""}`}
          </CardDescription>
        </CardHeader>
        {run.items.length === 0 ? (
          <CardContent className="flex items-center gap-2 text-sm text-muted-foreground">
            {running ? null : <CircleCheck className="size-4 text-emerald-600 dark:text-emerald-400" aria-hidden />}
            {running ? "Findings appear here as the run finds them." : "No findings."}
          </CardContent>
        ) : (
          <FindingsTable findings={run.items} repairAction={canRepair ? repairFindingAction : undefined} dismissAction={canDismiss ? dismissFindingAction : undefined} />
        )}
      </Card>
    </div>
  );
}
