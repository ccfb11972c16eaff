"use client";

import { CirclePause, CircleStop, PackageOpen, Waves } from "lucide-react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { ActionResult } from "@/server/auth/action";
import type { BreakerView } from "@/server/gatekeeper/views/breaker-view";
import { STRIPE_RETRY_WARNING } from "./looks";
import { ShedDialog } from "./shed-dialog";
import { useActionResult } from "./use-action-result";

type BreakerReason = { breakerId: string; reason: string };

/** The actions this user may take on a breaker; an action absent here is not offered (the server checks again). */
export type BreakerActionSet = {
  releaseAll?: (input: BreakerReason) => Promise<ActionResult<{ released: number }>>;
  halfOpen?: (input: BreakerReason) => Promise<ActionResult<unknown>>;
  close?: (input: BreakerReason) => Promise<ActionResult<unknown>>;
  shed?: (input: BreakerReason & { hours: number }) => Promise<ActionResult<unknown>>;
};

const plural = (count: number, noun: string) => `${count.toLocaleString("en-US")} ${noun}${count === 1 ? "" : "s"}`;

/** Release all, half-open, shed mode and force close, each behind a dialog that says what it does and asks why. */
export function BreakerActions({ breaker, actions, shedMaxHours }: { breaker: BreakerView; actions: BreakerActionSet; shedMaxHours: number }) {
  const settle = useActionResult();
  const types = breaker.eventTypes.join(", ");
  const shedding = breaker.shedUntil !== null;
  const buttons = [
    actions.releaseAll && breaker.held > 0 ? (
      <ConfirmDialog
        key="release"
        trigger={
          <Button size="sm" data-testid="release-all">
            <PackageOpen aria-hidden /> Release all {breaker.held.toLocaleString("en-US")}
          </Button>
        }
        title={`Release all ${plural(breaker.held, "held event")}?`}
        description={<>Every event this breaker holds on <span className="font-mono">{breaker.endpoint}</span> goes back to processing now, even though the breaker stays {breaker.state === "closed" ? "closed" : "open"}.</>}
        consequences={[
          "Each event is applied exactly once, as Stripe sent it: a forged or replayed one would apply too, so check the evidence first.",
          "Events that arrive later are still held while the breaker is open.",
          "Your name and reason are kept on each event's history and in the audit log.",
        ]}
        confirmLabel={`Release ${breaker.held.toLocaleString("en-US")}`}
        destructive
        requireReason
        reasonPlaceholder="Why are these genuine? e.g. checked against Stripe's Dashboard, INC-123"
        onConfirm={({ reason }) => settle(actions.releaseAll!({ breakerId: breaker.id, reason }), (data) => `Released ${plural(data.released, "event")}: they are being processed.`)}
      />
    ) : null,
    actions.halfOpen && breaker.state === "open" ? (
      <ConfirmDialog
        key="half-open"
        trigger={
          <Button size="sm" variant="outline" data-testid="half-open">
            <CirclePause aria-hidden /> Half-open (gradual)
          </Button>
        }
        title="Release gradually?"
        description={<>The breaker goes half-open: its held events are released {breaker.releasePerTick} at a time at each gatekeeper tick, oldest first, while the gatekeeper watches for a relapse.</>}
        consequences={[
          "A relapse (the same anomaly again) opens the breaker at once and stops the release.",
          "New events of these types are still held while it is half-open.",
          "Once nothing is held and it has stayed quiet for 5 minutes, it closes on its own.",
          ...(shedding ? ["Shed mode stops: deliveries are recorded and held again."] : []),
        ]}
        confirmLabel="Half-open"
        requireReason
        onConfirm={({ reason }) => settle(actions.halfOpen!({ breakerId: breaker.id, reason }), () => "Half-open: held events are released gradually.")}
      />
    ) : null,
    actions.shed && breaker.state === "open" ? <ShedDialog key="shed" breaker={breaker} shed={actions.shed} shedMaxHours={shedMaxHours} /> : null,
    actions.close && breaker.state !== "closed" ? (
      <ConfirmDialog
        key="close"
        trigger={
          <Button size="sm" variant="outline" className="text-destructive" data-testid="force-close">
            <CircleStop aria-hidden /> Force close
          </Button>
        }
        title="Force the breaker closed?"
        description={<>New events of {types} on <span className="font-mono">{breaker.endpoint}</span> are processed as they arrive again, without the gatekeeper watching for a relapse.</>}
        consequences={[
          breaker.held > 0 ? `The ${plural(breaker.held, "event")} it holds stay held until someone releases them.` : "It holds no event now.",
          ...(shedding ? ["Shed mode stops."] : []),
          "If the gatekeeper sees the anomaly again, it opens a new breaker.",
        ]}
        confirmLabel="Force close"
        destructive
        requireReason
        onConfirm={({ reason }) => settle(actions.close!({ breakerId: breaker.id, reason }), () => "The breaker is closed.")}
      />
    ) : null,
  ].filter(Boolean);
  if (buttons.length === 0) return null;
  return (
    <div className="flex flex-wrap items-center gap-2" data-testid="breaker-actions">
      {buttons}
      {shedding && actions.shed ? (
        <ConfirmDialog
          trigger={
            <Button size="sm" variant="ghost" data-testid="stop-shedding">
              <Waves aria-hidden /> Stop shedding
            </Button>
          }
          title="Stop shedding?"
          description="Deliveries of these types are recorded and acknowledged again, and their effects held."
          consequences={["Stripe's pending retries arrive over the next hours and are held like the rest.", STRIPE_RETRY_WARNING]}
          confirmLabel="Stop shedding"
          requireReason
          onConfirm={({ reason }) => settle(actions.shed!({ breakerId: breaker.id, hours: 0, reason }), () => "Shed mode is off: deliveries are held again.")}
        />
      ) : null}
    </div>
  );
}
