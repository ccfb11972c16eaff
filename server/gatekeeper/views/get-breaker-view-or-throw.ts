import { z } from "zod";
import { pool } from "../../db";
import { AppError, invalidInput } from "../../errors";
import { decodeEventCursor, encodeEventCursor } from "../../ledger/event-cursor";
import { actorLabels } from "./actor-labels";
import { halfOpenedBy } from "./half-opened-by";
import { BREAKER_COLUMNS, toBreakerView, type BreakerRowForView, type BreakerView } from "./breaker-view";
import { listDecisions, type DecisionView } from "./list-decisions";

export const HeldEventsQuerySchema = z
  .object({
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number({ error: "limit must be a number" }).int("limit must be a whole number").min(1, "limit is at least 1").max(200, "limit is at most 200").default(50),
  })
  .superRefine((query, context) => {
    if (query.cursor && !decodeEventCursor(query.cursor)) context.addIssue({ code: "custom", path: ["cursor"], message: "cursor is not one this console handed out" });
  });
export type HeldEventsQuery = z.input<typeof HeldEventsQuerySchema>;

export type HeldEventView = {
  /** The ledger's id: what a release of chosen events takes (a Stripe id works too). */
  id: string;
  stripeEventId: string;
  type: string;
  customerId: string | null;
  /** Minor units, with `currency`, when the event's object has an amount. */
  amount: number | null;
  currency: string | null;
  receivedAt: string;
  heldAt: string | null;
  /** Why processing held it, as its history says. */
  heldReason: string | null;
};

export type BreakerDetail = {
  breaker: BreakerView;
  /** The events it holds now, newest first, keyset-paginated. */
  held: { data: HeldEventView[]; nextCursor: string | null };
  /** Its decisions (opened, half-open, shed, closed), newest first: the latest 50. */
  decisions: DecisionView[];
};

type HeldRow = {
  id: string;
  stripe_event_id: string;
  type: string;
  customer_id: string | null;
  amount: bigint | null;
  currency: string | null;
  first_received_at: Date;
  held_at: Date | null;
  held_reason: string | null;
};

/** One breaker with the events it holds (a page of them) and its decisions; 404 when there is none with this id. */
export async function getBreakerViewOrThrow(id: string, input: HeldEventsQuery = {}, now = new Date()): Promise<BreakerDetail> {
  const parsed = HeldEventsQuerySchema.safeParse(input ?? {});
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw new AppError("not_found", `There is no breaker ${id}.`);
  const { cursor, limit } = parsed.data;
  const heldRef = `breaker:${id}`;
  const [breakerRows, heldCount] = await Promise.all([
    pool().query<Omit<BreakerRowForView, "held" | "half_open_by">>(`SELECT ${BREAKER_COLUMNS} FROM circuit_breaker b JOIN endpoint e ON e.id = b.endpoint_id WHERE b.id = $1::uuid`, [id]),
    pool().query<{ count: number }>(`SELECT count(*)::int AS count FROM stripe_event WHERE held_ref = $1 AND status = 'held'`, [heldRef]),
  ]);
  const row = breakerRows.rows[0];
  if (!row) throw new AppError("not_found", `There is no breaker ${id}.`);
  const after = cursor ? decodeEventCursor(cursor)! : null;
  const halfOpenBy = row.half_open_at ? ((await halfOpenedBy([row.id])).get(row.id) ?? null) : null;
  const [heldRows, decisions, labels] = await Promise.all([
    pool().query<HeldRow>(
      `SELECT e.id, e.stripe_event_id, e.type, e.customer_id, e.amount, e.currency, e.first_received_at, h.at AS held_at, h.reason AS held_reason
       FROM stripe_event e
       LEFT JOIN LATERAL (
         SELECT c.at, c.reason FROM event_status_change c WHERE c.event_id = e.id AND c.to_status = 'held' ORDER BY c.at DESC LIMIT 1
       ) h ON true
       WHERE e.held_ref = $1 AND e.status = 'held' AND ($2::timestamptz IS NULL OR (e.first_received_at, e.id) < ($2::timestamptz, $3::uuid))
       ORDER BY e.first_received_at DESC, e.id DESC LIMIT $4`,
      [heldRef, after?.receivedAt ?? null, after?.id ?? null, limit + 1],
    ),
    listDecisions({ subject: heldRef, limit: 50 }),
    actorLabels([row.opened_by, row.closed_by, row.reason, halfOpenBy]),
  ]);
  const shown = heldRows.rows.slice(0, limit);
  const last = shown.at(-1);
  return {
    breaker: toBreakerView({ ...row, held: heldCount.rows[0]!.count, half_open_by: halfOpenBy }, labels, now),
    held: {
      data: shown.map((held) => ({
        id: held.id,
        stripeEventId: held.stripe_event_id,
        type: held.type,
        customerId: held.customer_id,
        amount: held.amount === null ? null : Number(held.amount),
        currency: held.currency,
        receivedAt: held.first_received_at.toISOString(),
        heldAt: held.held_at?.toISOString() ?? null,
        heldReason: held.held_reason,
      })),
      nextCursor: heldRows.rows.length > limit && last ? encodeEventCursor(last.first_received_at, last.id) : null,
    },
    decisions: decisions.data,
  };
}
