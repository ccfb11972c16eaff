import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDuration } from "@/components/ui/time";
import type { ReconciliationRunView } from "@/server/reconcile/list-reconciliations";
import { runKindLabel } from "./kinds";
import { RunStatusBadge } from "./run-status-badge";

export type RunRow = Pick<ReconciliationRunView, "id" | "kind" | "endpoint" | "dryRun" | "status" | "requestedByLabel" | "startedAt" | "finishedAt" | "findings" | "repaired">;

/** How long a run took, or has been going on (`now` is the server's render time). */
export function runDuration(run: Pick<RunRow, "startedAt" | "finishedAt">, now: number): string {
  const milliseconds = (run.finishedAt ? Date.parse(run.finishedAt) : now) - Date.parse(run.startedAt);
  return milliseconds < 1000 ? "under a second" : formatDuration(milliseconds / 1000);
}

/** The history of runs, newest first, each opening its findings. */
export function RunsTable({ runs, now }: { runs: RunRow[]; now: number }) {
  return (
    <Table>
      <caption className="sr-only">Reconciliation runs, newest first</caption>
      <TableHeader>
        <TableRow>
          <TableHead>Run</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>Endpoint</TableHead>
          <TableHead>Started</TableHead>
          <TableHead>Duration</TableHead>
          <TableHead>Started by</TableHead>
          <TableHead className="text-right">Findings</TableHead>
          <TableHead className="text-right">Repaired</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {runs.map((run) => (
          <TableRow key={run.id} data-testid="run-row" data-run-id={run.id} data-status={run.status}>
            <TableCell>
              <Link href={`/reconciliation/${run.id}`} className="font-medium underline-offset-4 hover:underline">
                {runKindLabel(run.kind)}
              </Link>
              {run.dryRun ? (
                <Badge tone="muted" className="ml-2">
                  Dry run
                </Badge>
              ) : null}
            </TableCell>
            <TableCell>
              <RunStatusBadge status={run.status} />
            </TableCell>
            <TableCell className="font-mono text-xs">{run.endpoint}</TableCell>
            <TableCell>
              <RelativeTime value={run.startedAt} focusable={false} />
            </TableCell>
            <TableCell className="tabular-nums">{run.status === "running" ? `${runDuration(run, now)} so far` : runDuration(run, now)}</TableCell>
            <TableCell className="max-w-48 truncate" title={run.requestedByLabel}>
              {run.requestedByLabel}
            </TableCell>
            <TableCell className="text-right tabular-nums">{run.findings}</TableCell>
            <TableCell className="text-right tabular-nums">{run.repaired}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
