import { z } from "zod";
import type { AuditContext } from "../../audit/audit-actor";
import { actorName, recordAudit } from "../../audit/record-audit";
import { withTransaction } from "../../db";
import { AppError, invalidInput } from "../../errors";
import { wakeEmbeddedRunner } from "../../queue/embedded-runner";
import { getBreakerOrThrow } from "./get-breaker-or-throw";
import { requeueHeld } from "./requeue-held";

export const ReleaseHeldSchema = z
  .object({
    /** Every event this breaker holds. */
    breakerId: z.string().uuid().optional(),
    /** Or these held events (ledger ids), whatever holds them. */
    eventIds: z.array(z.string().uuid()).min(1).max(500).optional(),
    reason: z.string().trim().min(3, "say why, in a few words").max(500),
  })
  .refine((input) => (input.breakerId === undefined) !== (input.eventIds === undefined), { message: "give either breakerId (release all it holds) or eventIds" });

/**
 * An operator releases held events: they go back to the queue marked released, and processing
 * applies them (exactly once, as always) even while the breaker stays open. One audit entry for
 * the whole release, and one history line per event.
 */
export async function releaseHeldEvents(input: unknown, audit: AuditContext): Promise<{ released: number }> {
  const parsed = ReleaseHeldSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const { breakerId, eventIds, reason } = parsed.data;
  const actor = actorName(audit.actor);
  const released = await withTransaction(async (sql) => {
    if (breakerId) await getBreakerOrThrow(sql, breakerId);
    const ids = await requeueHeld(sql, breakerId ? { heldRef: `breaker:${breakerId}` } : { eventIds }, `released by an operator: ${reason}`, actor);
    if (ids.length === 0) throw new AppError("conflict", breakerId ? "This breaker holds no event now; nothing was released." : "None of these events is held now; nothing was released.");
    await recordAudit(sql, {
      actor: audit.actor,
      action: "gatekeeper.release_held",
      subject: breakerId ? `breaker:${breakerId}` : `events:${ids.length}`,
      after: { released: ids.length, events: ids.slice(0, 100) },
      sourceAddress: audit.sourceAddress,
      detail: reason,
    });
    return ids.length;
  });
  wakeEmbeddedRunner();
  return { released };
}
