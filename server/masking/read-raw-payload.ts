import { z } from "zod";
import type { AuditContext } from "../audit/audit-actor";
import { recordAudit } from "../audit/record-audit";
import { prisma } from "../db";
import { invalidInput } from "../errors";
import { findLedgerEventOrThrow, type EventRef } from "../ledger/find-ledger-event-or-throw";
import { readEventPayload } from "../ledger/read-event-payload";
import { RAW_VIEW_REASON_MAX_LENGTH, RAW_VIEW_REASON_MIN_LENGTH } from "./raw-view-reason";


export const RawViewSchema = z.object({
  reason: z
    .string({ error: "reason is required: why do you need the raw payload?" })
    .trim()
    .min(RAW_VIEW_REASON_MIN_LENGTH, `reason must say why in at least ${RAW_VIEW_REASON_MIN_LENGTH} characters`)
    .max(RAW_VIEW_REASON_MAX_LENGTH, `reason must be at most ${RAW_VIEW_REASON_MAX_LENGTH} characters`),
});

/**
 * Break-glass: the raw, unmasked payload of one event, for an admin who states why.
 * Every view is recorded in the audit log (`events.view_raw`, the event and the
 * reason, never the payload) before the payload is handed back; when the record
 * cannot be written, nothing is shown. A payload that retention has purged answers
 * `raw_payload_gone` (410), and no view is recorded.
 */
export async function readRawPayload(ref: EventRef, input: unknown, audit: AuditContext): Promise<{ stripeEventId: string; payload: unknown }> {
  const parsed = RawViewSchema.safeParse(input ?? {});
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const event = await findLedgerEventOrThrow(ref);
  const payload = await readEventPayload(event.id, { masked: false });
  await recordAudit(prisma(), {
    actor: audit.actor,
    action: "events.view_raw",
    subject: `event:${event.stripeEventId}`,
    sourceAddress: audit.sourceAddress,
    detail: parsed.data.reason,
  });
  return { stripeEventId: event.stripeEventId, payload };
}
