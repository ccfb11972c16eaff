// GET /events/{id} — one event's whole story, where it came from and its 30-day deadline, with Replay / Release / Reject
// and Reconcile with Stripe (events.get; actions operator and up)
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { EventActions } from "@/components/events/event-actions";
import { EventStory } from "@/components/events/event-story";
import { ReconcileEvent } from "@/components/events/reconcile-event";
import { ACTIONS, permits } from "@/server/auth/permissions";
import { requireUser } from "@/server/auth/require-user";
import { roleAtLeast } from "@/server/auth/roles";
import { isAppError } from "@/server/errors";
import { getEventStoryOrThrow } from "@/server/ledger/get-event-story-or-throw";
import { readEventPayload } from "@/server/ledger/read-event-payload";
import { UNMASKED_ROLE } from "@/server/masking/unmasked-role";
import { env } from "@/server/env";
import { RECONCILABLE, REPLAYABLE } from "@/server/processing/process-ledger-event";
import { QUARANTINE_RELEASE_EFFECTS } from "@/server/quarantine/quarantine-reasons";
import { horizonDeadlineOf } from "@/server/reconcile/horizon";
import { applyStripeCopyAction, compareEventWithStripeAction, rejectEventAction, releaseEventAction, replayEventAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Event" };

export default async function EventPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser(ACTIONS["events.get"].role);
  const { id } = await params;
  const story = await getEventStoryOrThrow(decodeURIComponent(id)).catch((error: unknown) => {
    if (isAppError(error) && (error.code === "not_found" || error.code === "invalid_request")) notFound();
    throw error;
  });
  // A viewer's payload is masked here, on the server: the unmasked value never reaches their browser.
  const payload = await readEventPayload(story.event.id, { masked: !roleAtLeast(user.role, UNMASKED_ROLE) });
  const quarantineOpen = story.event.status === "quarantined" && story.quarantine?.status === "open";
  const canReplay = permits(user.role, "events.replay") && REPLAYABLE.includes(story.event.status);
  const canDecide = permits(user.role, "events.release") && quarantineOpen;
  // Asking Stripe is an operator's action whatever the state: it changes nothing, and says why Stripe's copy can or cannot be applied.
  const canReconcile = permits(user.role, "events.reconcile");

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
          canReconcile || canReplay || canDecide ? (
            <>
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
