import { z } from "zod";
import { Prisma } from "../../generated/prisma/client";
import { prisma } from "../db";
import { invalidInput } from "../errors";
import { decodeEventCursor, encodeEventCursor, type EventCursor } from "../ledger/event-cursor";
import type { EventStatus } from "../ledger/event-status";
import { QUARANTINE_ITEM_STATUSES, QUARANTINE_REASONS, type Evidence, type QuarantineReason } from "./quarantine-reasons";

const OPEN: (typeof QUARANTINE_ITEM_STATUSES)[number] = "open";
const REASONS = Object.keys(QUARANTINE_REASONS) as [QuarantineReason, ...QuarantineReason[]];

export const OpenQuarantineQuerySchema = z
  .object({
    /** The group whose items to list; without it, only the groups. */
    reason: z.enum(REASONS, { error: `reason must be one of ${REASONS.join(", ")}` }).optional(),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number({ error: "limit must be a number" }).int("limit must be a whole number").min(1, "limit is at least 1").max(100, "limit is at most 100").default(25),
  })
  .superRefine((query, context) => {
    if (query.cursor && !query.reason) context.addIssue({ code: "custom", path: ["cursor"], message: "a cursor belongs to one reason's list: give the reason too" });
    if (query.cursor && !decodeEventCursor(query.cursor)) context.addIssue({ code: "custom", path: ["cursor"], message: "cursor is not one this console handed out" });
  });
export type OpenQuarantineQuery = z.input<typeof OpenQuarantineQuerySchema>;

export type QuarantineGroup = {
  reason: QuarantineReason;
  /** One sentence for the operator (quarantine-reasons.ts). */
  explanation: string;
  count: number;
  oldestAt: string;
  newestAt: string;
};

export type OpenQuarantineItem = {
  /** The event's ledger id (a quarantine item's key). */
  eventId: string;
  stripeEventId: string;
  type: string;
  status: EventStatus;
  endpoint: string;
  livemode: boolean;
  customerId: string | null;
  objectId: string | null;
  amount: number | null;
  currency: string | null;
  receivedAt: string;
  quarantinedAt: string;
  /** `transaction:<reference>` when a registered payment was found. */
  subject: string | null;
  /** Expected vs. received, field by field. */
  evidence: Evidence;
};

export type OpenQuarantine = {
  groups: QuarantineGroup[];
  page: { reason: QuarantineReason; data: OpenQuarantineItem[]; nextCursor: string | null } | null;
};

type ItemRow = {
  event_id: string;
  stripe_event_id: string;
  type: string;
  status: EventStatus;
  endpoint: string;
  livemode: boolean;
  customer_id: string | null;
  object_id: string | null;
  amount: bigint | null;
  currency: string | null;
  first_received_at: Date;
  created_at: Date;
  subject: string | null;
  evidence: Evidence;
};

/**
 * Open quarantine, grouped by reason with counts (largest group first), and, for one
 * reason, a page of its items, newest first with keyset pagination, each with its
 * evidence and its event. The counts come from `quarantine_open_tally` (kept by a trigger
 * in the transaction that quarantines or decides); the rest from the partial index of open
 * items (`quarantine_item_open_idx`). Neither the decided items nor the size of the open
 * backlog changes what a call reads.
 */
export async function listOpenQuarantine(input: OpenQuarantineQuery = {}): Promise<OpenQuarantine> {
  const parsed = OpenQuarantineQuerySchema.safeParse(input ?? {});
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const { reason, cursor, limit } = parsed.data;
  const [groups, page] = await Promise.all([openGroups(), reason ? openItems(reason, cursor ? (decodeEventCursor(cursor) as EventCursor) : null, limit) : null]);
  return { groups, page };
}

/** Counts from the tally the quarantine_item trigger keeps; oldest and newest, one index probe each per reason. */
async function openGroups(): Promise<QuarantineGroup[]> {
  const rows = await prisma().$queryRaw<{ reason: QuarantineReason; count: number; oldest: Date; newest: Date }[]>`
    SELECT tally.reason, tally.count, oldest.created_at AS oldest, newest.created_at AS newest
    FROM (SELECT reason, sum(items)::int AS count FROM quarantine_open_tally GROUP BY reason HAVING sum(items) > 0) tally
    CROSS JOIN LATERAL (
      SELECT q.created_at FROM quarantine_item q WHERE q.status = ${OPEN} AND q.reason = tally.reason ORDER BY q.created_at, q.event_id LIMIT 1
    ) oldest
    CROSS JOIN LATERAL (
      SELECT q.created_at FROM quarantine_item q WHERE q.status = ${OPEN} AND q.reason = tally.reason ORDER BY q.created_at DESC, q.event_id DESC LIMIT 1
    ) newest
    ORDER BY tally.count DESC, tally.reason`;
  return rows.map((row) => ({
    reason: row.reason,
    explanation: QUARANTINE_REASONS[row.reason] ?? row.reason,
    count: row.count,
    oldestAt: row.oldest.toISOString(),
    newestAt: row.newest.toISOString(),
  }));
}

async function openItems(reason: QuarantineReason, after: EventCursor | null, limit: number): Promise<NonNullable<OpenQuarantine["page"]>> {
  const afterCursor = after ? Prisma.sql`AND (q.created_at, q.event_id) < (${after.receivedAt}::timestamptz, ${after.id}::uuid)` : Prisma.empty;
  const rows = await prisma().$queryRaw<ItemRow[]>`
    SELECT q.event_id, q.created_at, q.subject, q.evidence,
           e.stripe_event_id, e.type, e.status, e.livemode, e.customer_id, e.object_id, e.amount, e.currency, e.first_received_at,
           ep.name AS endpoint
    FROM quarantine_item q
    JOIN stripe_event e ON e.id = q.event_id
    JOIN endpoint ep ON ep.id = e.endpoint_id
    WHERE q.status = ${OPEN} AND q.reason = ${reason} ${afterCursor}
    ORDER BY q.created_at DESC, q.event_id DESC
    LIMIT ${limit + 1}`;
  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  return {
    reason,
    data: shown.map((row) => ({
      eventId: row.event_id,
      stripeEventId: row.stripe_event_id,
      type: row.type,
      status: row.status,
      endpoint: row.endpoint,
      livemode: row.livemode,
      customerId: row.customer_id,
      objectId: row.object_id,
      amount: row.amount === null ? null : Number(row.amount),
      currency: row.currency,
      receivedAt: row.first_received_at.toISOString(),
      quarantinedAt: row.created_at.toISOString(),
      subject: row.subject,
      evidence: row.evidence,
    })),
    nextCursor: rows.length > limit && last ? encodeEventCursor(last.created_at, last.event_id) : null,
  };
}
