import { z } from "zod";
import type { AuditContext } from "../audit/audit-actor";
import { recordAudit } from "../audit/record-audit";
import { withTransaction } from "../db";
import { invalidInput } from "../errors";
import { lockEndpointOrThrow } from "./rotation-row";

const emptyIsNull = (value: unknown) => (value === "" || value === undefined ? null : typeof value === "string" ? Number(value) : value);

export const RotationPolicySchema = z.object({
  endpointName: z.string().min(1, "endpoint is required"),
  /** Rotate every this many days; null: no policy. */
  intervalDays: z.preprocess(emptyIsNull, z.number({ error: "intervalDays is a whole number of days, or empty for no policy" }).int("intervalDays is whole days").min(1, "intervalDays is at least 1").max(3650, "intervalDays is at most 3650").nullable()),
  quietMinutes: z.preprocess(
    (value) => (typeof value === "string" && value !== "" ? Number(value) : value),
    z.number({ error: "quietMinutes is a whole number of minutes" }).int("quietMinutes is whole minutes").min(1, "quietMinutes is at least 1").max(1440, "quietMinutes is at most 1440 (a day)"),
  ),
  autoRetire: z.boolean({ error: "autoRetire is true or false" }),
});
export type RotationPolicy = z.input<typeof RotationPolicySchema>;

/**
 * An endpoint's rotation policy: how often its secret is due (reminders before, an
 * overdue flag after), the quiet period after which a roll's old secret may retire, and
 * whether it retires on its own then. Audited with before and after; unchanged settings
 * record nothing.
 */
export async function setRotationPolicy(input: RotationPolicy, context: AuditContext) {
  const parsed = RotationPolicySchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const { endpointName, intervalDays, quietMinutes, autoRetire } = parsed.data;
  return withTransaction(async (sql) => {
    const endpoint = await lockEndpointOrThrow(sql, endpointName);
    const [current] = await sql.query<{ rotation_interval_days: number | null }>(`SELECT rotation_interval_days FROM endpoint WHERE id = $1::uuid`, [endpoint.id]);
    const before = { intervalDays: current!.rotation_interval_days, quietMinutes: endpoint.rotation_quiet_minutes, autoRetire: endpoint.rotation_auto_retire };
    const after = { intervalDays, quietMinutes, autoRetire };
    if (JSON.stringify(before) === JSON.stringify(after)) return { endpoint: endpointName, changed: false, policy: after };
    await sql.query(`UPDATE endpoint SET rotation_interval_days = $2, rotation_quiet_minutes = $3, rotation_auto_retire = $4, updated_at = now() WHERE id = $1::uuid`, [
      endpoint.id,
      intervalDays,
      quietMinutes,
      autoRetire,
    ]);
    await recordAudit(sql, { ...context, action: "endpoints.set_rotation_policy", subject: `endpoint:${endpointName}`, before, after });
    return { endpoint: endpointName, changed: true, policy: after };
  });
}
