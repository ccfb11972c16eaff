import { randomBytes } from "node:crypto";
import { hash } from "@node-rs/argon2";
import { z } from "zod";
import type { AuditContext } from "../audit/audit-actor";
import { recordAudit } from "../audit/record-audit";
import { prisma } from "../db";
import { invalidInput } from "../errors";
import { apiKeySummary, type ApiKeySummary } from "./api-key-summary";
import { ARGON2_OPTIONS } from "./argon2-options";
import { ROLES } from "./roles";

export const CreateApiKeySchema = z.object({
  name: z.string({ error: "a key needs a name" }).trim().min(1, "a key needs a name").max(100, "a key's name is at most 100 characters"),
  role: z.enum(ROLES, { error: `role must be one of ${ROLES.join(", ")}` }),
});
export type CreateApiKey = z.input<typeof CreateApiKeySchema>;

/**
 * Creates an API key `hwk_<prefix>_<secret>`. The whole key is returned once,
 * here; only the prefix (to find the row) and an argon2id hash of the key are stored.
 * The audit entry (name, role, prefix: never the key) commits with the row.
 */
export async function createApiKey(input: CreateApiKey, context: AuditContext): Promise<ApiKeySummary & { key: string }> {
  const parsed = CreateApiKeySchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const prefix = randomBytes(6).toString("hex");
  const key = `hwk_${prefix}_${randomBytes(24).toString("base64url")}`;
  const keyHash = await hash(key, ARGON2_OPTIONS);
  return prisma().$transaction(async (tx) => {
    const row = await tx.apiKey.create({ data: { name: parsed.data.name, role: parsed.data.role, prefix, hash: keyHash } });
    const summary = apiKeySummary(row);
    await recordAudit(tx, { ...context, action: "api_keys.create", subject: `api_key:${row.id}`, after: { name: summary.name, role: summary.role, prefix: summary.prefix } });
    return { ...summary, key };
  });
}
