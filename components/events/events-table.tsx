"use client";

import {
  columnVisibilityFeature,
  createColumnHelper,
  rowSelectionFeature,
  tableFeatures,
  useTable,
  type ColumnVisibilityState,
  type RowSelectionState,
} from "@tanstack/react-table";
import { ChevronRight, Columns3, Inbox, RotateCcw, SearchX, XCircle } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { BulkActionBar } from "@/components/ui/bulk-action-bar";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { cn } from "@/components/ui/cn";
import type { ActionResult } from "@/components/ui/confirm";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CopyButton } from "@/components/ui/copy-button";
import { DropdownMenu, DropdownMenuCheckboxItem, DropdownMenuContent, DropdownMenuLabel, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { EmptyState } from "@/components/ui/empty-state";
import { useRowNavigation } from "@/components/ui/keyboard";
import { formatAmount } from "@/components/ui/money";
import { RelativeTime } from "@/components/ui/relative-time";
import { StatusBadge } from "@/components/ui/status-badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { EventStatus } from "@/server/ledger/event-status";
import { EventFilterBar, type EventFilterField } from "./event-filter-bar";
import { eventFiltersToSearchParams, hasActiveFilters, type EventFilters } from "./event-filters";
import { LiveRefreshToggle } from "./live-refresh-toggle";

/** One row of the events list, as the server serialises it. */
export type EventRow = {
  /** Stripe's event id (evt_…). */
  id: string;
  /** The ledger's own id: unique even when one Stripe id arrived on two endpoints. Bulk actions receive these. */
  ledgerId: string;
  type: string;
  status: EventStatus | (string & {});
  endpoint: string;
  livemode: boolean;
  customerId: string | null;
  /** Minor units (cents, or yen for JPY); null when the event carries no amount. */
  amount?: number | null;
  currency?: string | null;
  /** ISO 8601. */
  firstReceivedAt: string;
  deliveryCount: number;
};

export type EventsTableProps = {
  events: EventRow[];
  /** Opaque cursor of the next (older) page, or null on the last page. */
  nextCursor: string | null;
  /** The filters in force (parse them from the URL with parseEventFilters). */
  filters: EventFilters;
  /** Endpoint names, for the endpoint filter. */
  endpoints: string[];
  /** Which filter chips to offer (default: all). Leave out those the query cannot honour yet. */
  filterFields?: EventFilterField[];
  /** Where a row opens, with `{id}` for the Stripe event id and `{ledgerId}` for the ledger id. Rows do not open without it. */
  openHref?: string;
  /** Operators and admins: show row selection and the bulk Replay / Reject bar. */
  canAct?: boolean;
  /** Server action: replay these events (ledger ids). */
  replayAction?: (ledgerIds: string[], reason: string) => Promise<ActionResult>;
  /** Server action: reject these quarantined events (ledger ids), with the operator's reason. */
  rejectAction?: (ledgerIds: string[], reason: string) => Promise<ActionResult>;
  /** Refresh on an interval while live refresh is on (seconds; default 5). */
  refreshSeconds?: number;
  /** Live refresh starts on (default true on the first page, off on older pages). */
  liveByDefault?: boolean;
  /** The intake URL the empty state's `stripe listen` command forwards to (default localhost:3000). */
  webhookUrl?: string;
  /** Shown when the ledger has no events at all (not merely none matching the filters). */
  emptyKind?: "no-events" | "no-matches";
};

const features = tableFeatures({ rowSelectionFeature, columnVisibilityFeature });
const column = createColumnHelper<typeof features, EventRow>();

const COLUMN_LABELS: Record<string, string> = {
  time: "Time",
  type: "Event",
  status: "Status",
  customer: "Customer",
  amount: "Amount",
  endpoint: "Endpoint",
  deliveries: "Deliveries",
};

function hrefFor(template: string | undefined, row: EventRow): string | undefined {
  return template?.replaceAll("{id}", encodeURIComponent(row.id)).replaceAll("{ledgerId}", encodeURIComponent(row.ledgerId));
}

function buildColumns(canAct: boolean, openHref: string | undefined) {
  return column.columns([
    ...(canAct
      ? [
          column.display({
            id: "select",
            enableHiding: false,
            header: ({ table }) => (
              <Checkbox
                aria-label="Select all events on this page"
                checked={table.getIsAllRowsSelected() ? true : table.getIsSomeRowsSelected() ? "indeterminate" : false}
                onCheckedChange={(value) => table.toggleAllRowsSelected(value === true)}
              />
            ),
            cell: ({ row }) => (
              <Checkbox aria-label={`Select ${row.original.id}`} checked={row.getIsSelected()} onCheckedChange={(value) => row.toggleSelected(value === true)} onClick={(event) => event.stopPropagation()} />
            ),
          }),
        ]
      : []),
    column.accessor("firstReceivedAt", {
      id: "time",
      header: "Time",
      cell: ({ getValue }) => <RelativeTime value={getValue()} focusable={false} className="text-muted-foreground" />,
    }),
    column.accessor("type", {
      id: "type",
      header: "Event",
      cell: ({ row, getValue }) => {
        const href = hrefFor(openHref, row.original);
        return (
          <div className="flex flex-col leading-tight">
            {href ? (
              <Link href={href} tabIndex={-1} className="font-mono text-[13px] hover:underline" onClick={(event) => event.stopPropagation()}>
                {getValue()}
              </Link>
            ) : (
              <span className="font-mono text-[13px]">{getValue()}</span>
            )}
            <span className="inline-flex items-center gap-0.5">
              <span className="font-mono text-xs text-muted-foreground" data-event-id>
                {row.original.id}
              </span>
              <CopyButton value={row.original.id} label={`Copy event id ${row.original.id}`} tabIndex={-1} className="size-5" />
            </span>
          </div>
        );
      },
    }),
    column.accessor("status", { id: "status", header: "Status", cell: ({ getValue }) => <StatusBadge status={getValue()} /> }),
    column.accessor("customerId", {
      id: "customer",
      header: "Customer",
      cell: ({ getValue }) => {
        const customer = getValue();
        return customer ? <span className="font-mono text-xs">{customer}</span> : <span className="text-muted-foreground">—</span>;
      },
    }),
    column.accessor((row) => row.amount ?? null, {
      id: "amount",
      header: () => <span className="block text-right">Amount</span>,
      cell: ({ row }) =>
        row.original.amount != null && row.original.currency ? (
          <span className="block text-right tabular-nums">{formatAmount(row.original.amount, row.original.currency)}</span>
        ) : (
          <span className="block text-right text-muted-foreground">—</span>
        ),
    }),
    column.accessor("endpoint", {
      id: "endpoint",
      header: "Endpoint",
      cell: ({ row, getValue }) => (
        <span className="inline-flex items-center gap-1.5">
          {getValue()}
          {row.original.livemode ? null : (
            <Badge tone="muted" className="px-1 text-[10px] uppercase tracking-wide">
              test
            </Badge>
          )}
        </span>
      ),
    }),
    column.accessor("deliveryCount", {
      id: "deliveries",
      header: () => <span className="block text-right">Deliveries</span>,
      cell: ({ getValue }) => {
        const count = getValue();
        return <span className={cn("block text-right tabular-nums", count > 1 && "font-medium text-amber-800 dark:text-amber-300")}>{count}</span>;
      },
    }),
  ]);
}

const COLUMNS_WITH_ACTIONS = buildColumns(true, undefined);
const COLUMNS_READ_ONLY = buildColumns(false, undefined);

/**
 * The events list: dense, keyboard-first (`j`/`k`, Enter, `x` to select), filters in the URL,
 * keyset pages, live refresh, and bulk Replay / Reject for people allowed to act.
 */
export function EventsTable({
  events,
  nextCursor,
  filters,
  endpoints,
  filterFields,
  openHref,
  canAct = false,
  replayAction,
  rejectAction,
  refreshSeconds = 5,
  liveByDefault,
  emptyKind,
  webhookUrl = "localhost:3000/api/stripe/webhook",
}: EventsTableProps) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  // Amount starts hidden when no event on the page carries one (the column menu brings it back).
  const [columnVisibility, setColumnVisibility] = useState<ColumnVisibilityState>((): ColumnVisibilityState => (events.some((row) => row.amount != null) ? {} : { amount: false }));
  const columns = openHref ? buildColumns(canAct, openHref) : canAct ? COLUMNS_WITH_ACTIONS : COLUMNS_READ_ONLY;

  const table = useTable({
    features,
    columns,
    data: events,
    getRowId: (row) => row.ledgerId,
    enableRowSelection: canAct,
    state: { rowSelection, columnVisibility },
    onRowSelectionChange: setRowSelection,
    onColumnVisibilityChange: setColumnVisibility,
  });

  const rows = table.getRowModel().rows;
  const open = (index: number) => {
    const row = rows[index];
    const href = row ? hrefFor(openHref, row.original) : undefined;
    if (href) router.push(href);
  };
  const navigation = useRowNavigation({
    rowCount: rows.length,
    onOpen: openHref ? open : undefined,
    onToggle: canAct ? (index) => rows[index]?.toggleSelected() : undefined,
  });

  // Selected rows that are still on the page (a refresh may have moved some off it).
  const selected = rows.filter((row) => row.getIsSelected()).map((row) => row.original);
  const selectedIds = selected.map((row) => row.ledgerId);
  const quarantinedSelected = selected.filter((row) => row.status === "quarantined");

  const nextPageHref = (() => {
    if (!nextCursor) return null;
    const params = eventFiltersToSearchParams({ ...filters, cursor: nextCursor });
    return `${pathname}?${params.toString()}`;
  })();
  const firstPageHref = `${pathname}?${eventFiltersToSearchParams({ ...filters, cursor: undefined }).toString()}`;
  const onFirstPage = !filters.cursor;
  const filtered = hasActiveFilters(filters);
  const resolvedEmptyKind = emptyKind ?? (filtered ? "no-matches" : "no-events");

  return (
    <div className="flex flex-col gap-3" data-testid="events-table">
      <div className="flex flex-wrap items-start gap-2">
        <EventFilterBar filters={filters} endpoints={endpoints} fields={filterFields} className="min-w-0 flex-1" />
        <div className="flex items-center gap-1">
          <DropdownMenu>
            <DropdownMenuTrigger asChild>
              <Button variant="outline" size="sm">
                <Columns3 aria-hidden />
                Columns
              </Button>
            </DropdownMenuTrigger>
            <DropdownMenuContent>
              <DropdownMenuLabel>Show columns</DropdownMenuLabel>
              {table
                .getAllLeafColumns()
                .filter((col) => col.getCanHide())
                .map((col) => (
                  <DropdownMenuCheckboxItem key={col.id} checked={col.getIsVisible()} onCheckedChange={(value) => col.toggleVisibility(value === true)} onSelect={(event) => event.preventDefault()}>
                    {COLUMN_LABELS[col.id] ?? col.id}
                  </DropdownMenuCheckboxItem>
                ))}
            </DropdownMenuContent>
          </DropdownMenu>
          <LiveRefreshToggle seconds={refreshSeconds} defaultOn={liveByDefault ?? onFirstPage} key={searchParams.toString()} />
        </div>
      </div>

      {canAct && selected.length > 0 ? (
        <BulkActionBar count={selected.length} onClear={() => setRowSelection({})}>
          {replayAction ? (
            <ConfirmDialog
              trigger={
                <Button size="xs" variant="outline">
                  <RotateCcw aria-hidden />
                  Replay
                </Button>
              }
              title={`Replay ${selected.length} ${selected.length === 1 ? "event" : "events"}?`}
              description="Each event is processed again from its stored payload."
              consequences={[
                "Failed, dead, ignored and held events run again; their effect applies at most once.",
                "Processed events are left as they are (replaying them changes nothing).",
                "Each replay is recorded in the event's history with your name.",
              ]}
              confirmLabel="Replay"
              requireReason
              reasonPlaceholder="Why replay? e.g. handler fixed in v1.4.2"
              onConfirm={async ({ reason }) => {
                const result = await replayAction(selectedIds, reason);
                if (result.ok) setRowSelection({});
                return result;
              }}
            />
          ) : null}
          {rejectAction ? (
            <ConfirmDialog
              trigger={
                <Button size="xs" variant="outline" className="text-destructive" disabled={quarantinedSelected.length === 0} title={quarantinedSelected.length === 0 ? "Only quarantined events can be rejected" : undefined}>
                  <XCircle aria-hidden />
                  Reject{quarantinedSelected.length !== selected.length && quarantinedSelected.length > 0 ? ` ${quarantinedSelected.length}` : ""}
                </Button>
              }
              destructive
              title={`Reject ${quarantinedSelected.length} quarantined ${quarantinedSelected.length === 1 ? "event" : "events"}?`}
              description="Rejected events are closed for good: they never apply to the books."
              consequences={[
                "The events stay in the ledger, marked rejected, with your reason.",
                ...(quarantinedSelected.length !== selected.length ? [`${selected.length - quarantinedSelected.length} selected events are not quarantined and are left alone.`] : []),
                "This cannot be undone from the console.",
              ]}
              confirmLabel="Reject"
              requireReason
              onConfirm={async ({ reason }) => {
                const result = await rejectAction(
                  quarantinedSelected.map((row) => row.ledgerId),
                  reason,
                );
                if (result.ok) setRowSelection({});
                return result;
              }}
            />
          ) : null}
        </BulkActionBar>
      ) : null}

      {rows.length === 0 ? (
        resolvedEmptyKind === "no-matches" ? (
          <EmptyState icon={SearchX} title="No events match these filters" actions={<Button variant="outline" size="sm" onClick={() => router.replace(pathname, { scroll: false })}>Clear filters</Button>}>
            Widen the time range or remove a filter. New events appear here as they arrive while live refresh is on.
          </EmptyState>
        ) : (
          <EmptyState
            icon={Inbox}
            title="No events yet"
            commands={[
              { label: "Forward test-mode events from your Stripe account (prints the signing secret to give Hookwarden):", command: `stripe listen --forward-to ${webhookUrl}` },
              { label: "Or send realistic signed events without a Stripe account:", command: "npx hookwarden simulate" },
            ]}
          >
            Hookwarden records every verified delivery here, newest first, as soon as Stripe sends it.
          </EmptyState>
        )
      ) : (
        <div className="overflow-hidden rounded-lg border bg-card">
          <Table aria-label="Events" aria-rowcount={rows.length} wrapperClassName="max-h-none">
            <TableHeader className="bg-surface">
              {table.getHeaderGroups().map((group) => (
                <TableRow key={group.id} className="hover:bg-transparent">
                  {group.headers.map((header) => (
                    <TableHead key={header.id} className={header.column.id === "select" ? "w-8 pr-0" : undefined}>
                      {header.isPlaceholder ? null : <table.FlexRender header={header} />}
                    </TableHead>
                  ))}
                  {openHref ? (
                    <TableHead className="w-8">
                      <span className="sr-only">Open</span>
                    </TableHead>
                  ) : null}
                </TableRow>
              ))}
            </TableHeader>
            <TableBody>
              {rows.map((row, index) => {
                const href = hrefFor(openHref, row.original);
                return (
                  <TableRow
                    key={row.id}
                    data-testid="event-row"
                    data-state={row.getIsSelected() ? "selected" : undefined}
                    aria-selected={canAct ? row.getIsSelected() : undefined}
                    className={cn("outline-none focus-visible:bg-accent focus-visible:shadow-[inset_2px_0_0_var(--color-primary)]", href && "cursor-pointer")}
                    onClick={href ? () => router.push(href) : undefined}
                    {...navigation.rowProps(index)}
                  >
                    {row.getVisibleCells().map((cell) => (
                      <TableCell key={cell.id} className={cell.column.id === "select" ? "w-8 pr-0" : undefined} onClick={cell.column.id === "select" ? (event) => event.stopPropagation() : undefined}>
                        <table.FlexRender cell={cell} />
                      </TableCell>
                    ))}
                    {href ? (
                      <TableCell className="w-8 pl-0 text-muted-foreground">
                        <Link href={href} aria-label={`Open ${row.original.id}`} onClick={(event) => event.stopPropagation()} tabIndex={-1}>
                          <ChevronRight className="size-4" aria-hidden />
                        </Link>
                      </TableCell>
                    ) : null}
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </div>
      )}

      {rows.length > 0 || !onFirstPage ? (
        <div className="flex items-center justify-between gap-2 text-sm text-muted-foreground">
          <span className="tabular-nums">
            {rows.length} {rows.length === 1 ? "event" : "events"}
            {onFirstPage ? ", newest first" : ", older page"}
          </span>
          <div className="flex gap-2">
            {onFirstPage ? null : (
              <Button variant="outline" size="sm" asChild>
                <Link href={firstPageHref}>Newest</Link>
              </Button>
            )}
            {nextPageHref ? (
              <Button variant="outline" size="sm" asChild>
                <Link href={nextPageHref} data-testid="next-page">
                  Older events
                  <ChevronRight aria-hidden />
                </Link>
              </Button>
            ) : rows.length > 0 ? (
              <span>End of the ledger</span>
            ) : null}
          </div>
        </div>
      ) : null}
    </div>
  );
}
