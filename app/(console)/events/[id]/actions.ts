"use server";
// Server actions of the event page: replay, release, reject; compare with Stripe and apply Stripe's copy
// (events.reconcile) (operator and up); break-glass to the raw payload (events.view_raw, admin) (roles from server/auth/permissions.ts)
import { z } from "zod";
import { defineAction } from "@/server/auth/action";
import { replayEvent } from "@/server/processing/replay-event";
import { RawViewSchema, readRawPayload } from "@/server/masking/read-raw-payload";
import { compareEventWithStripe, reconcileEvent } from "@/server/reconcile/reconcile-event";
import { rejectQuarantinedEvent, releaseQuarantinedEvent } from "@/server/quarantine/decide-quarantine";

const EventDecisionSchema = z.object({ id: z.uuid({ error: "id must be a ledger event id" }), reason: z.string().optional() });

export const replayEventAction = defineAction("events.replay", EventDecisionSchema, ({ id, reason }, { audit }) => replayEvent({ ledgerId: id }, { reason }, audit));

export const releaseEventAction = defineAction("events.release", EventDecisionSchema, ({ id, reason }, { audit }) =>
  releaseQuarantinedEvent({ ledgerId: id }, { reason }, audit),
);

export const rejectEventAction = defineAction("events.reject", EventDecisionSchema, ({ id, reason }, { audit }) =>
  rejectQuarantinedEvent({ ledgerId: id }, { reason }, audit),
);

const EventRefSchema = z.object({ id: z.uuid({ error: "id must be a ledger event id" }) });

/** Asks Stripe for its copy of the event and the object now, and compares; changes nothing. */
export const compareEventWithStripeAction = defineAction("events.reconcile", EventRefSchema, async ({ id }) => {
  const comparison = await compareEventWithStripe({ ledgerId: id });
  return {
    stripeEventId: comparison.stripeEventId,
    status: comparison.status,
    stripeKnows: comparison.stripeKnows,
    delivered: comparison.delivered,
    stripeCopy: comparison.stripeCopy,
    current: comparison.current,
    differences: comparison.differences,
    changedSince: comparison.changedSince,
    canApply: comparison.canApply,
  };
});

/** Processes the event with Stripe's copy, fetched again, with the operator's reason (audited by the domain); answers where it ended. */
export const applyStripeCopyAction = defineAction("events.reconcile", EventDecisionSchema, async ({ id, reason }, { audit }) => {
  const result = await reconcileEvent({ ledgerId: id }, { reason }, audit);
  return { outcome: result.outcome, status: result.status, error: result.error ?? null };
});

/** Break-glass: the raw payload once, as indented JSON, for an admin who states why (audited by the domain). */
export const viewRawPayloadAction = defineAction("events.view_raw", RawViewSchema.extend({ id: z.uuid({ error: "id must be a ledger event id" }) }), async ({ id, reason }, { audit }) => {
  const { payload } = await readRawPayload({ ledgerId: id }, { reason }, audit);
  return { json: JSON.stringify(payload, null, 2) };
});
