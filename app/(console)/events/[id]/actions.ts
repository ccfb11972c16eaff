"use server";
// Server actions of the event page: replay, release, reject (operator and up, from server/auth/permissions.ts)
import { z } from "zod";
import { defineAction } from "@/server/auth/action";
import { replayEvent } from "@/server/processing/replay-event";
import { rejectQuarantinedEvent, releaseQuarantinedEvent } from "@/server/quarantine/decide-quarantine";

const EventDecisionSchema = z.object({ id: z.uuid({ error: "id must be a ledger event id" }), reason: z.string().optional() });

export const replayEventAction = defineAction("events.replay", EventDecisionSchema, ({ id, reason }, { audit }) => replayEvent({ ledgerId: id }, { reason }, audit));

export const releaseEventAction = defineAction("events.release", EventDecisionSchema, ({ id, reason }, { audit }) =>
  releaseQuarantinedEvent({ ledgerId: id }, { reason }, audit),
);

export const rejectEventAction = defineAction("events.reject", EventDecisionSchema, ({ id, reason }, { audit }) =>
  rejectQuarantinedEvent({ ledgerId: id }, { reason }, audit),
);
