/**
 * The console's queries, as the console calls them (the domain functions, through the
 * one Prisma client), each with the inputs it is timed on. Point lookups and deep pages
 * take a different input on each run (random events, payments, cursors), so a run does
 * not just re-read the pages of the run before.
 */
import { pool } from "../../server/db";
import { countTroubledDestinations } from "../../server/destinations/count-troubled-destinations";
import { getDestination, listDestinations } from "../../server/destinations/list-destinations";
import { encodeEventCursor } from "../../server/ledger/event-cursor";
import { getEventStoryOrThrow } from "../../server/ledger/get-event-story-or-throw";
import { searchEvents } from "../../server/ledger/search-events";
import { getOverview } from "../../server/overview/get-overview";
import { listOpenQuarantine } from "../../server/quarantine/list-open-quarantine";

export type Probe = {
  name: string;
  /** What the inputs are, for the printed table. */
  input: string;
  run: (i: number) => Promise<unknown>;
};

type Inputs = {
  cursors: string[];
  eventIds: string[];
  objectIds: string[];
  customers: string[];
  references: string[];
  storyIds: string[];
  largestReason: string | null;
  hourAgo10Days: { from: string; to: string };
  destinations: Record<string, string>;
  deliveryCursors: string[];
};

async function column<T>(sql: string, values: unknown[] = []): Promise<T[]> {
  const result = await pool().query<{ value: T }>(sql, values);
  return result.rows.map((row) => row.value);
}

const pick = <T>(values: T[], i: number): T => {
  if (values.length === 0) throw new Error("the seeded ledger has nothing to pick from");
  return values[i % values.length]!;
};

/** Inputs drawn from the seeded ledger (setup, not timed). */
export async function readInputs(count: number): Promise<Inputs> {
  await pool().query(`SELECT setseed(0.17)`);
  const cursors = (await pool().query<{ first_received_at: Date; id: string }>(`SELECT first_received_at, id FROM stripe_event ORDER BY random() LIMIT $1`, [count])).rows.map((row) =>
    encodeEventCursor(row.first_received_at, row.id),
  );
  const largest = await column<string>(`SELECT reason AS value FROM quarantine_item WHERE status = 'open' GROUP BY reason ORDER BY count(*) DESC LIMIT 1`);
  const end = (await column<Date>(`SELECT max(first_received_at) AS value FROM stripe_event`))[0]!;
  const from = new Date(end.getTime() - 10 * 86_400_000 - 3_600_000);
  return {
    cursors,
    eventIds: await column(`SELECT stripe_event_id AS value FROM stripe_event ORDER BY random() LIMIT $1`, [count]),
    objectIds: await column(`SELECT object_id AS value FROM stripe_event WHERE type = 'payment_intent.succeeded' ORDER BY random() LIMIT $1`, [count]),
    customers: await column(`SELECT customer_id AS value FROM stripe_event WHERE customer_id IS NOT NULL GROUP BY customer_id ORDER BY count(*) DESC LIMIT $1`, [count]),
    references: await column(`SELECT reference AS value FROM payment_transaction ORDER BY random() LIMIT $1`, [count]),
    storyIds: await column(`SELECT event_id::text AS value FROM quarantine_item ORDER BY random() LIMIT $1`, [count]),
    largestReason: largest[0] ?? null,
    destinations: Object.fromEntries((await pool().query<{ name: string; id: string }>(`SELECT name, id::text FROM destination`)).rows.map((row) => [row.name, row.id])),
    deliveryCursors: await column(
      `SELECT x.id::text AS value FROM destination_delivery x JOIN destination d ON d.id = x.destination_id WHERE d.name = 'orders-app' ORDER BY random() LIMIT $1`,
      [count],
    ),
    hourAgo10Days: { from: from.toISOString(), to: new Date(from.getTime() + 3_600_000).toISOString() },
  };
}

function destination(inputs: Inputs, name: string): string {
  const id = inputs.destinations[name];
  if (!id) throw new Error(`the seeded ledger has no destination ${name}`);
  return id;
}

export function probes(inputs: Inputs): Probe[] {
  return [
    { name: "events: first page", input: "no filter, 50 rows", run: () => searchEvents({}) },
    { name: "events: deep page", input: "cursor at a random event", run: (i) => searchEvents({ cursor: pick(inputs.cursors, i) }) },
    { name: "filter: status", input: "failed, dead, quarantined", run: () => searchEvents({ status: ["failed", "dead", "quarantined"] }) },
    { name: "filter: endpoint", input: "billing (8% of events)", run: () => searchEvents({ endpoint: "billing" }) },
    { name: "filter: time range", input: "one hour, 10 days ago", run: () => searchEvents(inputs.hourAgo10Days) },
    { name: "filter: livemode", input: "test mode (8%)", run: () => searchEvents({ livemode: false }) },
    { name: "filter: type wildcard", input: "invoice.*", run: () => searchEvents({ type: "invoice.*" }) },
    { name: "filter: type wildcard", input: "*.succeeded", run: () => searchEvents({ type: "*.succeeded" }) },
    { name: "filter: type + status", input: "invoice.* and failed, dead", run: () => searchEvents({ type: "invoice.*", status: ["failed", "dead"] }) },
    { name: "search: event id", input: "a random evt_", run: (i) => searchEvents({ q: pick(inputs.eventIds, i) }) },
    { name: "search: object id", input: "a random pi_", run: (i) => searchEvents({ q: pick(inputs.objectIds, i) }) },
    { name: "search: customer", input: "the busiest customers", run: (i) => searchEvents({ q: pick(inputs.customers, i) }) },
    { name: "search: reference", input: "a random registered payment", run: (i) => searchEvents({ q: pick(inputs.references, i) }) },
    { name: "event page", input: "a random quarantined event", run: (i) => getEventStoryOrThrow(pick(inputs.storyIds, i)) },
    { name: "overview", input: "all figures", run: () => getOverview() },
    { name: "quarantine groups", input: "open items by reason", run: () => listOpenQuarantine() },
    { name: "destinations", input: "list, with each one's backlog", run: () => listDestinations() },
    { name: "destinations: navigation", input: "paused or with a dead delivery", run: () => countTroubledDestinations() },
    { name: "destination page", input: "orders-app (*), newest 50", run: () => getDestination(destination(inputs, "orders-app")) },
    { name: "destination page: older", input: "orders-app, before a random delivery", run: (i) => getDestination(destination(inputs, "orders-app"), { before: pick(inputs.deliveryCursors, i) }) },
    { name: "destination page: dead", input: "orders-app, dead only", run: () => getDestination(destination(inputs, "orders-app"), { status: "dead" }) },
    { name: "destination page: backlog", input: "partner-app (paused), pending", run: () => getDestination(destination(inputs, "partner-app"), { status: "pending" }) },
    {
      name: "quarantine page",
      input: `largest reason (${inputs.largestReason ?? "none"})`,
      run: () => listOpenQuarantine(inputs.largestReason ? { reason: inputs.largestReason as "amount_mismatch" } : {}),
    },
  ];
}
