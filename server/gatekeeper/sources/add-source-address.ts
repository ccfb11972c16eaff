import { z } from "zod";
import type { AuditContext } from "../../audit/audit-actor";
import { actorName, recordAudit } from "../../audit/record-audit";
import { withTransaction } from "../../db";
import { AppError, invalidInput } from "../../errors";
import { loadStripeAddresses } from "./source-addresses";
import { SourceAddressSchema } from "./source-address-schema";

export const AddSourceAddressSchema = z.object({
  address: SourceAddressSchema,
  /** Why it belongs in the list (Stripe's announcement, a ticket). */
  note: z.string().trim().max(200, "note is at most 200 characters").optional(),
});
export type AddSourceAddress = z.input<typeof AddSourceAddressSchema>;

/**
 * An admin adds an address to Stripe's webhook addresses (origin `admin`: a refresh from Stripe
 * keeps it). Audited in the same transaction; this process uses the new list at once, the
 * others at their next gatekeeper tick.
 */
export async function addSourceAddress(input: unknown, audit: AuditContext): Promise<{ address: string; origin: "admin" }> {
  const parsed = AddSourceAddressSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const { address, note } = parsed.data;
  await withTransaction(async (sql) => {
    const inserted = await sql.query(
      `INSERT INTO stripe_source_address (address, origin, note, added_by) VALUES ($1, 'admin', $2, $3) ON CONFLICT (address) DO NOTHING RETURNING address`,
      [address, note || null, actorName(audit.actor)],
    );
    if (inserted.length === 0) throw new AppError("conflict", `${address} is in the list already; nothing changed.`);
    await recordAudit(sql, { actor: audit.actor, action: "gatekeeper.edit_sources", subject: `source:${address}`, before: null, after: { address, origin: "admin" }, sourceAddress: audit.sourceAddress, detail: note || null });
  });
  await loadStripeAddresses();
  return { address, origin: "admin" };
}
