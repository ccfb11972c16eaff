import { z } from "zod";
import type { Prisma } from "../../generated/prisma/client";
import { prisma } from "../db";
import { AppError } from "../errors";
import { decodeEventCursor, encodeEventCursor } from "./event-cursor";
import { EVENT_STATUSES } from "./event-status";

const csv = (value: string | undefined) => (value ? value.split(",").map((item) => item.trim()).filter(Boolean) : undefined);

export const ListEventsSchema = z.object({
  status: z
    .string()
    .optional()
    .transform(csv)
    .pipe(z.array(z.enum(EVENT_STATUSES, { error: `status must be one of ${EVENT_STATUSES.join(", ")}` })).optional()),
  /** Exact type, or a prefix wildcard such as `invoice.*`. */
  type: z
    .string()
    .regex(/^[a-z0-9_.]+(\.\*)?$|^\*$/, "type is an event type such as invoice.paid, or a wildcard such as invoice.*")
    .optional(),
  endpoint: z.string().max(63).optional(),
  from: z.iso.datetime({ offset: true, error: "from must be an ISO 8601 time" }).optional(),
  to: z.iso.datetime({ offset: true, error: "to must be an ISO 8601 time" }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
export type ListEventsQuery = z.input<typeof ListEventsSchema>;

export type EventListItem = {
  id: string;
  ledgerId: string;
  type: string;
  status: string;
  endpoint: string;
  livemode: boolean;
  objectId: string | null;
  customerId: string | null;
  stripeCreatedAt: string;
  firstReceivedAt: string;
  lastReceivedAt: string;
  deliveryCount: number;
};

function decodeCursor(cursor: string): { receivedAt: Date; id: string } {
  const decoded = decodeEventCursor(cursor);
  if (!decoded) throw new AppError("invalid_request", "cursor is not one this API returned");
  return decoded;
}

/** Events, newest first, with keyset pagination on (first received, id): stable and fast at any depth. */
export async function listEvents(query: ListEventsQuery): Promise<{ data: EventListItem[]; nextCursor: string | null }> {
  const parsed = ListEventsSchema.safeParse(query);
  if (!parsed.success) {
    throw new AppError("invalid_request", parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; "));
  }
  const { status, type, endpoint, from, to, limit, cursor } = parsed.data;
  const where: Prisma.StripeEventWhereInput[] = [];
  if (status) where.push({ status: { in: status } });
  if (type && type !== "*") where.push(type.endsWith(".*") ? { type: { startsWith: type.slice(0, -1) } } : { type });
  if (endpoint) where.push({ endpoint: { name: endpoint } });
  if (from) where.push({ firstReceivedAt: { gte: new Date(from) } });
  if (to) where.push({ firstReceivedAt: { lt: new Date(to) } });
  if (cursor) {
    const after = decodeCursor(cursor);
    where.push({ OR: [{ firstReceivedAt: { lt: after.receivedAt } }, { firstReceivedAt: after.receivedAt, id: { lt: after.id } }] });
  }
  const rows = await prisma().stripeEvent.findMany({
    where: { AND: where },
    orderBy: [{ firstReceivedAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: {
      id: true,
      stripeEventId: true,
      type: true,
      status: true,
      livemode: true,
      objectId: true,
      customerId: true,
      stripeCreatedAt: true,
      firstReceivedAt: true,
      lastReceivedAt: true,
      deliveryCount: true,
      endpoint: { select: { name: true } },
    },
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    data: page.map((row) => ({
      id: row.stripeEventId,
      ledgerId: row.id,
      type: row.type,
      status: row.status,
      endpoint: row.endpoint.name,
      livemode: row.livemode,
      objectId: row.objectId,
      customerId: row.customerId,
      stripeCreatedAt: row.stripeCreatedAt.toISOString(),
      firstReceivedAt: row.firstReceivedAt.toISOString(),
      lastReceivedAt: row.lastReceivedAt.toISOString(),
      deliveryCount: row.deliveryCount,
    })),
    nextCursor: rows.length > limit && last ? encodeEventCursor(last.firstReceivedAt, last.id) : null,
  };
}
