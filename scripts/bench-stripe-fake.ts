/**
 * `node --import tsx scripts/bench-stripe-fake.ts`: what does one list page cost the
 * Stripe fake (server/stripe-fake) when it holds 100,000 subscriptions?
 *
 * It loads 100,000 subscriptions shaped like Stripe's (one item, its price, ~1 kB of
 * JSON each), then measures:
 *   (a) in process, the fake's own work for one page of 100 (the list answer and its
 *       JSON), at the head of the list, deep in it (starting_after, ending_before) and
 *       under a created range: no HTTP, no client;
 *   (b) through the official `stripe` package over HTTP, paging through all 100,000
 *       with starting_after (1,000 pages): the client-observed time per page, and the total.
 * It prints p50/p99/max per case and the goal: a page well under 5 ms.
 *
 * Flags: --objects N (100000), --rounds N (300).
 */
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import Stripe from "stripe";
import { FakeAccount } from "../server/stripe-fake/fake-account";
import { FakeStripe } from "../server/stripe-fake/fake-stripe";
import { parseStripeQuery } from "../server/stripe-fake/parse-stripe-query";

const { values: flags } = parseArgs({ options: { objects: { type: "string", default: "100000" }, rounds: { type: "string", default: "300" } } });
const OBJECTS = Number(flags.objects);
const ROUNDS = Number(flags.rounds);
const START = 1_760_000_000;

function subscription(index: number) {
  const id = `sub_${String(index).padStart(24, "0")}`;
  const created = START + Math.floor(index / 3);
  return {
    id,
    object: "subscription",
    created,
    customer: `cus_${String(index % 20_000).padStart(14, "0")}`,
    status: index % 17 === 0 ? "canceled" : "active",
    currency: "usd",
    collection_method: "charge_automatically",
    cancel_at_period_end: false,
    canceled_at: null,
    current_period_start: created,
    current_period_end: created + 30 * 86_400,
    latest_invoice: `in_${String(index).padStart(24, "0")}`,
    livemode: false,
    metadata: { hookwarden_ref: `order_${index}` },
    items: {
      object: "list",
      has_more: false,
      url: `/v1/subscription_items?subscription=${id}`,
      data: [
        {
          id: `si_${String(index).padStart(14, "0")}`,
          object: "subscription_item",
          created,
          quantity: 1,
          subscription: id,
          current_period_start: created,
          current_period_end: created + 30 * 86_400,
          price: {
            id: "price_pro_monthly",
            object: "price",
            active: true,
            currency: "usd",
            product: "prod_hookwarden_pro",
            recurring: { interval: "month", interval_count: 1, usage_type: "licensed" },
            type: "recurring",
            unit_amount: 2900,
            unit_amount_decimal: "2900",
          },
        },
      ],
    },
  };
}

function summary(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return `p50 ${at(0.5).toFixed(3)} ms   p99 ${at(0.99).toFixed(3)} ms   max ${sorted[sorted.length - 1]!.toFixed(3)} ms   (n=${sorted.length})`;
}

function time(work: () => void): number {
  const started = performance.now();
  work();
  return performance.now() - started;
}

const objects = Array.from({ length: OBJECTS }, (_, index) => subscription(index));
console.log(`${OBJECTS} subscriptions, ${(JSON.stringify(objects[0]).length / 1024).toFixed(1)} kB of JSON each`);

// (a) in process
const account = new FakeAccount(Date.now);
console.log(`load in created order: ${time(() => objects.forEach((object) => account.putObject("subscriptions", object))).toFixed(0)} ms`);
const shuffled = new FakeAccount(Date.now);
const order = [...objects].sort(() => Math.random() - 0.5);
const loadShuffled = time(() => order.forEach((object) => shuffled.putObject("subscriptions", object)));
const firstSort = time(() => shuffled.listObjects("subscriptions", parseStripeQuery("limit=1")));
console.log(`load in random order: ${loadShuffled.toFixed(0)} ms, then the first read sorts once: ${firstSort.toFixed(0)} ms`);

const middle = objects[Math.floor(OBJECTS / 2)]!;
const cases: [string, string][] = [
  ["head of the list", "limit=100"],
  ["starting_after, middle", `limit=100&starting_after=${middle.id}`],
  ["ending_before, middle", `limit=100&ending_before=${middle.id}`],
  ["created[gte]&created[lt]", `limit=100&created[gte]=${middle.created - 1000}&created[lt]=${middle.created}`],
  ["status=all, customer=", `limit=100&status=all&customer=${middle.customer}`],
];
console.log("\n(a) in process: list answer + JSON.stringify, one page of 100");
for (const [name, search] of cases) {
  const samples: number[] = [];
  for (let round = 0; round < ROUNDS; round++) samples.push(time(() => JSON.stringify(account.listObjects("subscriptions", parseStripeQuery(search)))));
  console.log(`  ${name.padEnd(28)} ${summary(samples)}`);
}

// (b) through the stripe package over HTTP
const fake = await FakeStripe.start();
try {
  for (const object of objects) fake.putObject("subscriptions", object);
  const stripe = new Stripe("sk_test_bench", { ...fake.clientOptions(), maxNetworkRetries: 0 });
  const elapsed: number[] = [];
  const started = performance.now();
  let seen = 0;
  let startingAfter: string | undefined;
  for (let hasMore = true; hasMore; ) {
    const requested = performance.now();
    const page = await stripe.subscriptions.list({ limit: 100, status: "all", starting_after: startingAfter });
    elapsed.push(performance.now() - requested);
    seen += page.data.length;
    startingAfter = page.data[page.data.length - 1]?.id;
    hasMore = page.has_more;
  }
  const total = performance.now() - started;
  console.log(`\n(b) stripe-node over HTTP, paging through all ${seen} with starting_after, 100 a page`);
  console.log(`  per page (client-observed)   ${summary(elapsed)}`);
  console.log(`  total ${total.toFixed(0)} ms for ${elapsed.length} pages (${((elapsed.length / total) * 1000).toFixed(0)} pages/s)`);
  if (seen !== OBJECTS) throw new Error(`paged ${seen} subscriptions, expected ${OBJECTS}`);
} finally {
  await fake.close();
}
