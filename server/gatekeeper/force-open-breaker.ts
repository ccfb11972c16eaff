import { z } from "zod";
import type { AuditContext } from "../audit/audit-actor";
import { prisma } from "../db";
import { EndpointNameSchema } from "../endpoints/endpoint-name";
import { env } from "../env";
import { AppError, invalidInput } from "../errors";
import { changeBreaker } from "./breaker/change-breaker";
import { openBreaker } from "./breaker/open-breaker";
import { SUCCESS_EVENT_TYPES } from "./success-event-types";

/** An exact Stripe event type (a breaker holds exact types, no patterns). */
const EVENT_TYPE = /^[a-z0-9_]+(\.[a-z0-9_]+)+$/;

export const ForceOpenBreakerSchema = z.object({
  endpoint: EndpointNameSchema,
  /** The types to hold; the success types (server/gatekeeper/success-event-types.ts) when absent. */
  eventTypes: z
    .array(z.string().trim().regex(EVENT_TYPE, "eventTypes are exact event types such as payment_intent.succeeded"))
    .min(1, "eventTypes needs at least one type (or leave it out for the success types)")
    .max(50, "eventTypes has at most 50 types")
    .optional(),
  reason: z.string().trim().min(3, "say why, in a few words").max(500, "reason is at most 500 characters"),
  /** Shed mode from the start, for this many hours (capped at HOOKWARDEN_SHED_MAX_HOURS); absent or 0: hold only. */
  shedHours: z.number({ error: "shedHours is a number of hours" }).min(0, "shedHours is at least 0").max(48, "shedHours is at most 48").optional(),
});
export type ForceOpenBreaker = z.input<typeof ForceOpenBreakerSchema>;

export type ForcedBreaker = { id: string; endpoint: string; transition: "opened" | "relapsed" | "widened" | "unchanged"; eventTypes: string[]; shedUntil: string | null };

/**
 * An admin forces an endpoint's breaker open for chosen event types: from then on processing
 * holds their events (recorded and acknowledged, effects paused) until someone releases them.
 * An open breaker gains the types; a half-open one opens again. One decision and one audit entry
 * (`gatekeeper.force_breaker`); with shed hours, shed mode then starts as its own audited change
 * (`gatekeeper.shed`), capped at HOOKWARDEN_SHED_MAX_HOURS. Asking for what is already so changes
 * nothing and says so.
 */
export async function forceOpenBreaker(input: unknown, audit: AuditContext, now = new Date()): Promise<ForcedBreaker> {
  const parsed = ForceOpenBreakerSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const { endpoint: endpointName, reason, shedHours } = parsed.data;
  const eventTypes = [...new Set(parsed.data.eventTypes ?? [...SUCCESS_EVENT_TYPES])].sort();
  const endpoint = await prisma().endpoint.findUnique({ where: { name: endpointName }, select: { id: true, name: true } });
  if (!endpoint) throw new AppError("not_found", `No endpoint named "${endpointName}".`);

  const opened = await openBreaker({
    endpointId: endpoint.id,
    endpointName: endpoint.name,
    at: now,
    eventTypes,
    reason,
    explanation: { forced: true, requestedTypes: eventTypes, ...(shedHours ? { shedHours: Math.min(shedHours, env().HOOKWARDEN_SHED_MAX_HOURS) } : {}) },
    audit,
  });
  const wantsShed = shedHours !== undefined && shedHours > 0;
  if (opened.transition === "unchanged" && !wantsShed) {
    throw new AppError("conflict", `The breaker of ${endpoint.name} is open already for ${eventTypes.join(", ")}; nothing changed.`);
  }
  let shedUntil: string | null = null;
  if (wantsShed) {
    try {
      await changeBreaker(opened.id, { to: "shed", hours: shedHours, reason }, audit, now);
    } catch (error) {
      const cause = error instanceof AppError ? error.message : "an unexpected error";
      throw new AppError("conflict", `The breaker of ${endpoint.name} is open and holds ${opened.eventTypes.join(", ")}, but shed mode did not start (${cause}). Turn it on from the breaker.`, { cause: error });
    }
    shedUntil = new Date(now.getTime() + Math.min(shedHours, env().HOOKWARDEN_SHED_MAX_HOURS) * 3_600_000).toISOString();
  }
  return { id: opened.id, endpoint: endpoint.name, transition: opened.transition, eventTypes: opened.eventTypes, shedUntil };
}

