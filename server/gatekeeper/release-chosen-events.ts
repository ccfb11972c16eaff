import { z } from "zod";
import type { AuditContext } from "../audit/audit-actor";
import { pool } from "../db";
import { AppError, invalidInput } from "../errors";
import { releaseHeldEvents } from "./breaker/release-held-events";

const LEDGER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const ReleaseChosenEventsSchema = z.object({
  /** Held events, by ledger id or by Stripe event id (`evt_...`). */
  eventIds: z
    .array(z.string().trim().regex(/^([0-9a-f-]{36}|evt_[A-Za-z0-9_]+)$/, "eventIds are ledger ids or Stripe event ids (evt_...)"), { error: "eventIds is a list of event ids" })
    .min(1, "eventIds needs at least one event")
    .max(500, "eventIds has at most 500 events"),
  reason: z.string().trim().min(3, "say why, in a few words").max(500, "reason is at most 500 characters"),
});
export type ReleaseChosenEvents = z.input<typeof ReleaseChosenEventsSchema>;

/**
 * An operator releases chosen held events, named by ledger id or Stripe event id: each goes back
 * to the queue and is applied (exactly once, as always) even while its breaker stays open. A
 * Stripe id names the held copies of that event on every endpoint. Ids of events that are not
 * held are refused with their names, and nothing is released.
 */
export async function releaseChosenEvents(input: unknown, audit: AuditContext): Promise<{ released: number }> {
  const parsed = ReleaseChosenEventsSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const { reason } = parsed.data;
  const wanted = [...new Set(parsed.data.eventIds)];
  const ledgerIds = wanted.filter((id) => LEDGER_ID.test(id));
  const stripeIds = wanted.filter((id) => id.startsWith("evt_"));
  if (ledgerIds.length + stripeIds.length !== wanted.length) throw new AppError("invalid_request", "eventIds are ledger ids or Stripe event ids (evt_...)", { fields: { eventIds: "not an event id" } });
  const held = await pool().query<{ id: string; stripe_event_id: string }>(
    `SELECT id, stripe_event_id FROM stripe_event WHERE status = 'held' AND (id = ANY($1::uuid[]) OR stripe_event_id = ANY($2::text[]))`,
    [ledgerIds, stripeIds],
  );
  const found = new Set(held.rows.flatMap((row) => [row.id, row.stripe_event_id]));
  const missing = wanted.filter((id) => !found.has(id));
  if (missing.length > 0) {
    throw new AppError("conflict", `Not held now: ${missing.slice(0, 10).join(", ")}${missing.length > 10 ? ` and ${missing.length - 10} more` : ""}. Nothing was released.`);
  }
  return releaseHeldEvents({ eventIds: held.rows.map((row) => row.id), reason }, audit);
}
