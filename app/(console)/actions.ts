"use server";
// Server actions of the events list: bulk Replay and Reject (operator and up, from server/auth/permissions.ts)
import { z } from "zod";
import { defineAction } from "@/server/auth/action";
import { actOnEvents, BULK_EVENT_LIMIT } from "@/server/processing/act-on-events";
import { replayEvent } from "@/server/processing/replay-event";
import { DECISION_REASON_MAX_LENGTH, DECISION_REASON_MIN_LENGTH } from "@/server/quarantine/decision-reason";
import { rejectQuarantinedEvent } from "@/server/quarantine/decide-quarantine";

const BulkEventDecisionSchema = z.object({
  ids: z
    .array(z.uuid({ error: "ids must be ledger event ids" }), { error: "ids must be a list of ledger event ids" })
    .min(1, "select at least one event")
    .max(BULK_EVENT_LIMIT, `at most ${BULK_EVENT_LIMIT} events at once`),
  reason: z
    .string({ error: "reason is required" })
    .trim()
    .min(DECISION_REASON_MIN_LENGTH, `reason is required: say why (at least ${DECISION_REASON_MIN_LENGTH} characters)`)
    .max(DECISION_REASON_MAX_LENGTH),
});

/** Replays each event; answers which succeeded and, for the others, why not. */
export const replayEventsAction = defineAction("events.replay", BulkEventDecisionSchema, ({ ids, reason }, { audit }) =>
  actOnEvents(ids, (ledgerId) => replayEvent({ ledgerId }, { reason }, audit)),
);

/** Rejects each quarantined event; answers which succeeded and, for the others, why not. */
export const rejectEventsAction = defineAction("events.reject", BulkEventDecisionSchema, ({ ids, reason }, { audit }) =>
  actOnEvents(ids, (ledgerId) => rejectQuarantinedEvent({ ledgerId }, { reason }, audit)),
);
