"use server";
// Server actions of /gatekeeper and /gatekeeper/breakers/{id}: release held events (all, chosen) and half-open (operator and up);
// force open, force close and shed mode (admin). Each with a reason, each the same domain call as the REST API and the CLI.
import { z } from "zod";
import { defineAction } from "@/server/auth/action";
import { changeBreaker } from "@/server/gatekeeper/breaker/change-breaker";
import { releaseHeldEvents } from "@/server/gatekeeper/breaker/release-held-events";
import { forceOpenBreaker, ForceOpenBreakerSchema } from "@/server/gatekeeper/force-open-breaker";
import { releaseChosenEvents, ReleaseChosenEventsSchema } from "@/server/gatekeeper/release-chosen-events";

const BreakerReasonSchema = z.object({ breakerId: z.string().min(1, "breakerId is required"), reason: z.string() });
const ShedSchema = BreakerReasonSchema.extend({ hours: z.number({ error: "hours is a number of hours" }) });

export const releaseBreakerHeldAction = defineAction("gatekeeper.release_held", BreakerReasonSchema, ({ breakerId, reason }, { audit }) => releaseHeldEvents({ breakerId, reason }, audit));

export const releaseChosenEventsAction = defineAction("gatekeeper.release_held", ReleaseChosenEventsSchema, (input, { audit }) => releaseChosenEvents(input, audit));

export const halfOpenBreakerAction = defineAction("gatekeeper.half_open", BreakerReasonSchema, ({ breakerId, reason }, { audit }) => changeBreaker(breakerId, { to: "half_open", reason }, audit));

export const closeBreakerAction = defineAction("gatekeeper.force_breaker", BreakerReasonSchema, ({ breakerId, reason }, { audit }) => changeBreaker(breakerId, { to: "closed", reason }, audit));

export const shedBreakerAction = defineAction("gatekeeper.shed", ShedSchema, ({ breakerId, hours, reason }, { audit }) => changeBreaker(breakerId, { to: "shed", hours, reason }, audit));

export const forceOpenBreakerAction = defineAction("gatekeeper.force_breaker", ForceOpenBreakerSchema, (input, { audit }) => forceOpenBreaker(input, audit));
