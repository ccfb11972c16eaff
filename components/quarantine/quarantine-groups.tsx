"use client";

import { CheckCircle2, ShieldCheck, XCircle } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { BulkActionBar } from "@/components/ui/bulk-action-bar";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import type { ActionResult } from "@/components/ui/confirm";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { formatAmount } from "@/components/ui/money";
import { ReasonBadge } from "@/components/ui/reason-badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useRowSelection } from "@/components/ui/use-row-selection";
import { QUARANTINE_REASONS, QUARANTINE_RELEASE_EFFECTS, type QuarantineReason } from "@/server/quarantine/quarantine-reasons";

export type QuarantineItemRow = {
  /** Ledger id of the event; release and reject receive these. */
  ledgerId: string;
  /** Stripe event id. */
  eventId: string;
  type: string;
  reason: QuarantineReason | (string & {});
  customerId: string | null;
  /** The registered payment concerned, when one was found: "transaction:<reference>". */
  subject?: string | null;
  amount?: number | null;
  currency?: string | null;
  /** ISO 8601. */
  quarantinedAt: string;
};

export type QuarantineGroupsProps = {
  /** Open items (a page of them). */
  items: QuarantineItemRow[];
  /** Total open items per reason, when there are more than `items` holds. */
  totals?: Partial<Record<string, number>>;
  /** Where an item opens, with `{id}` (Stripe event id) and `{ledgerId}`. */
  openHref?: string;
  canAct?: boolean;
  /** Server action: release these events (ledger ids) with the operator's reason. */
  releaseAction?: (ledgerIds: string[], reason: string) => Promise<ActionResult>;
  /** Server action: reject these events (ledger ids) with the operator's reason. */
  rejectAction?: (ledgerIds: string[], reason: string) => Promise<ActionResult>;
};

const REASON_ORDER = Object.keys(QUARANTINE_REASONS) as QuarantineReason[];

function groupByReason(items: QuarantineItemRow[]): [string, QuarantineItemRow[]][] {
  const groups = new Map<string, QuarantineItemRow[]>();
  for (const item of items) groups.set(item.reason, [...(groups.get(item.reason) ?? []), item]);
  const rank = (reason: string) => {
    const index = REASON_ORDER.indexOf(reason as QuarantineReason);
    return index < 0 ? REASON_ORDER.length : index;
  };
  return [...groups.entries()].sort(([a], [b]) => rank(a) - rank(b));
}

/** Open quarantine grouped by reason: what each reason means, what release would do, and bulk decisions with a required reason. */
export function QuarantineGroups({ items, totals = {}, openHref, canAct = false, releaseAction, rejectAction }: QuarantineGroupsProps) {
  const { selected, chosen: selectedIds, toggle, clear } = useRowSelection(items.map((item) => item.ledgerId));
  const selectedReasons = new Set(items.filter((item) => selected.has(item.ledgerId)).map((item) => item.reason));
  const decided = (result: ActionResult) => {
    if (result.ok) clear();
    return result;
  };

  if (items.length === 0) {
    return (
      <EmptyState icon={ShieldCheck} title="Nothing in quarantine">
        Every payment event matched its registered payment. Events that do not add up (amount, currency, customer, reference) wait here for a decision.
      </EmptyState>
    );
  }

  const count = selectedIds.length;
  const noun = count === 1 ? "event" : "events";
  return (
    <div className="flex flex-col gap-4" data-testid="quarantine-groups">
      {canAct && count > 0 ? (
        <BulkActionBar count={count} onClear={clear} className="sticky top-14 z-10 bg-background shadow-sm">
          {releaseAction ? (
            <ConfirmDialog
              trigger={
                <Button size="xs" variant="outline">
                  <CheckCircle2 aria-hidden />
                  Release
                </Button>
              }
              title={`Release ${count} ${noun}?`}
              description="Released events are applied once, as Stripe sent them, without the cross-check."
              consequences={[...[...selectedReasons].map((reason) => QUARANTINE_RELEASE_EFFECTS[reason as QuarantineReason] ?? `Release applies events quarantined for ${reason}.`), "Your name and reason are kept on each event's history."]}
              confirmLabel={`Release ${count}`}
              destructive
              requireReason
              reasonPlaceholder="Why is this safe? e.g. customer paid the new price, confirmed in ticket #4312"
              onConfirm={async ({ reason }) => decided(await releaseAction(selectedIds, reason))}
            />
          ) : null}
          {rejectAction ? (
            <ConfirmDialog
              trigger={
                <Button size="xs" variant="outline" className="text-destructive">
                  <XCircle aria-hidden />
                  Reject
                </Button>
              }
              title={`Reject ${count} ${noun}?`}
              description="Rejected events are closed for good: they never apply to the books."
              consequences={["The events stay in the ledger, marked rejected.", "Money Stripe collected is not refunded by this: refund in Stripe if needed.", "Your name and reason are kept on each event's history."]}
              confirmLabel={`Reject ${count}`}
              destructive
              requireReason
              onConfirm={async ({ reason }) => decided(await rejectAction(selectedIds, reason))}
            />
          ) : null}
        </BulkActionBar>
      ) : null}

      {groupByReason(items).map(([reason, group]) => {
        const ids = group.map((item) => item.ledgerId);
        const chosen = ids.filter((id) => selected.has(id)).length;
        const total = totals[reason] ?? group.length;
        const headingId = `quarantine-${reason}`;
        return (
          <Card key={reason} aria-labelledby={headingId} role="region">
            <CardHeader className="gap-1.5">
              <div className="flex flex-wrap items-center gap-2">
                <h2 id={headingId} className="flex items-center gap-2 text-sm font-semibold">
                  <ReasonBadge reason={reason} />
                  <span className="sr-only">:</span>
                  <Badge tone="outline" className="tabular-nums">
                    {total} open
                  </Badge>
                </h2>
                {total > group.length ? <span className="text-xs text-muted-foreground">showing {group.length}</span> : null}
              </div>
              <p className="text-[13px]">{Object.hasOwn(QUARANTINE_REASONS, reason) ? QUARANTINE_REASONS[reason as QuarantineReason] : "An unrecognised reason."}</p>
              {Object.hasOwn(QUARANTINE_RELEASE_EFFECTS, reason) ? <p className="text-xs text-muted-foreground">{QUARANTINE_RELEASE_EFFECTS[reason as QuarantineReason]}</p> : null}
            </CardHeader>
            <Table aria-labelledby={headingId}>
              <TableHeader>
                <TableRow className="hover:bg-transparent">
                  {canAct ? (
                    <TableHead className="w-8 pr-0">
                      <Checkbox
                        aria-label={`Select all ${group.length} in this group`}
                        checked={chosen === 0 ? false : chosen === ids.length ? true : "indeterminate"}
                        onCheckedChange={(value) => toggle(ids, value === true)}
                      />
                    </TableHead>
                  ) : null}
                  <TableHead>Quarantined</TableHead>
                  <TableHead>Event</TableHead>
                  <TableHead>Customer</TableHead>
                  <TableHead>Registered payment</TableHead>
                  <TableHead className="text-right">Amount</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {group.map((item) => {
                  const href = openHref?.replaceAll("{id}", encodeURIComponent(item.eventId)).replaceAll("{ledgerId}", encodeURIComponent(item.ledgerId));
                  return (
                    <TableRow key={item.ledgerId} data-state={selected.has(item.ledgerId) ? "selected" : undefined}>
                      {canAct ? (
                        <TableCell className="w-8 pr-0">
                          <Checkbox aria-label={`Select ${item.eventId}`} checked={selected.has(item.ledgerId)} onCheckedChange={(value) => toggle([item.ledgerId], value === true)} />
                        </TableCell>
                      ) : null}
                      <TableCell className="text-muted-foreground">
                        <RelativeTime value={item.quarantinedAt} focusable={false} />
                      </TableCell>
                      <TableCell>
                        <div className="flex flex-col leading-tight">
                          {href ? (
                            <Link href={href} className="font-mono text-[13px] hover:underline">
                              {item.type}
                            </Link>
                          ) : (
                            <span className="font-mono text-[13px]">{item.type}</span>
                          )}
                          <span className="font-mono text-xs text-muted-foreground">{item.eventId}</span>
                        </div>
                      </TableCell>
                      <TableCell className="font-mono text-xs">{item.customerId ?? <span className="text-muted-foreground">—</span>}</TableCell>
                      <TableCell className="font-mono text-xs">{item.subject?.replace(/^transaction:/, "") ?? <span className="text-muted-foreground">none</span>}</TableCell>
                      <TableCell className="text-right tabular-nums">
                        {item.amount != null && item.currency ? formatAmount(item.amount, item.currency) : <span className="text-muted-foreground">—</span>}
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          </Card>
        );
      })}
    </div>
  );
}
