import { prisma } from "../db";
import { openAtRest } from "../crypto/keys";
import { env } from "../env";
import type { EventStatus } from "../ledger/event-status";
import { HANDLERS } from "./handlers";
import { MalformedEventError, type HandlerOutcome, type StripeObject } from "./handler-types";
import { setEventStatus } from "./set-event-status";

export type ProcessOutcome = {
  ledgerEventId: string;
  /** What this call did; `skipped` when another worker had it, or it was not claimable. */
  outcome: "processed" | "ignored" | "quarantined" | "awaiting_link" | "failed" | "dead" | "skipped";
  status: EventStatus | null;
  error?: string;
};

/** Statuses from which a worker may claim an event. */
export const CLAIMABLE: EventStatus[] = ["received", "queued", "failed", "awaiting_link"];
/** Statuses from which an operator may replay an event. */
export const REPLAYABLE: EventStatus[] = ["failed", "dead", "ignored", "held"];

export type ProcessOptions = {
  /** Who asked: `system` for the queue, `api_key:<id>` for an operator. */
  actor?: string;
  /** An operator released the event from quarantine with this reason: apply without the cross-check. */
  release?: { reason: string };
  /** An operator replays a failed, dead, ignored or held event. */
  replay?: { reason: string };
};

class LostClaimError extends Error {}

/** Retry delay after the n-th failed attempt: 2 s, 4 s, 8 s … capped at 5 minutes. */
export function backoffSeconds(attempt: number): number {
  return Math.min(300, 2 ** Math.max(1, attempt));
}

/**
 * Processes one ledger event exactly once (invariant 2):
 * claim (atomic: one worker wins) → cross-reference → apply the effect and mark the
 * event processed in ONE database transaction. The effect row's key is the event,
 * so even a second claimer could not apply it twice. Failures are recorded with
 * their reason and retried with backoff; a malformed event is dead at once.
 */
export async function processLedgerEvent(ledgerEventId: string, options: ProcessOptions = {}): Promise<ProcessOutcome> {
  const actor = options.actor ?? "system";
  const from: EventStatus[] = options.release ? ["quarantined"] : options.replay ? REPLAYABLE : CLAIMABLE;
  const claimReason = options.release ? `released by an operator: ${options.release.reason}` : (options.replay?.reason ?? "claimed for processing");
  const claim = await claimEvent(ledgerEventId, from, actor, claimReason);
  if (!claim) {
    const current = await prisma().stripeEvent.findUnique({ where: { id: ledgerEventId }, select: { status: true } });
    return { ledgerEventId, outcome: "skipped", status: (current?.status as EventStatus | undefined) ?? null };
  }
  try {
    return await applyClaimed(ledgerEventId, claim.attempts, actor, options.release);
  } catch (error) {
    if (error instanceof LostClaimError) return { ledgerEventId, outcome: "skipped", status: null };
    return recordFailure(ledgerEventId, claim.attempts, error);
  }
}

async function claimEvent(id: string, from: EventStatus[], actor: string, reason: string): Promise<{ attempts: number } | null> {
  return prisma().$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ status: EventStatus; attempts: number }[]>`
      SELECT status, attempts FROM stripe_event WHERE id = ${id}::uuid FOR UPDATE`;
    const row = rows[0];
    if (!row || !from.includes(row.status)) return null;
    await setEventStatus(tx, id, row.status, {
      to: "processing",
      reason,
      actor,
      fields: { attempts: row.attempts + 1, claimedAt: new Date(), nextAttemptAt: null },
    });
    return { attempts: row.attempts + 1 };
  });
}

async function applyClaimed(id: string, attempts: number, actor: string, release: { reason: string } | undefined): Promise<ProcessOutcome> {
  const released = release !== undefined;
  const event = await prisma().stripeEvent.findUniqueOrThrow({
    where: { id },
    select: { stripeEventId: true, type: true, stripeCreatedAt: true, livemode: true, firstReceivedAt: true, linkDeadline: true, payloadCiphertext: true, endpoint: { select: { noReferencePolicy: true } } },
  });
  const handler = HANDLERS[event.type];
  const object = handler ? objectOf(openAtRest(event.payloadCiphertext)) : null;
  const now = new Date();
  const linkDeadline = event.linkDeadline ?? new Date(event.firstReceivedAt.getTime() + env().HOOKWARDEN_LINK_WAIT_SECONDS * 1000);

  return prisma().$transaction(
    async (tx) => {
      const locked = await tx.$queryRaw<{ status: EventStatus; attempts: number }[]>`SELECT status, attempts FROM stripe_event WHERE id = ${id}::uuid FOR UPDATE`;
      if (locked[0]?.status !== "processing" || locked[0].attempts !== attempts) throw new LostClaimError();

      if (!handler || !object) {
        await setEventStatus(tx, id, "processing", { to: "ignored", reason: `no handler for ${event.type}`, actor, fields: { processedAt: now } });
        return { ledgerEventId: id, outcome: "ignored" as const, status: "ignored" as const };
      }
      const outcome: HandlerOutcome = await handler({
        tx,
        event: { ledgerId: id, stripeEventId: event.stripeEventId, type: event.type, created: event.stripeCreatedAt, livemode: event.livemode, firstReceivedAt: event.firstReceivedAt },
        object,
        noReferencePolicy: event.endpoint.noReferencePolicy === "allow" ? "allow" : "quarantine",
        linkDeadline,
        now,
        released,
      });

      switch (outcome.kind) {
        case "applied": {
          await tx.effect.create({ data: { eventId: id, kind: outcome.effect.kind, subject: outcome.effect.subject, summary: outcome.effect.summary, detail: (outcome.effect.detail ?? {}) as object } });
          await setEventStatus(tx, id, "processing", {
            to: "processed",
            reason: released ? `released: ${outcome.effect.summary}` : outcome.effect.summary,
            actor,
            fields: { processedAt: now, lastError: null, awaitingObjectId: null },
          });
          if (release) {
            await tx.quarantineItem.update({ where: { eventId: id }, data: { status: "released", decidedBy: actor, decidedAt: now, decisionReason: release.reason } });
          }
          if (outcome.linkedObjectIds?.length) await wakeAwaitingEvents(tx, outcome.linkedObjectIds, event.stripeEventId);
          return { ledgerEventId: id, outcome: "processed" as const, status: "processed" as const };
        }
        case "quarantine": {
          const subject = outcome.evidence.find((row) => row.field === "reference")?.expected;
          await tx.quarantineItem.upsert({
            where: { eventId: id },
            create: { eventId: id, reason: outcome.reason, evidence: outcome.evidence as object, subject: typeof subject === "string" && outcome.reason !== "unknown_reference" ? `transaction:${subject}` : null },
            update: { reason: outcome.reason, evidence: outcome.evidence as object, status: "open", decidedAt: null, decidedBy: null, decisionReason: null },
          });
          await setEventStatus(tx, id, "processing", { to: "quarantined", reason: `${outcome.reason}: ${outcome.summary}`, actor });
          return { ledgerEventId: id, outcome: "quarantined" as const, status: "quarantined" as const };
        }
        case "await_link": {
          await setEventStatus(tx, id, "processing", {
            to: "awaiting_link",
            reason: outcome.summary,
            actor,
            fields: { awaitingObjectId: outcome.objectId, linkDeadline },
          });
          return { ledgerEventId: id, outcome: "awaiting_link" as const, status: "awaiting_link" as const };
        }
      }
    },
    { timeout: 15_000 },
  );
}

/** Events waiting for one of these objects to be linked go back to the queue. */
async function wakeAwaitingEvents(tx: Parameters<Parameters<ReturnType<typeof prisma>["$transaction"]>[0]>[0], objectIds: string[], by: string) {
  const waiting = await tx.stripeEvent.findMany({ where: { status: "awaiting_link", awaitingObjectId: { in: objectIds } }, select: { id: true } });
  for (const row of waiting) {
    await setEventStatus(tx, row.id, "awaiting_link", { to: "queued", reason: `linked by ${by}`, fields: { awaitingObjectId: null } });
  }
}

function objectOf(payload: Buffer): StripeObject | null {
  const parsed = JSON.parse(payload.toString("utf8")) as { data?: { object?: unknown } };
  const object = parsed.data?.object;
  return object && typeof object === "object" ? (object as StripeObject) : null;
}

async function recordFailure(id: string, attempts: number, error: unknown): Promise<ProcessOutcome> {
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
  const permanent = error instanceof MalformedEventError || error instanceof SyntaxError;
  const dead = permanent || attempts >= env().HOOKWARDEN_MAX_ATTEMPTS;
  await prisma().$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ status: EventStatus }[]>`SELECT status FROM stripe_event WHERE id = ${id}::uuid FOR UPDATE`;
    if (rows[0]?.status !== "processing") return;
    await setEventStatus(tx, id, "processing", {
      to: dead ? "dead" : "failed",
      reason: permanent ? `malformed event: ${message}` : dead ? `gave up after ${attempts} attempts: ${message}` : `attempt ${attempts} failed: ${message}`,
      fields: { lastError: message, nextAttemptAt: dead ? null : new Date(Date.now() + backoffSeconds(attempts) * 1000) },
    });
  });
  return { ledgerEventId: id, outcome: dead ? "dead" : "failed", status: dead ? "dead" : "failed", error: message };
}
