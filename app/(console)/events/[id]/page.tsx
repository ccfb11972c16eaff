// GET /events/{id} — one event's whole story, where it came from and its 30-day deadline, with Replay / Release / Reject
// and Reconcile with Stripe (events.get; actions operator and up); the payload masked for everyone, raw only through break-glass (events.view_raw, admin)
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { EventActions } from "@/components/events/event-actions";
import { EventStory } from "@/components/events/event-story";
import { RawPayloadButton } from "@/components/events/raw-payload-button";
import { ReconcileEvent } from "@/components/events/reconcile-event";
import { ACTIONS, permits } from "@/server/auth/permissions";
import { requireUser } from "@/server/auth/require-user";
import { isAppError } from "@/server/errors";
import { getEventStoryOrThrow } from "@/server/ledger/get-event-story-or-throw";
import { readEventPayload } from "@/server/ledger/read-event-payload";
import { env } from "@/server/env";
import { RECONCILABLE, REPLAYABLE } from "@/server/processing/process-ledger-event";
import { QUARANTINE_RELEASE_EFFECTS } from "@/server/quarantine/quarantine-reasons";
import { horizonDeadlineOf } from "@/server/reconcile/horizon";
import { applyStripeCopyAction, compareEventWithStripeAction, rejectEventAction, releaseEventAction, replayEventAction, viewRawPayloadAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Event" };

export default async function EventPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser(ACTIONS["events.get"].role);
  const { id } = await params;
  const story = await getEventStoryOrThrow(decodeURIComponent(id)).catch((error: unknown) => {
    if (isAppError(error) && (error.code === "not_found" || error.code === "invalid_request")) notFound();
    throw error;
  });
  // Masked here, on the server, for every role: the raw payload reaches a browser only through break-glass (audited).
  const payload = await readEventPayload(story.event.id, { masked: true });
  const quarantineOpen = story.event.status === "quarantined" && story.quarantine?.status === "open";
  const canReplay = permits(user.role, "events.replay") && REPLAYABLE.includes(story.event.status);
  const canDecide = permits(user.role, "events.release") && quarantineOpen;
  // Asking Stripe is an operator's action whatever the state: it changes nothing, and says why Stripe's copy can or cannot be applied.
  const canReconcile = permits(user.role, "events.reconcile");
  const canViewRaw = permits(user.role, "events.view_raw");

  return (
    <div className="mx-auto max-w-7xl">
      <EventStory
        event={{ ...story.event, id: story.event.stripeEventId }}
        deliveries={story.deliveries.map((delivery) => ({ ...delivery, matchedSecret: delivery.matchedSecret?.fingerprint ?? null }))}
        statusChanges={story.history}
        quarantine={story.quarantine}
        effect={story.effect}
        payload={payload}
        provenance={{
          origin: story.event.origin,
          reconciliationRunId: story.event.reconciliationRunId,
          confirmedAt: story.event.confirmedAt,
          horizonDeadline: horizonDeadlineOf(story.event),
          alertDays: env().HOOKWARDEN_HORIZON_ALERT_DAYS,
        }}
        actions={
          canReconcile || canReplay || canDecide || canViewRaw ? (
            <>
              {canViewRaw ? <RawPayloadButton ledgerId={story.event.id} viewRawAction={viewRawPayloadAction} /> : null}
              {canReconcile ? (
                <ReconcileEvent ledgerId={story.event.id} compareAction={compareEventWithStripeAction} applyAction={applyStripeCopyAction} reconcilableStatuses={RECONCILABLE} />
              ) : null}
              <EventActions
                ledgerId={story.event.id}
                canReplay={canReplay}
                canDecide={canDecide}
                releaseEffect={story.quarantine ? QUARANTINE_RELEASE_EFFECTS[story.quarantine.reason] : undefined}
                replayAction={replayEventAction}
                releaseAction={releaseEventAction}
                rejectAction={rejectEventAction}
              />
            </>
          ) : undefined
        }
      />
    </div>
  );
}
