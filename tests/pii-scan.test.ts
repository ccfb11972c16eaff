/**
 * The PII scan (issue 6): the product runs through the whole simulated traffic set (every
 * `hookwarden simulate` scenario, the ones that need Stripe's API too, against the local
 * Stripe fake), with fixtures full of personal data and leaked secrets. Everything a viewer
 * can see (every REST answer, every console page's data as it is handed to rendering, so
 * what reaches the browser) and every log line (all levels, debug on) is captured and
 * scanned: not one fixture e-mail address, name, phone, street or IP address, card-like
 * number, `whsec_`, `sk_live_` or `rk_live_` may appear. The scanner proves it can fail:
 * planted into the same corpus, the raw payloads are found.
 */
import { isValidElement } from "react";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { SCENARIO_NAMES, SCENARIOS } from "@/cli/simulate/scenarios";
import { createApiKey } from "@/server/auth/create-api-key";
import { disconnect, prisma } from "@/server/db";
import { readEventPayload } from "@/server/ledger/read-event-payload";
import { setLogSink } from "@/server/log";
import { startReconciliation } from "@/server/reconcile/start-reconciliation";
import type { FakeStripe } from "@/server/stripe-fake/fake-stripe";
import { registerTransaction } from "@/server/transactions/register-transaction";
import { apiGet, apiPost } from "./support/api";
import { actAs, outcomeOf, sessionFor } from "./support/console";
import { endpointWithStripeKey, useFakeStripe } from "./support/fake-stripe";
import { useFreshDatabase } from "./support/fresh-database";
import { deliver, signedDelivery } from "./support/intake";
import { FIXTURE_PII, scenarioWithPersonalData } from "./support/pii-traffic";
import { settleEvents } from "./support/settle";
import { cliContext } from "./support/users";

vi.mock("@/server/auth/request-context", () => ({ requestContext: vi.fn(), renewSessionCookie: vi.fn() }));

/** What must never be seen: the fixtures' personal data, card-like numbers, Stripe secrets and keys. */
const NEEDLES = [...FIXTURE_PII.names, ...FIXTURE_PII.emails, ...FIXTURE_PII.phones, ...FIXTURE_PII.streets, ...FIXTURE_PII.ips, "whsec_", "sk_live_", "rk_live_"];
const CARD_LIKE = /\b(?:\d[ -]?){12,18}\d\b/;
/** A UUID's last groups are all digits about once in 2,000: "…-9061-079385736218" is an id, not a card. */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

type Capture = { where: string; text: string; strings: string[] };
type Hit = { where: string; found: string };

/** Every hit of a needle in the text, and of a card-like number in any string value (numbers are amounts and times, not cards). */
function scan(captures: Capture[], extraNeedles: string[] = []): Hit[] {
  const hits: Hit[] = [];
  for (const capture of captures) {
    for (const needle of [...NEEDLES, ...extraNeedles]) if (capture.text.toLowerCase().includes(needle.toLowerCase())) hits.push({ where: capture.where, found: needle });
    for (const value of capture.strings) {
      const card = CARD_LIKE.exec(value.replace(UUID, "<uuid>"));
      if (card) hits.push({ where: capture.where, found: card[0] });
    }
  }
  return hits;
}

/** The string values of a JSON value, a React element tree (its props: what a page hands to rendering and to the browser), or anything in between. */
async function stringsOf(value: unknown, out: string[] = [], seen = new WeakSet<object>()): Promise<string[]> {
  if (typeof value === "string") out.push(value);
  else if (value instanceof Date) out.push(value.toISOString());
  else if (value && typeof value === "object") {
    if (seen.has(value)) return out;
    seen.add(value);
    if (value instanceof Promise) await stringsOf(await value.catch(() => null), out, seen);
    else if (isValidElement(value)) await stringsOf(value.props, out, seen);
    else if (Array.isArray(value)) for (const item of value) await stringsOf(item, out, seen);
    else for (const [key, item] of Object.entries(value)) await stringsOf([key, item], out, seen);
  }
  return out;
}

async function capture(where: string, value: unknown): Promise<Capture> {
  const strings = await stringsOf(value);
  return { where, text: strings.join("\n"), strings };
}

let stripe: FakeStripe;
const logLines: string[] = [];
const seen: Capture[] = [];
let endpoint: Awaited<ReturnType<typeof endpointWithStripeKey>>;
const sent = new Set<string>();

beforeAll(async () => {
  // A database of its own: the lists a viewer sees hold this traffic and nothing of other test files.
  await useFreshDatabase("pii_scan");
  // The installation's own metadata keys that hold personal data (the fixtures put a name and a phone in `support_note`).
  process.env.HOOKWARDEN_MASK_METADATA_KEYS = "customer_email,support_note";
  stripe = await useFakeStripe();
  setLogSink((line) => logLines.push(line));
  process.env.HOOKWARDEN_LOG_LEVEL = "debug";
  endpoint = await endpointWithStripeKey();
}, 60_000);

afterAll(async () => {
  setLogSink(undefined);
  process.env.HOOKWARDEN_LOG_LEVEL = "silent";
  await disconnect();
});

describe("the PII scan: everything a viewer sees and every log line, through the whole simulated traffic set", () => {
  it("runs every simulate scenario with personal data and leaked secrets, the Stripe-side ones included", async () => {
    for (const name of SCENARIO_NAMES) {
      const scenario = scenarioWithPersonalData(SCENARIOS[name]!());
      for (const terms of scenario.registrations) await registerTransaction(terms);
      const known = scenario.batches.flat().filter((delivery) => !delivery.unknownToStripe);
      for (const { event } of known) stripe.addEvent(event as unknown as Record<string, unknown>, { deliverySuccess: true, storeObject: true });
      for (const event of scenario.missedAtStripe ?? []) stripe.addEvent(event as unknown as Record<string, unknown>, { deliverySuccess: false, storeObject: true });
      for (const batch of scenario.batches) {
        const answers = await Promise.all(batch.map(({ event, signatureTimestamp }) => deliver(signedDelivery(event, endpoint.name, endpoint.secret, signatureTimestamp))));
        expect(answers.map((answer) => answer.status)).toEqual(batch.map(() => 200));
        for (const { event } of batch) sent.add(event.id);
      }
      await settleEvents(endpoint.name, [...sent]);
      for (const change of scenario.changedAtStripe ?? []) stripe.putObject(change.collection, change.object);
      if (scenario.missedAtStripe) await startReconciliation({ kind: "missed_events", endpoint: endpoint.name }, cliContext, { wait: true });
      if (scenario.changedAtStripe) await startReconciliation({ kind: "drift_audit", endpoint: endpoint.name }, cliContext, { wait: true });
      await settleEvents(endpoint.name, (await prisma().stripeEvent.findMany({ select: { stripeEventId: true } })).map((row) => row.stripeEventId));
    }
    const statuses = await prisma().stripeEvent.groupBy({ by: ["status"], _count: true });
    // The traffic did what the scenarios say: applied, quarantined (amount mismatch, unconfirmed forgery), dead (malformed).
    expect(Object.fromEntries(statuses.map((row) => [row.status, row._count]))).toMatchObject({ processed: expect.any(Number), quarantined: 2, dead: 1 });
    expect(await prisma().stripeEvent.count({ where: { stripeEventId: { in: [...sent] } } })).toBe(sent.size);
    // Recovery brought in what Stripe never delivered, and the drift audit repaired the cancelled subscription with an event of its own.
    expect(await prisma().stripeEvent.count()).toBeGreaterThan(sent.size);
    expect(await prisma().reconciliationRun.count({ where: { status: "succeeded" } })).toBe(2);
  }, 120_000);

  it("captures every REST answer a viewer's key gets: events, each event, each payment, subscription and customer's entitlements, reconciliations, refusals", async () => {
    const viewer = (await createApiKey({ name: "pii-scan viewer", role: "viewer" }, cliContext)).key;
    const get = async (path: string) => {
      const answer = await apiGet(path, viewer);
      seen.push(await capture(`GET ${path} → ${answer.status}`, answer.body));
      return answer;
    };
    const eventIds: string[] = [];
    for (let cursor: string | null = null, first = true; first || cursor; first = false) {
      const page = await get(`/api/v1/events?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      expect(page.status).toBe(200);
      eventIds.push(...(page.body.data as { id: string }[]).map((event) => event.id));
      cursor = page.body.nextCursor as string | null;
    }
    expect(new Set(eventIds)).toEqual(new Set((await prisma().stripeEvent.findMany({ select: { stripeEventId: true } })).map((row) => row.stripeEventId)));
    for (const id of eventIds) expect((await get(`/api/v1/events/${id}`)).status).toBe(200);

    const transactions = await prisma().transaction.findMany({ select: { reference: true } });
    expect(transactions.length).toBeGreaterThan(5);
    for (const { reference } of transactions) expect((await get(`/api/v1/transactions/${reference}`)).status).toBe(200);
    const subscriptions = await prisma().subscription.findMany({ select: { id: true, customerId: true } });
    expect(subscriptions.length).toBeGreaterThan(0);
    for (const subscription of subscriptions) expect((await get(`/api/v1/subscriptions/${subscription.id}`)).status).toBe(200);
    const customers = new Set((await prisma().stripeEvent.findMany({ where: { customerId: { not: null } }, select: { customerId: true } })).map((row) => row.customerId!));
    for (const customer of customers) expect((await get(`/api/v1/customers/${customer}/entitlements`)).status).toBe(200);
    const runs = await get("/api/v1/reconciliations");
    expect(runs.status).toBe(200);
    expect(runs.body.runs).toHaveLength(2);
    for (const { id } of runs.body.runs as { id: string }[]) expect((await get(`/api/v1/reconciliations/${id}`)).status).toBe(200);
    // The card-testing scenario's fraud review: the queue and the review with its timeline.
    const reviews = await get("/api/v1/reviews");
    expect(reviews.status).toBe(200);
    expect((reviews.body.data as unknown[]).length).toBeGreaterThan(0);
    for (const { id } of reviews.body.data as { id: string }[]) expect((await get(`/api/v1/reviews/${id}`)).status).toBe(200);
    // A viewer's break-glass attempt is refused, and the refusal echoes nothing.
    const refused = await apiPost(`/api/v1/events/${eventIds[0]}/raw`, viewer, { reason: "a viewer trying their luck" });
    expect(refused.status).toBe(403);
    seen.push(await capture("POST raw → 403", refused.body));
  }, 120_000);

  it("captures every console page a viewer can open: the lists and each detail page", async () => {
    await actAs((await sessionFor("viewer")).claims);
    const page = async (file: string, params: Record<string, string> = {}) => {
      const Page = ((await import(`@/app/(console)/${file}`)) as { default: (props: unknown) => Promise<unknown> }).default;
      let tree: unknown;
      const outcome = await outcomeOf(async () => {
        tree = await Page({ params: Promise.resolve(params), searchParams: Promise.resolve({}) });
      });
      expect(outcome, `${file} ${JSON.stringify(params)}`).toBe("rendered");
      seen.push(await capture(`page ${file} ${JSON.stringify(params)}`, tree));
    };
    for (const file of ["page.tsx", "overview/page.tsx", "quarantine/page.tsx", "transactions/page.tsx", "customers/page.tsx", "reconciliation/page.tsx"]) await page(file);
    for (const event of await prisma().stripeEvent.findMany({ select: { id: true } })) await page("events/[id]/page.tsx", { id: event.id });
    for (const { reference } of await prisma().transaction.findMany({ select: { reference: true } })) await page("transactions/[reference]/page.tsx", { reference });
    const customers = new Set((await prisma().stripeEvent.findMany({ where: { customerId: { not: null } }, select: { customerId: true } })).map((row) => row.customerId!));
    for (const id of customers) await page("customers/[id]/page.tsx", { id });
    for (const { id } of await prisma().reconciliationRun.findMany({ select: { id: true } })) await page("reconciliation/[id]/page.tsx", { id });
    await page("reviews/page.tsx");
    const reviews = await prisma().reviewItem.findMany({ select: { id: true } });
    expect(reviews.length).toBeGreaterThan(0);
    for (const { id } of reviews) await page("reviews/[id]/page.tsx", { id });
  }, 120_000);

  it("finds none of the fixtures' personal data, no card-like number and no secret in any of it, nor in any log line", async () => {
    const logs = await Promise.all(logLines.map(async (line, i) => ({ ...(await capture(`log line ${i + 1}`, JSON.parse(line))), text: line })));
    const everything = [...seen, ...logs];
    // The scan is of something: every level of log, every event's payload (masked), every page.
    expect(logLines.length).toBeGreaterThan(50);
    expect(logLines.some((line) => line.includes('"level":"debug"'))).toBe(true);
    expect(seen.filter((entry) => entry.where.startsWith("GET /api/v1/events/")).every((entry) => entry.text.includes("••••"))).toBe(true);
    expect(seen.filter((entry) => entry.where.startsWith("page events/")).length).toBe(await prisma().stripeEvent.count());
    const secrets = [endpoint.secret, endpoint.apiKey];
    expect(scan(everything, secrets)).toEqual([]);
  });

  it("can fail: the raw payloads planted in the same corpus are found, every kind of needle among them", async () => {
    const planted: Capture[] = [];
    for (const event of await prisma().stripeEvent.findMany({ select: { id: true } })) planted.push(await capture(`raw ${event.id}`, await readEventPayload(event.id, { masked: false })));
    planted.push(await capture("a careless log line", { msg: `secret ${endpoint.secret}` }));
    const found = new Set(scan([...seen, ...planted], [endpoint.secret]).map((hit) => hit.found));
    for (const needle of [...NEEDLES, endpoint.secret]) expect(found, needle).toContain(needle);
    for (const card of FIXTURE_PII.cards) expect(found).toContain(card);
  });
});
