"use server";
// Server actions of the quarantine page: release or reject selected events with one reason (operator and up)
import { defineAction } from "@/server/auth/action";
import { BulkEventsSchema } from "@/server/ledger/act-on-events";
import { decideQuarantinedEvents } from "@/server/quarantine/decide-quarantined-events";

export const releaseQuarantinedEventsAction = defineAction("events.release", BulkEventsSchema, (input, { audit }) => decideQuarantinedEvents("release", input, audit));

export const rejectQuarantinedEventsAction = defineAction("events.reject", BulkEventsSchema, (input, { audit }) => decideQuarantinedEvents("reject", input, audit));
