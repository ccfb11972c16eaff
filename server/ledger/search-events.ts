import { z } from "zod";
import { Prisma } from "../../generated/prisma/client";
import { prisma } from "../db";
import { EndpointNameSchema } from "../endpoints/endpoint-name";
import { invalidInput } from "../errors";
import { transactionSubject } from "../transactions/transaction-subject";
import { decodeEventCursor, encodeEventCursor, type EventCursor } from "./event-cursor";
import { EVENT_STATUSES, type EventStatus } from "./event-status";

/** An event type, or a pattern where `*` stands for any run of characters: `invoice.*`, `*.succeeded`. */
const TYPE_PATTERN = /^[a-z0-9_*]+(\.[a-z0-9_*]+)*$/;
const TYPE_MESSAGE = "type is an event type such as invoice.paid, or a pattern such as invoice.* or *.succeeded";

/**
 * Prefixes of Stripe object ids (data.object.id) that a search box is likely to get.
 * Anything else that is not a registered reference is still looked up as an object id.
 */
const OBJECT_ID_PREFIXES = [
  "acct", "ba", "card", "ch", "cn", "cs", "dp", "du", "ii", "il", "in", "pi", "pl", "pm", "po", "price", "prod",
  "py", "pyr", "qt", "re", "seti", "si", "src", "sub", "tr", "trr", "txn",
];
const OBJECT_ID = new RegExp(`^(${OBJECT_ID_PREFIXES.join("|")})_[A-Za-z0-9_]+$`);

const statusList = z.preprocess(
  (value) => (typeof value === "string" ? value.split(",").map((item) => item.trim()).filter(Boolean) : value),
  z.array(z.enum(EVENT_STATUSES, { error: `status must be one of ${EVENT_STATUSES.join(", ")}` })),
);

export const EventSearchSchema = z
  .object({
    /** Free text: an event id, an object id, a customer id, a payment's reference, or a type pattern. */
    q: z.string().trim().max(200, "q is at most 200 characters").optional(),
    status: statusList.optional(),
    endpoint: EndpointNameSchema.optional(),
    from: z.iso.datetime({ offset: true, error: "from must be an ISO 8601 time" }).optional(),
    to: z.iso.datetime({ offset: true, error: "to must be an ISO 8601 time" }).optional(),
    livemode: z.union([z.boolean(), z.stringbool()], { error: "livemode must be true or false" }).optional(),
    type: z.string().regex(TYPE_PATTERN, TYPE_MESSAGE).optional(),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number({ error: "limit must be a number" }).int("limit must be a whole number").min(1, "limit is at least 1").max(100, "limit is at most 100").default(50),
  })
  .superRefine((query, context) => {
    if (query.from && query.to && Date.parse(query.from) >= Date.parse(query.to)) {
      context.addIssue({ code: "custom", path: ["to"], message: "to must be later than from" });
    }
    if (query.cursor && !decodeEventCursor(query.cursor)) {
      context.addIssue({ code: "custom", path: ["cursor"], message: "cursor is not one this console handed out" });
    }
    if (query.q?.includes("*") && !TYPE_PATTERN.test(query.q)) {
      context.addIssue({ code: "custom", path: ["q"], message: "a search with * is a type pattern such as invoice.* or *.succeeded" });
    }
  });
export type EventSearch = z.input<typeof EventSearchSchema>;

/** What the search box's text was taken for; the console says so above the results. */
export type SearchInterpretation = { kind: "event_id" | "object_id" | "customer_id" | "reference" | "type"; value: string };

export type EventSearchRow = {
  /** The ledger's id. */
  id: string;
  stripeEventId: string;
  type: string;
  status: EventStatus;
  customerId: string | null;
  objectId: string | null;
  endpoint: string;
  livemode: boolean;
  /** First receipt: the lists' order. */
  receivedAt: string;
  deliveryCount: number;
  /** Minor units, with `currency`, when the event's object has an amount. */
  amount: number | null;
  currency: string | null;
};

export type EventSearchResult = { data: EventSearchRow[]; nextCursor: string | null; interpretedAs: SearchInterpretation | null };

type Row = {
  id: string;
  stripe_event_id: string;
  type: string;
  status: EventStatus;
  customer_id: string | null;
  object_id: string | null;
  endpoint: string;
  livemode: boolean;
  first_received_at: Date;
  delivery_count: number;
  amount: bigint | null;
  currency: string | null;
};

const COLUMNS = Prisma.sql`e.id, e.stripe_event_id, e.type, e.status, e.customer_id, e.object_id, e.endpoint_id, e.livemode,
  e.first_received_at, e.delivery_count, e.amount, e.currency`;
const NEWEST_FIRST = Prisma.sql`ORDER BY first_received_at DESC, id DESC`;

/**
 * The console's event search: newest first (by first receipt), keyset-paginated on
 * (first receipt, id), never OFFSET, so page 1,000 costs what page 1 costs.
 *
 * Every filter is served by an index in list order (see the console_query_indexes
 * migration). A filter with several values (statuses, or the types a pattern matches)
 * reads the newest page of each value from its index and merges them, so it never
 * walks the ledger looking for rare rows. The payload is encrypted and is never searched.
 */
export async function searchEvents(input: EventSearch): Promise<EventSearchResult> {
  const parsed = EventSearchSchema.safeParse(input ?? {});
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const query = parsed.data;

  const interpretedAs = query.q ? await interpret(query.q) : null;
  const typeFilters = [query.type, interpretedAs?.kind === "type" ? interpretedAs.value : undefined].filter((value): value is string => value !== undefined && value !== "*");
  const types = await resolveTypes(typeFilters);
  if (types?.length === 0) return { data: [], nextCursor: null, interpretedAs };

  const conditions: Prisma.Sql[] = [];
  if (query.endpoint) conditions.push(Prisma.sql`e.endpoint_id = (SELECT ep.id FROM endpoint ep WHERE ep.name = ${query.endpoint})`);
  if (query.from) conditions.push(Prisma.sql`e.first_received_at >= ${new Date(query.from)}::timestamptz`);
  if (query.to) conditions.push(Prisma.sql`e.first_received_at < ${new Date(query.to)}::timestamptz`);
  // A literal, not a parameter: `NOT e.livemode` is what lets the planner use the test-mode partial index.
  if (query.livemode !== undefined) conditions.push(query.livemode ? Prisma.sql`e.livemode` : Prisma.sql`NOT e.livemode`);
  if (query.cursor) {
    const after = decodeEventCursor(query.cursor) as EventCursor;
    conditions.push(Prisma.sql`(e.first_received_at, e.id) < (${after.receivedAt}::timestamptz, ${after.id}::uuid)`);
  }
  if (interpretedAs?.kind === "event_id") conditions.push(Prisma.sql`e.stripe_event_id = ${interpretedAs.value}`);
  if (interpretedAs?.kind === "object_id") conditions.push(Prisma.sql`e.object_id = ${interpretedAs.value}`);
  if (interpretedAs?.kind === "customer_id") conditions.push(Prisma.sql`e.customer_id = ${interpretedAs.value}`);

  const statuses = query.status?.length ? [...new Set(query.status)] : undefined;
  const take = query.limit + 1;
  let page: Prisma.Sql;
  if (interpretedAs?.kind === "reference") {
    page = touchedByReference(interpretedAs.value, [...conditions, ...valueFilter("type", types), ...valueFilter("status", statuses)], take);
  } else if (types && types.length > 1) {
    page = newestOfEach("type", types, [...conditions, ...valueFilter("status", statuses)], take);
  } else if (statuses && statuses.length > 1) {
    page = newestOfEach("status", statuses, [...conditions, ...valueFilter("type", types)], take);
  } else {
    page = Prisma.sql`SELECT ${COLUMNS} FROM stripe_event e WHERE ${where([...conditions, ...valueFilter("type", types), ...valueFilter("status", statuses)])} ${NEWEST_FIRST} LIMIT ${take}`;
  }

  const rows = await prisma().$queryRaw<Row[]>`
    SELECT page.*, ep.name AS endpoint FROM (${page}) page JOIN endpoint ep ON ep.id = page.endpoint_id
    ORDER BY page.first_received_at DESC, page.id DESC`;
  const shown = rows.slice(0, query.limit);
  const last = shown.at(-1);
  return {
    data: shown.map(toSearchRow),
    nextCursor: rows.length > query.limit && last ? encodeEventCursor(last.first_received_at, last.id) : null,
    interpretedAs,
  };
}

function where(conditions: Prisma.Sql[]): Prisma.Sql {
  return conditions.length ? Prisma.join(conditions, " AND ") : Prisma.sql`TRUE`;
}

function valueFilter(column: "type" | "status", values: string[] | undefined): Prisma.Sql[] {
  if (!values) return [];
  const name = Prisma.raw(`e.${column}`);
  return values.length === 1 ? [Prisma.sql`${name} = ${values[0]}`] : [Prisma.sql`${name} = ANY(${values}::text[])`];
}

/**
 * The newest `take` rows of each value, each from its (value, first_received_at, id)
 * index, merged: at most values × take rows are read, however large the ledger.
 */
function newestOfEach(column: "type" | "status", values: string[], conditions: Prisma.Sql[], take: number): Prisma.Sql {
  const name = Prisma.raw(`e.${column}`);
  return Prisma.sql`
    SELECT newest.* FROM unnest(${values}::text[]) AS wanted(value)
    CROSS JOIN LATERAL (
      SELECT ${COLUMNS} FROM stripe_event e WHERE ${name} = wanted.value AND ${where(conditions)} ${NEWEST_FIRST} LIMIT ${take}
    ) newest
    ${NEWEST_FIRST} LIMIT ${take}`;
}

/**
 * The events that touched a registered payment: those whose effect or quarantine names
 * it, and every event about a Stripe object linked to it (its session, payment intent,
 * charge, dispute), applied or not. A payment has a handful, found through their indexes.
 */
function touchedByReference(reference: string, conditions: Prisma.Sql[], take: number): Prisma.Sql {
  const subject = transactionSubject(reference);
  return Prisma.sql`
    WITH touched AS MATERIALIZED (
      SELECT event_id AS id FROM effect WHERE subject = ${subject}
      UNION
      SELECT event_id FROM quarantine_item WHERE subject = ${subject}
      UNION
      SELECT linked.id FROM payment_transaction t
      JOIN transaction_link l ON l.transaction_id = t.id
      JOIN stripe_event linked ON linked.object_id = l.object_id
      WHERE t.reference = ${reference}
    )
    SELECT ${COLUMNS} FROM touched JOIN stripe_event e ON e.id = touched.id
    WHERE ${where(conditions)} ${NEWEST_FIRST} LIMIT ${take}`;
}

/**
 * Reads the search box. Stripe ids say what they are by their prefix; `*` makes a type
 * pattern. A dotted lower-case word is an event type when the ledger has it, otherwise a
 * reference; any other text is a registered payment's reference when there is one, and
 * otherwise an object id (of a kind not in the list above).
 */
async function interpret(q: string): Promise<SearchInterpretation> {
  if (/^evt_[A-Za-z0-9_]+$/.test(q)) return { kind: "event_id", value: q };
  if (/^cus_[A-Za-z0-9_]+$/.test(q)) return { kind: "customer_id", value: q };
  if (OBJECT_ID.test(q)) return { kind: "object_id", value: q };
  if (q.includes("*")) return { kind: "type", value: q };
  const [known] = await prisma().$queryRaw<{ is_reference: boolean; is_type: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM payment_transaction WHERE reference = ${q}) AS is_reference,
           EXISTS (SELECT 1 FROM stripe_event WHERE type = ${q}) AS is_type`;
  if (TYPE_PATTERN.test(q) && q.includes(".") && (known?.is_type || !known?.is_reference)) return { kind: "type", value: q };
  return { kind: known?.is_reference ? "reference" : "object_id", value: q };
}

/**
 * The event types that match every filter (exact types or patterns), or undefined when
 * there is no type filter. Patterns are matched against the types the ledger holds,
 * listed by skipping through the type index (one probe per distinct type).
 */
async function resolveTypes(filters: string[]): Promise<string[] | undefined> {
  if (filters.length === 0) return undefined;
  const exact = filters.filter((filter) => !filter.includes("*"));
  if (exact.length > 0) {
    const [type] = exact;
    return exact.every((other) => other === type) && filters.every((filter) => patternToRegExp(filter).test(type!)) ? [type!] : [];
  }
  const patterns = filters.map(toLikePattern);
  const rows = await prisma().$queryRaw<{ type: string }[]>`
    WITH RECURSIVE types AS (
      (SELECT type FROM stripe_event ORDER BY type LIMIT 1)
      UNION ALL
      SELECT (SELECT e.type FROM stripe_event e WHERE e.type > types.type ORDER BY e.type LIMIT 1) FROM types WHERE types.type IS NOT NULL
    )
    SELECT type FROM types WHERE type IS NOT NULL AND type LIKE ALL(${patterns}::text[])`;
  return rows.map((row) => row.type);
}

/** `invoice.*` → `invoice.%`, with LIKE's own wildcards (`_` is in many type names) escaped. */
function toLikePattern(pattern: string): string {
  return pattern.replace(/[\\%_]/g, (character) => `\\${character}`).replace(/\*/g, "%");
}

function patternToRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
}

function toSearchRow(row: Row): EventSearchRow {
  return {
    id: row.id,
    stripeEventId: row.stripe_event_id,
    type: row.type,
    status: row.status,
    customerId: row.customer_id,
    objectId: row.object_id,
    endpoint: row.endpoint,
    livemode: row.livemode,
    receivedAt: row.first_received_at.toISOString(),
    deliveryCount: row.delivery_count,
    amount: row.amount === null ? null : Number(row.amount),
    currency: row.currency,
  };
}
