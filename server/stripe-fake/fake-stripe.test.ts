/**
 * The fake is tested through the official `stripe` package (v23) pointed at it, as the
 * product will use it: what matters is that stripe-node reads its answers as Stripe's.
 */
import Stripe from "stripe";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FakeStripe } from "./fake-stripe";

const DAY = 24 * 60 * 60;
const T0 = 1_790_000_000; // unix seconds: objects' `created`, and "now" for the test that pins the clock
const NOW = Math.floor(Date.now() / 1000); // events the real-clock fake must still hold (it forgets those older than 30 days)

let fake: FakeStripe;
let stripe: Stripe;

beforeAll(async () => {
  fake = await FakeStripe.start();
  stripe = new Stripe("sk_test_hookwarden", { ...fake.clientOptions(), maxNetworkRetries: 0 });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

function subscription(id: string, created: number, fields: Record<string, unknown> = {}) {
  return { id, object: "subscription", created, customer: "cus_alice", status: "active", ...fields };
}

function event(id: string, type: string, created: number) {
  return { id, object: "event", type, created, api_version: "2025-09-30.clover", livemode: false, pending_webhooks: 0, data: { object: { id: `obj_${id}`, object: "customer" } } };
}

async function rejection(promise: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  try {
    await promise;
  } catch (error) {
    return error as Stripe.errors.StripeError;
  }
  throw new Error("expected the call to fail");
}

function control(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return fetch(`${fake.url}${path}`, {
    method,
    headers: body === undefined && method === "GET" ? headers : { "Content-Type": "application/json", ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
}

describe("retrieve", () => {
  it("answers each collection's object by id, with a Request-Id and the Stripe-Version asked for", async () => {
    fake.putObject("customers", { id: "cus_alice", email: "alice@example.com" });
    fake.putObject("checkout.sessions", { id: "cs_test_1", customer: "cus_alice", status: "complete" });
    fake.putObject("payment_intents", { id: "pi_1", amount: 3000 });
    fake.putObject("charges", { id: "ch_1", paid: true });
    fake.putObject("subscriptions", subscription("sub_1", T0));
    fake.putObject("invoices", { id: "in_1", status: "paid" });

    const customer = await stripe.customers.retrieve("cus_alice");
    expect(customer).toMatchObject({ id: "cus_alice", object: "customer", email: "alice@example.com" });
    expect(customer.lastResponse.requestId).toMatch(/^req_[A-Za-z0-9]{14}$/);
    expect(customer.lastResponse.apiVersion).toBe(stripe.getApiField("version"));
    expect(await stripe.checkout.sessions.retrieve("cs_test_1", { expand: ["customer"] })).toMatchObject({ object: "checkout.session", customer: "cus_alice" });
    expect(await stripe.paymentIntents.retrieve("pi_1")).toMatchObject({ object: "payment_intent", amount: 3000 });
    expect(await stripe.charges.retrieve("ch_1")).toMatchObject({ object: "charge", paid: true });
    expect(await stripe.subscriptions.retrieve("sub_1")).toMatchObject({ object: "subscription", created: T0 });
    expect(await stripe.invoices.retrieve("in_1")).toMatchObject({ object: "invoice", status: "paid" });
  });

  it("answers an unknown id with 404 resource_missing, which stripe-node raises as StripeInvalidRequestError", async () => {
    const error = await rejection(stripe.subscriptions.retrieve("sub_nobody"));
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({ statusCode: 404, code: "resource_missing", param: "id", message: "No such subscription: 'sub_nobody'" });
    expect(error.requestId).toMatch(/^req_/);
  });

  it("replaces an object put again, and forgets a deleted one", async () => {
    fake.putObject("subscriptions", subscription("sub_1", T0));
    fake.putObject("subscriptions", subscription("sub_1", T0, { status: "past_due" }));
    expect(await stripe.subscriptions.retrieve("sub_1")).toMatchObject({ status: "past_due" });
    fake.deleteObject("subscriptions", "sub_1");
    expect(await rejection(stripe.subscriptions.retrieve("sub_1"))).toMatchObject({ statusCode: 404 });
  });

  it("refuses a request without a secret or restricted key with 401 (StripeAuthenticationError) and never echoes the key", async () => {
    fake.putObject("customers", { id: "cus_alice" });
    const publishable = new Stripe("pk_test_0123456789abcdef", { ...fake.clientOptions(), maxNetworkRetries: 0 });
    const error = await rejection(publishable.customers.retrieve("cus_alice"));
    expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(error.message).not.toContain("pk_test_0123456789abcdef");
    const anonymous = await fetch(`${fake.url}/v1/customers/cus_alice`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("request-id")).toMatch(/^req_/);
    expect(await new Stripe("rk_test_restricted", { ...fake.clientOptions(), maxNetworkRetries: 0 }).customers.retrieve("cus_alice")).toMatchObject({ id: "cus_alice" });
  });

  it("answers a path Stripe does not have here with 404 Unrecognized request URL", async () => {
    const error = await rejection(stripe.products.list());
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error.message).toMatch(/^Unrecognized request URL \(GET: \/v1\/products\)/);
    expect(await rejection(stripe.customers.create({ email: "bob@example.com" }))).toMatchObject({ statusCode: 404 });
  });
});

describe("lists", () => {
  it("auto-paginates 250 subscriptions in pages of 100, each exactly once, newest first", async () => {
    const ids = Array.from({ length: 250 }, (_, i) => `sub_${String(i).padStart(3, "0")}`);
    ids.forEach((id, i) => fake.putObject("subscriptions", subscription(id, T0 + Math.floor(i / 7)))); // runs of equal `created`

    const seen: string[] = [];
    for await (const item of stripe.subscriptions.list({ limit: 100 })) seen.push(item.id);
    expect(seen).toEqual([...ids].reverse());
    expect(fake.stats().byRoute["GET /v1/subscriptions"]).toBe(3);
    expect((await stripe.subscriptions.list({ limit: 100 }).autoPagingToArray({ limit: 1000 })).map((item) => item.id)).toEqual(seen);
  });

  it("orders by created, not by insertion, with the later-inserted first among equals", async () => {
    fake.putObject("customers", { id: "cus_middle", created: T0 + 1 });
    fake.putObject("customers", { id: "cus_newest", created: T0 + 2 });
    fake.putObject("customers", { id: "cus_oldest", created: T0 });
    fake.putObject("customers", { id: "cus_middle_later", created: T0 + 1 });
    const page = await stripe.customers.list();
    expect(page.data.map((customer) => customer.id)).toEqual(["cus_newest", "cus_middle_later", "cus_middle", "cus_oldest"]);
    expect(page).toMatchObject({ object: "list", url: "/v1/customers", has_more: false });
  });

  it("pages backwards with ending_before: the objects just newer than the cursor, in list order, and has_more", async () => {
    for (let i = 0; i < 10; i++) fake.putObject("invoices", { id: `in_${i}`, created: T0 + i });
    const page = await stripe.invoices.list({ ending_before: "in_3", limit: 3 });
    expect(page.data.map((invoice) => invoice.id)).toEqual(["in_6", "in_5", "in_4"]);
    expect(page.has_more).toBe(true);
    const last = await stripe.invoices.list({ ending_before: "in_6", limit: 3 });
    expect(last.data.map((invoice) => invoice.id)).toEqual(["in_9", "in_8", "in_7"]);
    expect(last.has_more).toBe(false);
    // stripe-node walks ending_before pages backwards: everything newer than the cursor, oldest first.
    const newer = await stripe.invoices.list({ ending_before: "in_3", limit: 2 }).autoPagingToArray({ limit: 100 });
    expect(newer.map((invoice) => invoice.id)).toEqual(["in_4", "in_5", "in_6", "in_7", "in_8", "in_9"]);
  });

  it("pages forwards with starting_after and filters on created (exact or a range)", async () => {
    for (let i = 0; i < 10; i++) fake.putObject("charges", { id: `ch_${i}`, created: T0 + i });
    expect((await stripe.charges.list({ starting_after: "ch_7", limit: 3 })).data.map((charge) => charge.id)).toEqual(["ch_6", "ch_5", "ch_4"]);
    expect((await stripe.charges.list({ created: { gt: T0 + 2, lte: T0 + 5 } })).data.map((charge) => charge.id)).toEqual(["ch_5", "ch_4", "ch_3"]);
    expect((await stripe.charges.list({ created: T0 + 4 })).data.map((charge) => charge.id)).toEqual(["ch_4"]);
    expect((await stripe.charges.list({ created: { gte: T0 + 8 }, starting_after: "ch_9" })).data.map((charge) => charge.id)).toEqual(["ch_8"]);
  });

  it("filters by customer where Stripe does", async () => {
    fake.putObject("payment_intents", { id: "pi_alice", customer: "cus_alice", created: T0 });
    fake.putObject("payment_intents", { id: "pi_bob", customer: { id: "cus_bob", object: "customer" }, created: T0 });
    expect((await stripe.paymentIntents.list({ customer: "cus_bob" })).data.map((intent) => intent.id)).toEqual(["pi_bob"]);
    fake.putObject("checkout.sessions", { id: "cs_alice", customer: "cus_alice", created: T0 });
    expect((await stripe.checkout.sessions.list({ customer: "cus_alice" })).data.map((session) => session.id)).toEqual(["cs_alice"]);
    expect((await stripe.checkout.sessions.list({ customer: "cus_bob" })).data).toEqual([]);
  });

  it("keeps customer= pages in list order when objects change customer, are deleted, or the cursor is someone else's", async () => {
    for (let i = 0; i < 9; i++) fake.putObject("invoices", { id: `in_${i}`, created: T0 + i, customer: i % 3 === 0 ? "cus_alice" : "cus_bob" });
    const ids = async (params: Stripe.InvoiceListParams) => (await stripe.invoices.list(params)).data.map((invoice) => invoice.id);
    expect(await ids({ customer: "cus_alice" })).toEqual(["in_6", "in_3", "in_0"]);
    fake.putObject("invoices", { id: "in_4", created: T0 + 4, customer: "cus_alice" });
    fake.deleteObject("invoices", "in_3");
    expect(await ids({ customer: "cus_alice" })).toEqual(["in_6", "in_4", "in_0"]);
    expect(await ids({ customer: "cus_bob" })).toEqual(["in_8", "in_7", "in_5", "in_2", "in_1"]);
    expect(await ids({ customer: "cus_alice", starting_after: "in_5" })).toEqual(["in_4", "in_0"]);
    expect(await ids({ customer: "cus_alice", ending_before: "in_5" })).toEqual(["in_6"]);
    expect(await ids({ customer: "cus_alice", starting_after: "in_4", limit: 1 })).toEqual(["in_0"]);
    expect(await ids({ customer: "cus_nobody" })).toEqual([]);
  });

  it("hides canceled subscriptions unless asked with status=all or status=canceled", async () => {
    fake.putObject("subscriptions", subscription("sub_active", T0, { status: "active" }));
    fake.putObject("subscriptions", subscription("sub_canceled", T0 + 1, { status: "canceled" }));
    fake.putObject("subscriptions", subscription("sub_trialing", T0 + 2, { status: "trialing", customer: "cus_bob" }));
    const ids = async (params: Stripe.SubscriptionListParams) => (await stripe.subscriptions.list(params)).data.map((item) => item.id);
    expect(await ids({})).toEqual(["sub_trialing", "sub_active"]);
    expect(await ids({ status: "all" })).toEqual(["sub_trialing", "sub_canceled", "sub_active"]);
    expect(await ids({ status: "canceled" })).toEqual(["sub_canceled"]);
    expect(await ids({ status: "trialing" })).toEqual(["sub_trialing"]);
    expect(await ids({ status: "all", customer: "cus_alice" })).toEqual(["sub_canceled", "sub_active"]);
  });

  it("refuses what Stripe refuses: limit above 100, an unknown cursor, an unknown parameter", async () => {
    fake.putObject("customers", { id: "cus_alice" });
    expect(await rejection(stripe.customers.list({ limit: 101 }))).toMatchObject({ statusCode: 400, type: "StripeInvalidRequestError", param: "limit" });
    expect(await rejection(stripe.customers.list({ limit: 0 }))).toMatchObject({ statusCode: 400, param: "limit" });
    expect(await rejection(stripe.customers.list({ starting_after: "cus_gone" }))).toMatchObject({ statusCode: 404, code: "resource_missing", param: "starting_after" });
    expect(await rejection(stripe.customers.list({ ending_before: "cus_gone" }))).toMatchObject({ statusCode: 404, param: "ending_before" });
    expect(await rejection(stripe.customers.list({ test_clock: "clock_1" }))).toMatchObject({ statusCode: 400, param: "test_clock" });
    expect(await rejection(stripe.customers.list({ starting_after: "cus_alice", ending_before: "cus_alice" }))).toMatchObject({ statusCode: 400 });
  });
});

describe("events", () => {
  beforeEach(() => {
    fake.addEvent(event("evt_1", "invoice.paid", NOW - 50));
    fake.addEvent(event("evt_2", "invoice.payment_failed", NOW - 40), { deliverySuccess: false });
    fake.addEvent(event("evt_3", "customer.subscription.updated", NOW - 30));
    fake.addEvent(event("evt_4", "charge.succeeded", NOW - 20), { deliverySuccess: false });
    fake.addEvent(event("evt_5", "invoice.paid", NOW - 10));
  });
  const ids = async (params: Stripe.EventListParams) => (await stripe.events.list(params)).data.map((item) => item.id);

  it("lists newest first and filters by types (stripe-node sends types[0]=…), wildcard type and exact type", async () => {
    expect(await ids({})).toEqual(["evt_5", "evt_4", "evt_3", "evt_2", "evt_1"]);
    expect(await ids({ types: ["charge.succeeded", "customer.subscription.updated"] })).toEqual(["evt_4", "evt_3"]);
    expect(await ids({ type: "invoice.*" })).toEqual(["evt_5", "evt_2", "evt_1"]);
    expect(await ids({ type: "customer.*" })).toEqual(["evt_3"]);
    expect(await ids({ type: "invoice.paid" })).toEqual(["evt_5", "evt_1"]);
  });

  it("filters by delivery_success and by created[gte], as the recovery recipe combines them", async () => {
    expect(await ids({ delivery_success: false })).toEqual(["evt_4", "evt_2"]);
    expect(await ids({ delivery_success: true })).toEqual(["evt_5", "evt_3", "evt_1"]);
    fake.setDeliverySuccess("evt_2", true);
    expect(await ids({ delivery_success: false })).toEqual(["evt_4"]);
    const evt3 = await stripe.events.retrieve("evt_3");
    expect(await ids({ created: { gte: evt3.created } })).toEqual(["evt_5", "evt_4", "evt_3"]);
    expect(await ids({ types: ["invoice.paid", "charge.succeeded"], delivery_success: true, ending_before: "evt_1" })).toEqual(["evt_5"]);
  });

  it("refuses more than 20 types, and type with types", async () => {
    const types = Array.from({ length: 21 }, (_, i) => `invoice.type_${i}`);
    expect(await rejection(stripe.events.list({ types }))).toMatchObject({ statusCode: 400, param: "types" });
    expect(await ids({ types: types.slice(0, 20) })).toEqual([]);
    expect(await rejection(stripe.events.list({ type: "invoice.*", types: ["invoice.paid"] }))).toMatchObject({ statusCode: 400 });
  });

  it("retrieves an event and removes one", async () => {
    expect(await stripe.events.retrieve("evt_2")).toMatchObject({ id: "evt_2", object: "event", type: "invoice.payment_failed", data: { object: { id: "obj_evt_2" } } });
    fake.removeEvent("evt_2");
    expect(await rejection(stripe.events.retrieve("evt_2"))).toMatchObject({ statusCode: 404, code: "resource_missing", message: "No such event: 'evt_2'" });
  });

  it("stores the event's object when asked to", async () => {
    fake.addEvent({ ...event("evt_sub", "customer.subscription.created", NOW), data: { object: subscription("sub_from_event", T0) } }, { storeObject: true });
    expect(await stripe.subscriptions.retrieve("sub_from_event")).toMatchObject({ customer: "cus_alice" });
    expect(await stripe.events.retrieve("evt_sub")).toMatchObject({ data: { object: { id: "sub_from_event" } } });
    const planEvent = { ...event("evt_plan", "plan.created", NOW), data: { object: { id: "plan_1", object: "plan" } } };
    expect(() => fake.addEvent(planEvent, { storeObject: true })).toThrow(/not held by the fake/);
    expect(await rejection(stripe.events.retrieve("evt_plan"))).toMatchObject({ statusCode: 404 });
  });
});

describe("the 30-day window", () => {
  let clockMs = T0 * 1000;
  let clocked: FakeStripe;
  let client: Stripe;
  beforeAll(async () => {
    clocked = await FakeStripe.start({ now: () => clockMs });
    client = new Stripe("sk_test_hookwarden", { ...clocked.clientOptions(), maxNetworkRetries: 0 });
  });
  afterAll(() => clocked.close());

  it("lists and retrieves an event for 30 days, then forgets it, as Stripe does", async () => {
    clocked.addEvent(event("evt_old", "invoice.paid", T0 - 29 * DAY));
    clocked.addEvent(event("evt_new", "invoice.paid", T0 - DAY));
    clocked.addThinEvent({ id: "evt_thin_old", type: "v1.billing.meter.error_report_triggered", created: new Date((T0 - 29 * DAY) * 1000).toISOString() });
    expect((await client.events.list()).data.map((item) => item.id)).toEqual(["evt_new", "evt_old"]);
    expect(await client.events.retrieve("evt_old")).toMatchObject({ id: "evt_old" });

    clockMs += 2 * DAY * 1000;
    expect((await client.events.list()).data.map((item) => item.id)).toEqual(["evt_new"]);
    expect(await rejection(client.events.retrieve("evt_old"))).toMatchObject({ statusCode: 404, code: "resource_missing" });
    expect(await rejection(client.events.list({ starting_after: "evt_old" }))).toMatchObject({ statusCode: 404 });
    expect(await rejection(client.v2.core.events.retrieve("evt_thin_old"))).toMatchObject({ statusCode: 404 });
  });
});

describe("faults", () => {
  it("serves each scripted status the stated number of times, as the error class stripe-node maps it to, with a request id", async () => {
    fake.putObject("customers", { id: "cus_alice" });
    fake.failNext({ path: "/v1/customers/cus_alice", status: 429, times: 1 });
    fake.failNext({ path: "/v1/customers/cus_alice", status: 500, times: 1 });
    fake.failNext({ method: "GET", path: /^\/v1\/customers\//, status: 404, times: 2 });

    const limited = await rejection(stripe.customers.retrieve("cus_alice"));
    expect(limited).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    expect(limited).toMatchObject({ statusCode: 429, code: "rate_limit", rawType: "rate_limit_error" });
    expect(limited.requestId).toMatch(/^req_/);
    const failed = await rejection(stripe.customers.retrieve("cus_alice"));
    expect(failed).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect(failed).toMatchObject({ statusCode: 500, rawType: "api_error" });
    expect(failed.requestId).toMatch(/^req_/);
    for (let i = 0; i < 2; i++) {
      const missing = await rejection(stripe.customers.retrieve("cus_alice"));
      expect(missing).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
      expect(missing).toMatchObject({ statusCode: 404, code: "resource_missing" });
    }
    expect(await stripe.customers.retrieve("cus_alice")).toMatchObject({ id: "cus_alice" });
    expect(fake.stats()).toMatchObject({ requests: 5, faultsServed: 4 });
  });

  it("apply before authentication, and only to the method and path they name", async () => {
    fake.failNext({ method: "GET", path: "/v1/events", status: 503, times: 1 });
    const anonymous = await fetch(`${fake.url}/v1/customers`);
    expect(anonymous.status).toBe(401);
    const faulted = await fetch(`${fake.url}/v1/events`);
    expect(faulted.status).toBe(503);
    expect(await faulted.json()).toMatchObject({ error: { type: "api_error" } });
  });

  it("refuses a malformed fault", () => {
    expect(() => fake.failNext({ path: "/v1/events", status: 418 as 404, times: 1 })).toThrow(TypeError);
    expect(() => fake.failNext({ path: "/v1/events", status: 500, times: 0 })).toThrow(TypeError);
  });
});

describe("rate limit", () => {
  let limited: FakeStripe;
  let client: Stripe;
  beforeAll(async () => {
    limited = await FakeStripe.start({ rateLimitPerSecond: 5 });
    client = new Stripe("sk_test_hookwarden", { ...limited.clientOptions(), maxNetworkRetries: 0 });
  });
  afterAll(() => limited.close());

  it("answers 429 to the requests beyond the limit in the trailing second, and counts them", async () => {
    limited.putObject("customers", { id: "cus_alice" });
    const outcomes = await Promise.allSettled(Array.from({ length: 12 }, () => client.customers.retrieve("cus_alice")));
    const rejected = outcomes.filter((outcome) => outcome.status === "rejected");
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(5);
    expect(rejected).toHaveLength(7);
    for (const outcome of rejected) expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    expect(limited.stats()).toMatchObject({ requests: 12, rateLimited: 7, maxInAnySecond: 12, byRoute: { "GET /v1/customers/:id": 12 } });
  });
});

describe("thin events (v2)", () => {
  it("are retrieved through stripe.v2.core.events.retrieve, and fetchRelatedObject() reads the object from the fake", async () => {
    fake.putObject("customers", { id: "cus_alice", email: "alice@example.com" });
    fake.addThinEvent({ id: "evt_thin_1", type: "v1.customer.updated", related_object: { id: "cus_alice", type: "customer", url: "/v1/customers/cus_alice" } });
    const thin = await stripe.v2.core.events.retrieve("evt_thin_1");
    expect(thin).toMatchObject({ id: "evt_thin_1", object: "v2.core.event", type: "v1.customer.updated", livemode: false });
    expect(Date.parse(thin.created)).not.toBeNaN();
    expect(await (thin as unknown as { fetchRelatedObject: () => Promise<unknown> }).fetchRelatedObject()).toMatchObject({ id: "cus_alice", email: "alice@example.com" });
  });

  it("answer an unknown id with v2's not_found, which stripe-node raises as StripeInvalidRequestError", async () => {
    const error = await rejection(stripe.v2.core.events.retrieve("evt_nobody"));
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({ statusCode: 404, rawType: "not_found", code: "not_found" });
  });
});

describe("the control API (/_fake/)", () => {
  afterEach(() => fake.reset());

  it("stores objects, events, thin events and faults that the API then serves", async () => {
    expect((await control("POST", "/_fake/objects/subscriptions", [subscription("sub_1", T0), subscription("sub_2", T0 + 1)])).status).toBe(200);
    expect((await stripe.subscriptions.list()).data.map((item) => item.id)).toEqual(["sub_2", "sub_1"]);
    const stored = await control("POST", "/_fake/events", [{ event: event("evt_1", "invoice.paid", NOW) }, { event: event("evt_2", "invoice.paid", NOW), deliverySuccess: false }]);
    expect(await stored.json()).toEqual({ stored: 2 });
    expect((await stripe.events.list({ delivery_success: false })).data.map((item) => item.id)).toEqual(["evt_2"]);
    expect((await control("POST", "/_fake/events/evt_2/delivery-success", { success: true })).status).toBe(200);
    expect((await stripe.events.list({ delivery_success: false })).data).toEqual([]);
    expect((await control("POST", "/_fake/thin-events", { id: "evt_thin", type: "v1.customer.updated" })).status).toBe(200);
    expect(await stripe.v2.core.events.retrieve("evt_thin")).toMatchObject({ id: "evt_thin" });
    expect((await control("POST", "/_fake/faults", { pathPattern: "^/v1/subscriptions/", status: 503, times: 1 })).status).toBe(200);
    expect(await rejection(stripe.subscriptions.retrieve("sub_1"))).toMatchObject({ statusCode: 503 });
    expect((await control("DELETE", "/_fake/objects/subscriptions/sub_1")).status).toBe(200);
    expect(await rejection(stripe.subscriptions.retrieve("sub_1"))).toMatchObject({ statusCode: 404 });
  });

  it("reports stats, resets them, and resets everything", async () => {
    await stripe.customers.list().catch(() => undefined);
    expect(await (await control("GET", "/_fake/stats")).json()).toMatchObject({ requests: 1, byRoute: { "GET /v1/customers": 1 } });
    expect(await (await control("POST", "/_fake/stats/reset")).json()).toMatchObject({ requests: 0 });
    fake.putObject("customers", { id: "cus_alice" });
    expect((await control("POST", "/_fake/reset")).status).toBe(200);
    expect(fake.getObject("customers", "cus_alice")).toBeUndefined();
  });

  it("answers bad input with 400 and a clear message, having changed nothing", async () => {
    const cases: [string, unknown, RegExp][] = [
      ["/_fake/objects/subscriptions", [subscription("sub_ok", T0), { status: "active" }], /item 1: .*id/],
      ["/_fake/objects/subscriptions", { id: "sub_x", created: "yesterday" }, /created must be an integer/],
      ["/_fake/objects/subscriptions", { id: "cus_x", object: "customer" }, /holds subscription objects/],
      ["/_fake/objects/products", { id: "prod_1" }, /unknown collection "products"/],
      ["/_fake/objects/subscriptions", "{not json", /not valid JSON/],
      ["/_fake/objects/subscriptions", [], /empty array/],
      ["/_fake/events", [{ event: event("evt_ok", "invoice.paid", NOW) }, { event: { id: "evt_bad" } }], /item 1: evt_bad: .*type/],
      ["/_fake/events", { event: event("evt_x", "invoice.paid", T0), deliverySuccess: "no" }, /deliverySuccess must be a boolean/],
      ["/_fake/events", event("evt_x", "invoice.paid", T0), /\{ event, deliverySuccess\?, storeObject\? \}/],
      ["/_fake/thin-events", { id: "evt_thin", type: "x", created: "not a time" }, /ISO 8601/],
      ["/_fake/faults", { path: "/v1/events", status: 402, times: 1 }, /status must be one of/],
      ["/_fake/faults", { pathPattern: "(", status: 500, times: 1 }, /not a valid RegExp/],
    ];
    for (const [path, body, message] of cases) {
      const answer = await control("POST", path, body);
      expect(answer.status, `${path} ${JSON.stringify(body)}`).toBe(400);
      expect(((await answer.json()) as { error: { message: string } }).error.message).toMatch(message);
    }
    expect(fake.getObject("subscriptions", "sub_ok")).toBeUndefined();
    expect(await rejection(stripe.events.retrieve("evt_ok"))).toMatchObject({ statusCode: 404 });
    expect(await stripe.events.list()).toMatchObject({ data: [] });
    expect(fake.stats().faultsServed).toBe(0); // the refused fault on /v1/events was not queued
  });

  it("refuses writes without Content-Type application/json, and requests for another Host, so that a web page cannot script it", async () => {
    const plain = await fetch(`${fake.url}/_fake/reset`, { method: "POST", body: "{}", headers: { "Content-Type": "text/plain" } });
    expect(plain.status).toBe(415);
    const { request } = await import("node:http");
    const status = await new Promise<number>((resolve, reject) => {
      const outgoing = request(`${fake.url}/_fake/stats`, { headers: { Host: `attacker.example:${fake.port}` } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      outgoing.on("error", reject);
      outgoing.end();
    });
    expect(status).toBe(403);
  });
});
