import { z } from "zod";
import type { AuditContext } from "../../audit/audit-actor";
import { actorName, recordAudit } from "../../audit/record-audit";
import { withTransaction } from "../../db";
import { AppError, invalidInput } from "../../errors";
import { log } from "../../log";
import { refreshSourceBlocks } from "./source-limiter";

export const LiftSourceBlockSchema = z.object({
  blockId: z.union([z.string(), z.number()]).transform(String).pipe(z.string().regex(/^[0-9]{1,18}$/, "blockId is a block's number")),
  reason: z.string().trim().min(3, "say why, in a few words").max(500, "reason is at most 500 characters"),
});
export type LiftSourceBlock = z.input<typeof LiftSourceBlockSchema>;

/**
 * An admin ends a source's block before its time (a partner's test server, a load balancer
 * found out): its requests are verified again. Refused for a block that has ended or was
 * lifted. Audited in the same transaction; this process drops the block at once, the others
 * at their next gatekeeper tick.
 */
export async function liftSourceBlock(input: unknown, audit: AuditContext, now = new Date()): Promise<{ id: string; address: string }> {
  const parsed = LiftSourceBlockSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const { blockId, reason } = parsed.data;
  const lifted = await withTransaction(async (sql) => {
    const [block] = await sql.query<{ address: string; until: Date; lifted_at: Date | null }>(`SELECT address, until, lifted_at FROM source_block WHERE id = $1::bigint FOR UPDATE`, [blockId]);
    if (!block) throw new AppError("not_found", `There is no block ${blockId}.`);
    if (block.lifted_at) throw new AppError("conflict", `The block of ${block.address} was lifted already; nothing changed.`);
    if (block.until <= now) throw new AppError("conflict", `The block of ${block.address} ended at ${block.until.toISOString()}; nothing to lift.`);
    await sql.query(`UPDATE source_block SET lifted_at = $2, lifted_by = $3 WHERE id = $1::bigint`, [blockId, now, actorName(audit.actor)]);
    await recordAudit(sql, {
      actor: audit.actor,
      action: "gatekeeper.lift_block",
      subject: `source:${block.address}`,
      before: { blockId, until: block.until.toISOString() },
      after: { liftedAt: now.toISOString() },
      sourceAddress: audit.sourceAddress,
      detail: reason,
    });
    return { id: blockId, address: block.address };
  });
  // Committed already: a failed refresh only means this process learns it at its next tick.
  await refreshSourceBlocks(now).catch((error: unknown) => log.warn("could not refresh the source blocks after a lift", { error }));
  return lifted;
}
