import { openAtRest } from "../crypto/keys";
import { pool } from "../db";
import { AppError } from "../errors";
import { maskPayload } from "../masking/mask-payload";

/**
 * The event as Stripe sent it, decrypted on the server. `masked` (for viewers)
 * masks every personal field before the value leaves this function, so an
 * unmasked payload is never handed to a page that a viewer is looking at.
 */
export async function readEventPayload(ledgerId: string, options: { masked: boolean }): Promise<unknown> {
  const rows = await pool().query<{ payload_ciphertext: Buffer | null; masked_payload: unknown }>(`SELECT payload_ciphertext, masked_payload FROM stripe_event WHERE id = $1::uuid`, [ledgerId]);
  const row = rows.rows[0];
  if (!row) throw new AppError("not_found", "No such event in the ledger.");
  // Retention or an erasure removed the raw payload: only its masked copy is left, for every role.
  if (row.payload_ciphertext === null) return row.masked_payload;
  const payload = JSON.parse(openAtRest(row.payload_ciphertext).toString("utf8")) as unknown;
  return options.masked ? maskPayload(payload) : payload;
}
