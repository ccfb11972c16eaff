import { pool } from "../db";
import { AppError } from "../errors";

/**
 * Refuses to act on an event whose raw payload retention or a data-subject erasure removed:
 * processing needs the payload as delivered, and only its masked copy is left. A conflict
 * that says why and what still works (Reconcile applies Stripe's copy while Stripe has it).
 */
export async function assertPayloadKept(ledgerId: string, stripeEventId: string, verb: string): Promise<void> {
  const { rows } = await pool().query<{ payload_removed_at: Date | null; payload_removed_by: string | null; kept: boolean }>(
    `SELECT payload_removed_at, payload_removed_by, payload_ciphertext IS NOT NULL AS kept FROM stripe_event WHERE id = $1::uuid`,
    [ledgerId],
  );
  const row = rows[0];
  if (!row || row.kept) return;
  const why = row.payload_removed_by === "erasure" ? "a data-subject erasure" : "retention";
  const when = row.payload_removed_at ? ` on ${row.payload_removed_at.toISOString()}` : "";
  throw new AppError(
    "conflict",
    `Event ${stripeEventId} cannot be ${verb}: its raw payload was removed by ${why}${when}, and only its masked copy is kept. Reconcile can apply Stripe's copy while Stripe still has the event.`,
  );
}
