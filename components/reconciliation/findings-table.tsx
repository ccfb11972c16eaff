"use client";

import { ArrowUpRight, Wrench, X } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import type { ServerActionResult } from "@/components/events/event-actions";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { ActionResult } from "@/components/ui/confirm";
import { CopyButton } from "@/components/ui/copy-button";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { FindingView } from "@/server/reconcile/list-reconciliations";
import type { FindingKind } from "@/server/reconcile/reconciliation-kinds";
import { FINDING_REPAIR_EFFECTS, findingKindDescription, findingKindLabel, isRepairable } from "./kinds";
import { findingComparison, findingSubject, type ComparisonRow } from "./finding-view";
import { FindingStatusBadge } from "./run-status-badge";

export type RepairFindingAction = (input: { id: string }) => Promise<ServerActionResult>;
export type DismissFindingAction = (input: { id: string; reason: string }) => Promise<ServerActionResult>;

export type FindingsTableProps = {
  findings: FindingView[];
  /** The Repair action, for operators and admins; without it no Repair button is shown (the server checks again). */
  repairAction?: RepairFindingAction;
  /** The Dismiss action (an open finding needs no repair), for operators and admins; the server checks again. */
  dismissAction?: DismissFindingAction;
};

/** What "ours" is when we have no record at all, per kind of finding. */
const MISSING_HERE: Partial<Record<FindingKind, string>> = { missed_event: "Not in the ledger", subscription_missing: "Not in the mirror" };

/**
 * A run's findings: what differs (the kind and what it means), about what (linking to
 * the page where it can be seen), our record and Stripe's side by side with the differing
 * fields marked, whether it was repaired and since when ours differed; an open repairable
 * finding gets a Repair button behind a confirmation.
 */
export function FindingsTable({ findings, repairAction, dismissAction }: FindingsTableProps) {
  const actions = Boolean(repairAction || dismissAction);
  return (
    <Table>
      <caption className="sr-only">Findings of this run: our record and Stripe&apos;s, side by side; the fields that differ are marked.</caption>
      <TableHeader>
        <TableRow>
          <TableHead>Finding</TableHead>
          <TableHead>Subject</TableHead>
          <TableHead>Ours</TableHead>
          <TableHead>Stripe&apos;s</TableHead>
          <TableHead>Status</TableHead>
          {actions ? (
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          ) : null}
        </TableRow>
      </TableHeader>
      <TableBody>
        {findings.map((finding) => {
          const subject = findingSubject(finding);
          const rows = findingComparison(finding);
          const description = findingKindDescription(finding.kind);
          return (
            <TableRow key={finding.id} data-testid="finding-row" data-kind={finding.kind} data-status={finding.status} className="align-top">
              <TableCell className="min-w-48 max-w-64 whitespace-normal py-2.5 align-top">
                <p className="font-medium">{findingKindLabel(finding.kind)}</p>
                {description ? <p className="text-xs text-muted-foreground">{description}</p> : null}
              </TableCell>
              <TableCell className="py-2.5 align-top">
                <span className="flex items-center gap-0.5">
                  {subject.href ? (
                    <Link href={subject.href} className="font-mono text-[13px] font-medium underline-offset-4 hover:underline">
                      {subject.id}
                    </Link>
                  ) : (
                    <span className="font-mono text-[13px]">{subject.id}</span>
                  )}
                  <CopyButton value={subject.id} label={`Copy ${subject.id}`} />
                </span>
                {subject.hint ? <span className="block text-xs text-muted-foreground">{subject.hint}</span> : null}
              </TableCell>
              <TableCell className="py-2.5 align-top">
                {finding.ours ? <Side rows={rows} side="ours" /> : <span className="text-xs text-muted-foreground">{MISSING_HERE[finding.kind] ?? "—"}</span>}
              </TableCell>
              <TableCell className="py-2.5 align-top">{finding.stripe ? <Side rows={rows} side="stripe" /> : <span className="text-xs text-muted-foreground">—</span>}</TableCell>
              <TableCell className="py-2.5 align-top">
                <FindingStatusBadge status={finding.status} />
                {finding.since ? (
                  <span className="mt-1 block text-xs text-muted-foreground">
                    differs since <RelativeTime value={finding.since} focusable={false} />
                  </span>
                ) : null}
                {finding.repairEventId ? (
                  <Link href={`/events/${finding.repairEventId}`} className="mt-1 flex items-center gap-0.5 text-xs text-muted-foreground underline-offset-4 hover:text-foreground hover:underline">
                    Repair event
                    <ArrowUpRight className="size-3" aria-hidden />
                  </Link>
                ) : null}
                {finding.repairedAt ? <RelativeTime value={finding.repairedAt} focusable={false} className="block text-xs text-muted-foreground" /> : null}
              </TableCell>
              {actions ? (
                <TableCell className="py-2 text-right align-top">
                  <span className="flex justify-end gap-1.5">
                    {repairAction && finding.status === "open" && isRepairable(finding.kind) ? <RepairButton finding={finding} subjectId={subject.id} repairAction={repairAction} /> : null}
                    {dismissAction && finding.status === "open" ? <DismissButton finding={finding} subjectId={subject.id} dismissAction={dismissAction} /> : null}
                  </span>
                </TableCell>
              ) : null}
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

/** One side of the comparison; both sides list the same fields in the same order, so they line up. */
function Side({ rows, side }: { rows: ComparisonRow[]; side: "ours" | "stripe" }) {
  return (
    <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-2 text-xs leading-5">
      {rows.map((row) => (
        <div key={row.field} className="contents">
          <dt className="font-mono text-muted-foreground">{row.field}</dt>
          <dd className={cn("whitespace-nowrap font-mono", row.differs && "rounded-sm bg-highlight px-1 text-highlight-foreground", row.differs && side === "stripe" && "font-semibold")}>
            {row[side]}
            {row.differs ? <span className="sr-only"> (differs)</span> : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function RepairButton({ finding, subjectId, repairAction }: { finding: FindingView; subjectId: string; repairAction: RepairFindingAction }) {
  const router = useRouter();
  const onConfirm = async (): Promise<ActionResult> => {
    const result = await repairAction({ id: finding.id });
    if (!result.ok) return { ok: false, error: result.error.message };
    router.refresh();
    return { ok: true, message: `Repaired ${subjectId}: the repair went into the ledger and is recorded in the audit log.` };
  };
  return (
    <ConfirmDialog
      trigger={
        <Button variant="outline" size="xs" data-testid="repair-finding">
          <Wrench aria-hidden /> Repair
        </Button>
      }
      title={`Repair ${subjectId}?`}
      description="Hookwarden asks Stripe for its current state again now (it may have moved since the run) and sends it through the normal effect path, as a run that is not a dry run would have. The repair is recorded in the audit log with your name."
      consequences={[FINDING_REPAIR_EFFECTS[finding.kind]]}
      confirmLabel="Repair"
      onConfirm={onConfirm}
    />
  );
}

function DismissButton({ finding, subjectId, dismissAction }: { finding: FindingView; subjectId: string; dismissAction: DismissFindingAction }) {
  const router = useRouter();
  const onConfirm = async ({ reason }: { reason: string }): Promise<ActionResult> => {
    const result = await dismissAction({ id: finding.id, reason });
    if (!result.ok) return { ok: false, error: result.error.message };
    router.refresh();
    return { ok: true, message: `Dismissed the finding about ${subjectId}; your reason is in the audit log.` };
  };
  return (
    <ConfirmDialog
      trigger={
        <Button variant="ghost" size="xs" data-testid="dismiss-finding">
          <X aria-hidden /> Dismiss
        </Button>
      }
      title={`Dismiss the finding about ${subjectId}?`}
      description="Use this when the difference needs no repair: it was settled by hand, or it is expected. Nothing in the books changes; the finding is marked dismissed."
      consequences={["Marks the finding dismissed; it can no longer be repaired from here", "Records your reason in the audit log"]}
      confirmLabel="Dismiss"
      requireReason
      onConfirm={onConfirm}
    />
  );
}
