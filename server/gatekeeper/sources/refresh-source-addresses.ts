import { z } from "zod";
import type { AuditContext } from "../../audit/audit-actor";
import { actorName, recordAudit } from "../../audit/record-audit";
import { withTransaction } from "../../db";
import { env } from "../../env";
import { AppError, invalidInput } from "../../errors";
import { canonicalAddress } from "./source-address-schema";
import { loadStripeAddresses } from "./source-addresses";

/** Stripe answers in well under a second; past this, the network is not there (an offline installation). */
export const REFRESH_TIMEOUT_MS = 10_000;
const MAX_BODY_BYTES = 1_048_576;
const MAX_ADDRESSES = 1_000;

export const RefreshSourceAddressesSchema = z.object({ reason: z.string().trim().max(500, "reason is at most 500 characters").optional() });
export type RefreshSourceAddresses = z.input<typeof RefreshSourceAddressesSchema>;

export type RefreshedAddresses = {
  url: string;
  /** Addresses new to the list. */
  added: string[];
  /** Shipped or earlier-refreshed addresses Stripe no longer publishes. */
  removed: string[];
  /** Addresses in Stripe's list that were there already (a shipped one is now marked as Stripe's). */
  unchanged: number;
  /** Addresses an admin added, kept whatever Stripe publishes. */
  keptAdmin: number;
  total: number;
};

/**
 * Reads Stripe's published webhook addresses (`{"WEBHOOKS": [...]}`, HOOKWARDEN_STRIPE_IPS_URL)
 * and makes the list match it: the shipped and earlier-refreshed addresses are replaced by
 * Stripe's, the ones an admin added are kept. With no network, a timeout, or an answer that is
 * not that list, it fails with a clear error and nothing changes. Audited, with what was added
 * and removed; this process uses the new list at once.
 */
export async function refreshSourceAddresses(input: unknown, audit: AuditContext): Promise<RefreshedAddresses> {
  const parsed = RefreshSourceAddressesSchema.safeParse(input ?? {});
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const { reason } = parsed.data;
  const url = env().HOOKWARDEN_STRIPE_IPS_URL;
  const fetched = await fetchStripeAddresses(url);
  const result = await withTransaction(async (sql) => {
    await sql.query(`LOCK TABLE stripe_source_address IN SHARE ROW EXCLUSIVE MODE`);
    const rows = await sql.query<{ address: string; origin: string }>(`SELECT address, origin FROM stripe_source_address`);
    const current = new Map(rows.map((row) => [row.address, row.origin]));
    const wanted = new Set(fetched);
    const removed = rows.filter((row) => row.origin !== "admin" && !wanted.has(row.address)).map((row) => row.address).sort();
    const added = fetched.filter((address) => !current.has(address));
    const note = `Stripe's published list, read ${new Date().toISOString().slice(0, 10)}`;
    if (removed.length) await sql.query(`DELETE FROM stripe_source_address WHERE address = ANY($1::text[])`, [removed]);
    if (added.length) {
      await sql.query(`INSERT INTO stripe_source_address (address, origin, note, added_by) SELECT unnest($1::text[]), 'stripe', $2, $3`, [added, note, actorName(audit.actor)]);
    }
    await sql.query(`UPDATE stripe_source_address SET origin = 'stripe', note = $2 WHERE address = ANY($1::text[]) AND origin = 'shipped'`, [fetched, note]);
    const keptAdmin = rows.filter((row) => row.origin === "admin").length;
    const total = rows.length - removed.length + added.length;
    await recordAudit(sql, {
      actor: audit.actor,
      action: "gatekeeper.edit_sources",
      subject: "sources:stripe",
      before: { addresses: rows.length },
      after: { addresses: total, added, removed },
      sourceAddress: audit.sourceAddress,
      detail: reason ? `refreshed from ${url}: ${reason}` : `refreshed from ${url}`,
    });
    return { url, added, removed, unchanged: fetched.length - added.length, keptAdmin, total };
  });
  await loadStripeAddresses();
  return result;
}

async function fetchStripeAddresses(url: string): Promise<string[]> {
  const unreachable = (why: string, cause?: unknown) =>
    new AppError("stripe_unavailable", `Could not read Stripe's webhook addresses from ${url}: ${why}. Nothing changed; the list stays as it is (edit it by hand, or set HOOKWARDEN_STRIPE_IPS_URL to a copy you can reach).`, { cause });
  let text: string;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(REFRESH_TIMEOUT_MS), headers: { accept: "application/json" }, redirect: "follow" });
    if (!response.ok) throw unreachable(`it answered HTTP ${response.status}`);
    text = await response.text();
  } catch (error) {
    if (error instanceof AppError) throw error;
    const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    throw unreachable(timedOut ? `no answer within ${REFRESH_TIMEOUT_MS / 1000} s` : "the network is unreachable from here", error);
  }
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw unreachable("the answer is far larger than the list");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw unreachable(`the answer is not JSON`);
  }
  const list = typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>).WEBHOOKS : undefined;
  if (!Array.isArray(list)) throw unreachable(`the answer has no "WEBHOOKS" list`);
  if (list.length === 0) throw unreachable(`its "WEBHOOKS" list is empty, which would make enforce mode refuse Stripe itself`);
  if (list.length > MAX_ADDRESSES) throw unreachable(`its "WEBHOOKS" list has ${list.length} entries, far more than Stripe publishes`);
  const addresses = list.map((entry) => (typeof entry === "string" ? canonicalAddress(entry) : null));
  const bad = list.find((_, index) => addresses[index] === null);
  if (bad !== undefined) throw unreachable(`${JSON.stringify(bad).slice(0, 60)} in its "WEBHOOKS" list is not an IP address`);
  return [...new Set(addresses as string[])];
}
