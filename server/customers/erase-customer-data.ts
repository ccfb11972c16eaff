import { z } from "zod";
import type { AuditContext } from "../audit/audit-actor";
import { recordAudit } from "../audit/record-audit";
import { withTransaction, type Sql } from "../db";
import { AppError, invalidInput } from "../errors";
import { maskPayload } from "../masking/mask-payload";
import { loadCustomerRecords, parseCustomerId } from "./load-customer-records";
import { ERASED, scrubPersonalData } from "./scrub-personal-data";

export const EraseSchema = z.object({ reason: z.string().trim().min(4, "reason is required: say why (at least 4 characters), e.g. the request's ticket").max(500) });

/** Statuses in which processing holds or is about to read the raw payload: an erasure waits for them. */
const IN_FLIGHT = ["received", "queued", "processing"];

export type ErasureCounts = Record<string, number>;

/**
 * Anonymises one customer across the ledger and the books (a data-subject erasure request), in
 * ONE transaction with its audit entry (`customers.erase`, counts only):
 * - every event that names them loses its raw payload (ciphertext NULL) and keeps a masked
 *   copy scrubbed of their e-mail addresses, names and street lines, wherever they appear;
 * - their status history, effects, quarantine evidence and decisions, reconciliation findings
 *   and alerts are scrubbed the same way; a registered payment's customer e-mail becomes "[erased]";
 * - their fraud signals lose the keyed hashes of their e-mail and billing addresses.
 * Amounts, currencies, statuses, dates and ids (the customer's `cus_` id too, Stripe's pseudonym,
 * which keeps the books linked and reconcilable) stay, so the figures still add up. Idempotent:
 * a second erasure finds nothing left and changes nothing. An unknown customer, a missing reason
 * or an event still in processing is refused and nothing changes.
 */
export async function eraseCustomerData(input: { customerId: string; reason?: string }, audit: AuditContext): Promise<{ customerId: string; counts: ErasureCounts }> {
  const customerId = parseCustomerId(input.customerId);
  const parsed = EraseSchema.safeParse({ reason: input.reason });
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  return withTransaction(async (sql) => {
    const records = await loadCustomerRecords(sql, customerId, { lock: true });
    const busy = records.events.filter((event) => IN_FLIGHT.includes(event.status));
    if (busy.length > 0) {
      throw new AppError("conflict", `${busy.length} event(s) of ${customerId} are being processed (${busy.map((event) => `${event.stripe_event_id}: ${event.status}`).slice(0, 5).join(", ")}); erase again once they are settled. Nothing changed.`);
    }
    const scrub = <T>(value: T) => scrubPersonalData(value, records.personal);
    const counts: ErasureCounts = {};
    const count = (table: string, n: number) => {
      if (n > 0) counts[table] = (counts[table] ?? 0) + n;
    };

    const payloadRows = records.events.map((event) => {
      const masked = scrub(records.payloads.has(event.id) ? maskPayload(records.payloads.get(event.id)) : event.masked_payload);
      return { id: event.id, masked: JSON.stringify(masked), changed: records.payloads.has(event.id) || JSON.stringify(masked) !== JSON.stringify(event.masked_payload), lastError: event.last_error === null ? null : scrub(event.last_error) };
    }).filter((row) => row.changed || row.lastError !== records.events.find((event) => event.id === row.id)!.last_error);
    if (payloadRows.length > 0) {
      await sql.query(
        `UPDATE stripe_event e SET payload_ciphertext = NULL, masked_payload = v.masked, last_error = v.last_error,
           payload_removed_at = coalesce(e.payload_removed_at, now()), payload_removed_by = 'erasure'
         FROM unnest($1::uuid[], $2::jsonb[], $3::text[]) AS v(id, masked, last_error) WHERE e.id = v.id`,
        [payloadRows.map((row) => row.id), payloadRows.map((row) => row.masked), payloadRows.map((row) => row.lastError)],
      );
    }
    count("stripe_event", payloadRows.length);

    count("event_status_change", await scrubColumns(sql, "event_status_change", ["id", "bigint"], ["reason"], `event_id = ANY($1::uuid[])`, [records.eventIds], scrub));
    count("effect", await scrubColumns(sql, "effect", ["event_id", "uuid"], ["summary", "detail"], `event_id = ANY($1::uuid[]) OR subject = ANY($2::text[])`, [records.eventIds, records.subjects], scrub));
    count("quarantine_item", await scrubColumns(sql, "quarantine_item", ["event_id", "uuid"], ["evidence", "decision_reason"], `event_id = ANY($1::uuid[]) OR subject = ANY($2::text[])`, [records.eventIds, records.subjects], scrub));
    count("reconciliation_finding", await scrubColumns(sql, "reconciliation_finding", ["id", "bigint"], ["ours", "stripe"], `subject = ANY($1::text[])`, [records.subjects], scrub));
    count("alert", await scrubColumns(sql, "alert", ["id", "bigint"], ["message", "detail"], `subject = ANY($1::text[])`, [records.subjects], scrub));

    // Fraud signals keep keyed hashes of the e-mail and billing addresses, never the addresses; an erasure drops even those.
    const signals = await sql.query(
      `UPDATE payment_signal SET email_hash = NULL, address_hash = NULL WHERE customer_id = $1 AND (email_hash IS NOT NULL OR address_hash IS NOT NULL) RETURNING event_id`,
      [customerId],
    );
    count("payment_signal", signals.length);

    const emailed = records.transactions.filter((transaction) => transaction.customer !== null && transaction.customer.includes("@"));
    if (emailed.length > 0) await sql.query(`UPDATE payment_transaction SET customer = $2, updated_at = now() WHERE id = ANY($1::uuid[])`, [emailed.map((row) => row.id), ERASED]);
    count("payment_transaction", emailed.length);

    await recordAudit(sql, { actor: audit.actor, action: "customers.erase", subject: `customer:${customerId}`, after: { changed: counts, events: records.events.length }, sourceAddress: audit.sourceAddress, detail: parsed.data.reason });
    return { customerId, counts };
  });
}

const JSON_COLUMNS = new Set(["detail", "evidence", "ours", "stripe"]);

/** Rewrites the rows where `scrub` changes one of `columns` (text or jsonb); how many rows changed. */
async function scrubColumns(sql: Sql, table: string, [key, keyType]: [string, "uuid" | "bigint"], columns: string[], where: string, values: unknown[], scrub: <T>(value: T) => T): Promise<number> {
  const rows = await sql.query<Record<string, unknown>>(`SELECT "${key}"::text AS key, ${columns.map((column) => `"${column}"`).join(", ")} FROM "${table}" WHERE ${where} FOR UPDATE`, values);
  let changed = 0;
  for (const row of rows) {
    const next = columns.map((column) => scrub(row[column]));
    if (columns.every((column, index) => JSON.stringify(next[index]) === JSON.stringify(row[column]))) continue;
    const set = columns.map((column, index) => `"${column}" = $${index + 2}${JSON_COLUMNS.has(column) ? "::jsonb" : ""}`).join(", ");
    const written = next.map((value, index) => (value === null ? null : JSON_COLUMNS.has(columns[index]!) ? JSON.stringify(value) : value));
    await sql.query(`UPDATE "${table}" SET ${set} WHERE "${key}" = $1::${keyType}`, [row.key, ...written]);
    changed += 1;
  }
  return changed;
}
