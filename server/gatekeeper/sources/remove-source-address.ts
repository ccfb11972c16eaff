import { z } from "zod";
import type { AuditContext } from "../../audit/audit-actor";
import { recordAudit } from "../../audit/record-audit";
import { withTransaction } from "../../db";
import { AppError, invalidInput } from "../../errors";
import { loadStripeAddresses } from "./source-addresses";
import { SourceAddressSchema } from "./source-address-schema";

export const RemoveSourceAddressSchema = z.object({
  address: SourceAddressSchema,
  reason: z.string().trim().max(500, "reason is at most 500 characters").optional(),
});
export type RemoveSourceAddress = z.input<typeof RemoveSourceAddressSchema>;

/**
 * An admin removes an address from Stripe's webhook addresses: from then on, an endpoint in
 * `enforce` refuses it and `monitor` flags it. The last address cannot go: an empty list would
 * make `enforce` refuse Stripe itself (and is refilled with the shipped copy at the next read).
 */
export async function removeSourceAddress(input: unknown, audit: AuditContext): Promise<{ address: string; remaining: number }> {
  const parsed = RemoveSourceAddressSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const { address, reason } = parsed.data;
  const remaining = await withTransaction(async (sql) => {
    // One admin's edit at a time: the count below stays true until commit.
    await sql.query(`LOCK TABLE stripe_source_address IN SHARE ROW EXCLUSIVE MODE`);
    const [row] = await sql.query<{ origin: string; note: string | null }>(`SELECT origin, note FROM stripe_source_address WHERE address = $1`, [address]);
    if (!row) throw new AppError("not_found", `${address} is not in the list.`);
    const [count] = await sql.query<{ count: number }>(`SELECT count(*)::int AS count FROM stripe_source_address`);
    if (count!.count <= 1) throw new AppError("conflict", `${address} is the last address in the list: an empty list would make enforce mode refuse Stripe itself. Add or refresh the list first.`);
    await sql.query(`DELETE FROM stripe_source_address WHERE address = $1`, [address]);
    await recordAudit(sql, { actor: audit.actor, action: "gatekeeper.edit_sources", subject: `source:${address}`, before: { address, origin: row.origin }, after: null, sourceAddress: audit.sourceAddress, detail: reason || null });
    return count!.count - 1;
  });
  await loadStripeAddresses();
  return { address, remaining };
}
