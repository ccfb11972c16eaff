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
  const rows = await pool().query<{ payload_ciphertext: Buffer | null }>(`SELECT payload_ciphertext FROM stripe_event WHERE id = $1::uuid`, [ledgerId]);
  const row = rows.rows[0];
  if (!row) throw new AppError("not_found", "No such event in the ledger.");
  if (!row.payload_ciphertext) {
    // Retention purged the raw payload: there is nothing unmasked left to show.
    if (options.masked) return null;
    throw new AppError("raw_payload_gone", "This event's raw payload is no longer stored (retention purged it); only its masked form remains.");
  }
  const payload = JSON.parse(openAtRest(row.payload_ciphertext).toString("utf8")) as unknown;
  return options.masked ? maskPayload(payload) : payload;
}
