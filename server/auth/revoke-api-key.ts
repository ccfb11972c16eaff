import { z } from "zod";
import type { AuditContext } from "../audit/audit-actor";
import { recordAudit } from "../audit/record-audit";
import { prisma } from "../db";
import { AppError, invalidInput } from "../errors";
import { RequiredReasonSchema } from "../quarantine/decision-reason";
import { apiKeySummary, type ApiKeySummary } from "./api-key-summary";

export const RevokeApiKeySchema = z.object({
  id: z.uuid({ error: "id must be an API key id" }),
  reason: RequiredReasonSchema,
});
export type RevokeApiKey = z.input<typeof RevokeApiKeySchema>;

/**
 * Revokes an API key. The REST API re-reads the key row on every request, so the
 * key is refused from its very next request. Revocation is final: a second one is
 * a conflict and changes nothing. The audit entry (with the reason) commits with it.
 */
export async function revokeApiKey(input: RevokeApiKey, context: AuditContext): Promise<ApiKeySummary> {
  const parsed = RevokeApiKeySchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  return prisma().$transaction(async (tx) => {
    const before = await tx.apiKey.findUnique({ where: { id: parsed.data.id } });
    if (!before) throw new AppError("not_found", "No API key with that id.");
    // The condition on revokedAt makes two simultaneous revocations record one change.
    const { count } = await tx.apiKey.updateMany({ where: { id: before.id, revokedAt: null }, data: { revokedAt: new Date() } });
    if (count === 0) throw new AppError("conflict", `The key ${before.name} is already revoked; nothing changed.`);
    const after = await tx.apiKey.findUniqueOrThrow({ where: { id: before.id } });
    await recordAudit(tx, {
      ...context,
      action: "api_keys.revoke",
      subject: `api_key:${before.id}`,
      before: { name: before.name, role: before.role, prefix: before.prefix, status: "active" },
      after: { name: after.name, role: after.role, prefix: after.prefix, status: "revoked" },
      detail: parsed.data.reason,
    });
    return apiKeySummary(after);
  });
}
