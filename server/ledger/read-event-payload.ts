import { openAtRest } from "../crypto/keys";
import { pool } from "../db";
import { AppError } from "../errors";
import { maskPayload } from "../masking/mask-payload";

/**
 * The event as Stripe sent it, decrypted on the server. `masked` masks every personal
 * field (server/masking/mask-payload.ts) before the value leaves this function: what
 * every page, REST answer and export shows. Unmasked is for processing and for
 * break-glass (server/masking/read-raw-payload.ts), which audits each view.
 */
export async function readEventPayload(ledgerId: string, options: { masked: boolean }): Promise<unknown> {
  const rows = await pool().query<{ payload_ciphertext: Buffer | null; masked_payload: unknown }>(`SELECT payload_ciphertext, masked_payload FROM stripe_event WHERE id = $1::uuid`, [ledgerId]);
  const row = rows.rows[0];
  if (!row) throw new AppError("not_found", "No such event in the ledger.");
  if (row.payload_ciphertext === null) {
    // Retention or an erasure removed the raw payload: only its masked copy is left, for every role.
    if (options.masked) return row.masked_payload;
    throw new AppError("raw_payload_gone", "This event's raw payload is no longer stored (retention or an erasure removed it); only its masked form remains.");
  }
  const payload = JSON.parse(openAtRest(row.payload_ciphertext).toString("utf8")) as unknown;
  return options.masked ? maskPayload(payload) : payload;
}
