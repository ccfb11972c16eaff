import { z } from "zod";
import type { AuditContext } from "../../audit/audit-actor";
import { recordAudit } from "../../audit/record-audit";
import { withTransaction } from "../../db";
import { EndpointNameSchema } from "../../endpoints/endpoint-name";
import { forgetEndpointSecrets } from "../../endpoints/endpoint-secrets";
import { AppError, invalidInput } from "../../errors";
import { SOURCE_POLICIES, type SourcePolicy } from "./source-policies";

export const SetSourcePolicySchema = z.object({
  endpoint: EndpointNameSchema,
  policy: z.enum(SOURCE_POLICIES, { error: `policy must be one of ${SOURCE_POLICIES.join(", ")}` }),
  reason: z.string().trim().max(500, "reason is at most 500 characters").optional(),
});
export type SetSourcePolicy = z.input<typeof SetSourcePolicySchema>;

export type SourcePolicyChange = {
  endpoint: string;
  policy: SourcePolicy;
  changed: boolean;
  /** Verified deliveries from outside Stripe's addresses in the last 24 h: `enforce` refuses such requests from now on. */
  outsideDeliveries24h: number;
};

/**
 * An admin sets an endpoint's source-address policy: `off`, `monitor` (flag deliveries from
 * outside Stripe's addresses) or `enforce` (refuse them with 403 before any signature work).
 * `enforce` is refused while the address list is empty. The row is locked and the audit entry
 * commits with the change; intake's cached copy of the endpoint is dropped, so this process
 * applies the policy at once (others within seconds). The answer says how many verified
 * deliveries of the last day came from outside the list: behind a proxy that is not in
 * HOOKWARDEN_TRUSTED_PROXIES, that is Stripe itself, and `enforce` would refuse it.
 */
export async function setSourcePolicy(input: unknown, audit: AuditContext, now = new Date()): Promise<SourcePolicyChange> {
  const parsed = SetSourcePolicySchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const { endpoint: name, policy, reason } = parsed.data;
  const result = await withTransaction(async (sql) => {
    const [endpoint] = await sql.query<{ id: string; source_policy: string }>(`SELECT id, source_policy FROM endpoint WHERE name = $1 FOR UPDATE`, [name]);
    if (!endpoint) throw new AppError("not_found", `No endpoint named "${name}".`);
    if (policy === "enforce") {
      const [list] = await sql.query<{ count: number }>(`SELECT count(*)::int AS count FROM stripe_source_address`);
      if (list!.count === 0) throw new AppError("conflict", "Stripe's address list is empty: enforce would refuse Stripe itself. Refresh the list from Stripe or add its addresses first.");
    }
    const [traffic] = await sql.query<{ outside: number }>(
      `SELECT COALESCE(sum(outside_deliveries), 0)::int AS outside FROM traffic_minute WHERE endpoint_id = $1::uuid AND minute > $2`,
      [endpoint.id, new Date(now.getTime() - 86_400_000)],
    );
    const outsideDeliveries24h = traffic!.outside;
    if (endpoint.source_policy === policy) return { endpoint: name, policy, changed: false, outsideDeliveries24h };
    await sql.query(`UPDATE endpoint SET source_policy = $2, updated_at = now() WHERE id = $1::uuid`, [endpoint.id, policy]);
    await recordAudit(sql, {
      actor: audit.actor,
      action: "gatekeeper.set_source_policy",
      subject: `endpoint:${name}`,
      before: { sourcePolicy: endpoint.source_policy },
      after: { sourcePolicy: policy },
      sourceAddress: audit.sourceAddress,
      detail: reason || null,
    });
    return { endpoint: name, policy, changed: true, outsideDeliveries24h };
  });
  if (result.changed) forgetEndpointSecrets(name);
  return result;
}
