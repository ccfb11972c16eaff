"use client";

import { ArrowRight, CircleDot, Inbox, Repeat, RotateCcw, ShieldCheck, Sparkles, type LucideIcon } from "lucide-react";
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { CopyButton } from "@/components/ui/copy-button";
import { JsonTree } from "@/components/ui/json-tree";
import { ReasonBadge } from "@/components/ui/reason-badge";
import { ExactTime, RelativeTime } from "@/components/ui/relative-time";
import { StatusBadge } from "@/components/ui/status-badge";
import type { DeliveryKind, EventStatus } from "@/server/ledger/event-status";
import { QUARANTINE_REASONS, type QuarantineReason } from "@/server/quarantine/quarantine-reasons";
import { EventProvenance, type EventProvenanceProps } from "./event-provenance";
import { EvidenceTable } from "./evidence-table";

export type EventStoryEvent = {
  id: string;
  type: string;
  status: EventStatus | (string & {});
  endpoint: string;
  livemode: boolean;
  apiVersion?: string | null;
  account?: string | null;
  objectId?: string | null;
  customerId?: string | null;
  /** ISO 8601 times. */
  stripeCreatedAt: string;
  firstReceivedAt: string;
  processedAt?: string | null;
};

export type EventStoryDelivery = {
  receivedAt: string;
  signatureTimestamp: string;
  sourceIp: string | null;
  /** Fingerprint of the signing secret that matched (never the secret). */
  matchedSecret: string | null;
  kind: DeliveryKind | (string & {});
  verdict: string;
};

export type EventStoryStatusChange = {
  at: string;
  from: string | null;
  to: string;
  reason: string;
  /** `system`, `api_key:<id>` or `user:<id>`, or a display name. */
  actor: string;
};

export type EvidenceRow = { field: string; expected: unknown; received: unknown };

export type EventStoryQuarantine = {
  reason: QuarantineReason | (string & {});
  evidence: EvidenceRow[];
  status: "open" | "released" | "rejected" | (string & {});
  decidedBy?: string | null;
  decidedAt?: string | null;
  decisionReason?: string | null;
};

export type EventStoryEffect = {
  kind: string;
  subject?: string | null;
  summary: string;
  appliedAt: string;
};

export type EventStoryProps = {
  event: EventStoryEvent;
  deliveries: EventStoryDelivery[];
  statusChanges: EventStoryStatusChange[];
  quarantine?: EventStoryQuarantine | null;
  effect?: EventStoryEffect | null;
  /** The payload as the viewer may see it (masked on the server for their role); omit to not show it. */
  payload?: unknown;
  /** Replay / Release / Reject buttons, each wired to a server action through ConfirmDialog. */
  actions?: ReactNode;
  /** Where the event came from, whether Stripe confirmed it, and its 30-day deadline while unsettled. */
  provenance?: EventProvenanceProps;
};

type TimelineItem =
  | { kind: "delivery"; at: string; delivery: EventStoryDelivery; index: number }
  | { kind: "status"; at: string; change: EventStoryStatusChange };

const DELIVERY_ICON: Record<string, LucideIcon> = { first: Inbox, retry: Repeat, replay: RotateCcw };
const DELIVERY_LABEL: Record<string, string> = { first: "First delivery", retry: "Retry from Stripe", replay: "Replayed request" };

/** Oldest first, so the story reads top to bottom; deliveries before status changes at the same instant. */
export function buildTimeline(deliveries: EventStoryDelivery[], statusChanges: EventStoryStatusChange[]): TimelineItem[] {
  const items: TimelineItem[] = [
    ...deliveries.map((delivery, index) => ({ kind: "delivery" as const, at: delivery.receivedAt, delivery, index })),
    ...statusChanges.map((change) => ({ kind: "status" as const, at: change.at, change })),
  ];
  return items.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.kind === b.kind ? 0 : a.kind === "delivery" ? -1 : 1));
}

/** An event's whole story: who sent it, what happened to it and why, what it changed, and what it said. */
export function EventStory({ event, deliveries, statusChanges, quarantine, effect, payload, actions, provenance }: EventStoryProps) {
  const timeline = buildTimeline(deliveries, statusChanges);
  return (
    <article className="flex flex-col gap-4" aria-labelledby="event-story-title">
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            <h1 id="event-story-title" className="font-mono text-lg font-semibold tracking-tight">
              {event.type}
            </h1>
            <StatusBadge status={event.status} />
            {event.livemode ? null : <Badge tone="muted">Test mode</Badge>}
          </div>
          <div className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-muted-foreground">
            <span className="inline-flex items-center gap-0.5 font-mono text-[13px] text-foreground">
              {event.id}
              <CopyButton value={event.id} label="Copy event id" />
            </span>
            <span>
              on <span className="text-foreground">{event.endpoint}</span>
            </span>
            <span>
              created by Stripe <RelativeTime value={event.stripeCreatedAt} />
            </span>
          </div>
          {provenance ? <EventProvenance {...provenance} /> : null}
        </div>
        {actions ? <div className="flex flex-wrap gap-2">{actions}</div> : null}
      </header>

      <div className="grid gap-4 xl:grid-cols-[minmax(0,5fr)_minmax(0,7fr)]">
        <Card>
          <CardHeader>
            <CardTitle>Timeline</CardTitle>
          </CardHeader>
          <CardContent>
            {timeline.length === 0 ? (
              <p className="text-sm text-muted-foreground">Nothing recorded yet.</p>
            ) : (
              <ol className="relative space-y-4 before:absolute before:bottom-2 before:left-[11px] before:top-2 before:w-px before:bg-border" data-testid="event-timeline">
                {timeline.map((item, position) => (
                  <li key={`${item.kind}-${position}`} className="relative flex gap-3">
                    {item.kind === "delivery" ? <DeliveryItem delivery={item.delivery} /> : <StatusItem change={item.change} />}
                  </li>
                ))}
              </ol>
            )}
          </CardContent>
        </Card>

        <div className="flex min-w-0 flex-col gap-4">
          {quarantine ? <EvidencePanel quarantine={quarantine} /> : null}
          <Card>
            <CardHeader>
              <CardTitle>Effect</CardTitle>
            </CardHeader>
            <CardContent className="text-sm">
              {effect ? (
                <div className="flex items-start gap-2">
                  <Sparkles className="mt-0.5 size-4 shrink-0 text-emerald-600 dark:text-emerald-400" aria-hidden />
                  <div>
                    <p>{effect.summary}</p>
                    <p className="mt-0.5 text-xs text-muted-foreground">
                      {effect.kind}
                      {effect.subject ? <> · <span className="font-mono">{effect.subject}</span></> : null} · applied <RelativeTime value={effect.appliedAt} />
                    </p>
                  </div>
                </div>
              ) : (
                <p className="text-muted-foreground">No effect applied{event.status === "processed" ? " (this event type changes nothing in the books)" : " yet"}.</p>
              )}
            </CardContent>
          </Card>
          {payload !== undefined ? (
            <Card>
              <CardHeader>
                <CardTitle>Payload</CardTitle>
              </CardHeader>
              <CardContent className="p-2">
                <JsonTree value={payload} label="Event payload" />
              </CardContent>
            </Card>
          ) : null}
        </div>
      </div>
    </article>
  );
}

function Dot({ icon: Icon, className }: { icon: LucideIcon; className?: string }) {
  return (
    <span className={cn("relative z-10 flex size-6 shrink-0 items-center justify-center rounded-full border bg-card", className)}>
      <Icon className="size-3.5" aria-hidden />
    </span>
  );
}

function DeliveryItem({ delivery }: { delivery: EventStoryDelivery }) {
  const icon = DELIVERY_ICON[delivery.kind] ?? Inbox;
  return (
    <>
      <Dot icon={icon} className={delivery.kind === "replay" ? "border-amber-300 text-amber-700 dark:border-amber-700 dark:text-amber-300" : "text-muted-foreground"} />
      <div className="min-w-0 flex-1 text-sm">
        <p className="flex flex-wrap items-center gap-x-2">
          <span className="font-medium">{DELIVERY_LABEL[delivery.kind] ?? delivery.kind}</span>
          {delivery.kind === "replay" ? <Badge tone="warning">replay</Badge> : delivery.kind === "retry" ? <Badge tone="info">retry</Badge> : null}
          <ExactTime value={delivery.receivedAt} className="text-xs text-muted-foreground" />
        </p>
        <dl className="mt-1 grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-0.5 text-xs text-muted-foreground">
          <dt>From</dt>
          <dd className="truncate font-mono text-foreground">{delivery.sourceIp ?? "unknown"}</dd>
          <dt>Secret</dt>
          <dd className="flex items-center gap-1 font-mono text-foreground">
            <ShieldCheck className="size-3 text-emerald-600 dark:text-emerald-400" aria-hidden />
            {delivery.matchedSecret ?? "—"}
          </dd>
          <dt>Signed</dt>
          <dd>
            <ExactTime value={delivery.signatureTimestamp} milliseconds={false} />
          </dd>
          <dt>Verdict</dt>
          <dd>{delivery.verdict}</dd>
        </dl>
      </div>
    </>
  );
}

function StatusItem({ change }: { change: EventStoryStatusChange }) {
  return (
    <>
      <Dot icon={CircleDot} className="text-muted-foreground" />
      <div className="min-w-0 flex-1 text-sm">
        <p className="flex flex-wrap items-center gap-1.5">
          {change.from ? (
            <>
              <StatusBadge status={change.from} />
              <ArrowRight className="size-3.5 text-muted-foreground" aria-label="to" />
            </>
          ) : null}
          <StatusBadge status={change.to} />
          <ExactTime value={change.at} className="text-xs text-muted-foreground" />
        </p>
        <p className="mt-1 break-words text-[13px]">{change.reason}</p>
        <p className="text-xs text-muted-foreground">by {change.actor}</p>
      </div>
    </>
  );
}

function EvidencePanel({ quarantine }: { quarantine: EventStoryQuarantine }) {
  const explanation = Object.hasOwn(QUARANTINE_REASONS, quarantine.reason) ? QUARANTINE_REASONS[quarantine.reason as QuarantineReason] : null;
  return (
    <Card className="border-amber-300/70 dark:border-amber-700/60">
      <CardHeader className="gap-2">
        <div className="flex flex-wrap items-center gap-2">
          <CardTitle>Quarantine evidence</CardTitle>
          <ReasonBadge reason={quarantine.reason} />
          <Badge tone={quarantine.status === "open" ? "warning" : quarantine.status === "released" ? "success" : "neutral"} className="capitalize">
            {quarantine.status}
          </Badge>
        </div>
        {explanation ? <p className="text-[13px] text-muted-foreground">{explanation}</p> : null}
      </CardHeader>
      <CardContent className="p-0">
        <EvidenceTable
          rows={quarantine.evidence}
          {...(quarantine.reason === "unconfirmed_by_stripe"
            ? { expectedLabel: "Stripe's copy", receivedLabel: "Delivered" }
            : { expectedLabel: "Expected (registered)", receivedLabel: "Received (from Stripe)" })}
          caption="Expected against received, field by field; differing fields are marked."
        />
        {quarantine.status !== "open" && quarantine.decidedBy ? (
          <p className="border-t px-4 py-2 text-xs text-muted-foreground">
            {quarantine.status === "released" ? "Released" : "Rejected"} by {quarantine.decidedBy}
            {quarantine.decidedAt ? (
              <>
                {" "}
                <RelativeTime value={quarantine.decidedAt} />
              </>
            ) : null}
            {quarantine.decisionReason ? <>: “{quarantine.decisionReason}”</> : null}
          </p>
        ) : null}
      </CardContent>
    </Card>
  );
}
