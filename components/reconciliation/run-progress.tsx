import { cn } from "@/components/ui/cn";
import { formatDuration } from "@/components/ui/time";
import type { ReconciliationRunView } from "@/server/reconcile/list-reconciliations";

export type RunProgressRun = Pick<ReconciliationRunView, "status" | "fraction" | "progress" | "findings" | "repaired" | "dryRun" | "error">;

const count = (value: number | null | undefined) => (value ?? 0).toLocaleString("en-US");

/**
 * A run's progress: a bar (the share done when the run can know it, a sweep with the counts
 * when it cannot), and the figures an on-call engineer checks: pages, objects, requests, the
 * request rate against the account's allowed rate, throttling, findings and repairs.
 */
export function RunProgress({ run, className }: { run: RunProgressRun; className?: string }) {
  const p = run.progress;
  const running = run.status === "running";
  const percent = run.status === "succeeded" ? 100 : run.fraction === null ? null : Math.round(run.fraction * 100);
  const counted = p.expected ? `${count(p.compared)} compared, about ${count(p.expected)} expected` : `${count(p.objects)} objects, ${count(p.pages)} pages so far`;
  const waitedMs = p.rateLimitWaitMs ?? 0;
  const waited = waitedMs < 1000 ? `${waitedMs} ms` : formatDuration(waitedMs / 1000);
  const figures: { label: string; value: string; hint?: string; tone?: "warning" }[] = [
    { label: "Pages", value: count(p.pages) },
    { label: "Objects", value: count(p.objects), hint: `${count(p.compared)} compared` },
    { label: "Requests", value: count(p.requests), hint: p.retries ? `${count(p.retries)} retried` : "none retried" },
    {
      label: "Request rate",
      value: `${p.requestRate ?? 0}/s`,
      hint: p.allowedRate ? `of ${p.allowedRate}/s allowed for this account` : undefined,
    },
    {
      label: "Throttled",
      value: count(p.throttled),
      hint: p.rateLimitWaits ? `paced ${count(p.rateLimitWaits)}× (${waited} waiting)` : "no waits for the rate limit",
      tone: p.throttled ? "warning" : undefined,
    },
    { label: "Findings", value: count(run.findings), tone: run.findings ? "warning" : undefined },
    { label: "Repaired", value: count(run.repaired), hint: run.dryRun ? "a dry run repairs nothing" : undefined },
  ];
  return (
    <div className={cn("flex flex-col gap-3", className)} data-testid="run-progress" data-status={run.status}>
      <div className="flex flex-col gap-1.5">
        <div className="flex items-baseline justify-between gap-2 text-xs text-muted-foreground">
          <span>{running ? counted : run.status === "succeeded" ? "Done" : "Stopped"}</span>
          <span className="tabular-nums">{percent === null ? (running ? "total not known in advance" : "") : `${percent}%`}</span>
        </div>
        <div
          role="progressbar"
          aria-label="Run progress"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent ?? undefined}
          aria-valuetext={percent === null ? counted : `${percent}%: ${counted}`}
          className="relative h-2 overflow-hidden rounded-full bg-muted"
        >
          {percent === null && running ? (
            <div className="absolute inset-y-0 left-0 w-1/3 rounded-full bg-primary motion-safe:animate-indeterminate" />
          ) : (
            <div
              className={cn("h-full rounded-full transition-[width] duration-500", run.status === "failed" || run.status === "interrupted" ? "bg-destructive" : run.status === "succeeded" ? "bg-emerald-600 dark:bg-emerald-500" : "bg-primary")}
              style={{ width: `${percent ?? (running ? 0 : 100)}%` }}
            />
          )}
        </div>
      </div>
      <dl className="grid grid-cols-[repeat(auto-fill,minmax(7.5rem,1fr))] gap-x-4 gap-y-3">
        {figures.map((figure) => (
          <div key={figure.label} className="min-w-0" data-figure={figure.label}>
            <dt className="text-xs text-muted-foreground">{figure.label}</dt>
            <dd className={cn("text-lg font-semibold tabular-nums leading-7", figure.tone === "warning" && "text-amber-700 dark:text-amber-300")}>{figure.value}</dd>
            {figure.hint ? <dd className="text-xs text-muted-foreground">{figure.hint}</dd> : null}
          </div>
        ))}
      </dl>
      {run.error ? (
        <p role="alert" className="rounded-md border border-destructive/40 bg-destructive/10 px-3 py-2 text-sm text-destructive">
          {run.error}
        </p>
      ) : null}
    </div>
  );
}
