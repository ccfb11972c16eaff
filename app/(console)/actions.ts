"use server";
// Server actions of the events list: bulk Replay and Reject (operator and up, from server/auth/permissions.ts)
import { defineAction } from "@/server/auth/action";
import { BulkEventsSchema } from "@/server/ledger/act-on-events";
import { replayEvents } from "@/server/processing/replay-events";
import { decideQuarantinedEvents } from "@/server/quarantine/decide-quarantined-events";

/** Replays each event; answers which succeeded and, for the others, why not. */
export const replayEventsAction = defineAction("events.replay", BulkEventsSchema, (input, { audit }) => replayEvents(input, audit));

/** Rejects each quarantined event, as the quarantine page does; answers which succeeded and, for the others, why not. */
export const rejectEventsAction = defineAction("events.reject", BulkEventsSchema, (input, { audit }) => decideQuarantinedEvents("reject", input, audit));
