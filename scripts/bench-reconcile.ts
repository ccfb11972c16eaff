/**
 * `npm run bench:reconcile`: a drift audit over 100,000 subscriptions against the local
 * Stripe fake, with the live-mode read limit, as an operator would run it.
 *
 * A throwaway embedded PostgreSQL holds the mirror: every subscription Stripe has,
 * with a share (--drift, 1%) changed at Stripe since, so the audit has findings to
 * repair. The fake answers 429 beyond Stripe's live limit (100 requests in any second)
 * so a 429 we provoked would show. Hookwarden runs with its live default (90/s, from an
 * rk_live_ key); the run is a real one (not a dry run): each finding is repaired
 * through a repair event, as in production.
 *
 * Prints: wall time, requests made, objects compared per request, achieved request
 * rate and its ratio to the allowed rate, 429s (provoked and received), the most
 * requests in any second, findings and repairs. Targets: ≥ 90 objects per request,
 * ≥ 80% of the allowed rate used, no 429 provoked.
 *
 * Flags: --subscriptions N (100000), --drift PERCENT (1), --load-wait SECONDS (90),
 * --latency MS (0: the fake's added delay per response, to see how round trips cost).
 * Exit code 0 when it ran (targets may be missed), 1 when the run failed.
 */
import { randomBytes } from "node:crypto";
import { availableParallelism, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { waitForQuietMachine } from "./bench/child-phase";
import { startTestPostgres } from "../tests/support/start-postgres";
import { applyMigrations } from "../server/embedded/apply-migrations";

const TARGETS = { objectsPerRequest: 90, rateShare: 0.8 };
/** Stripe's live read limit, which the fake enforces; Hookwarden's own default is below it. */
const STRIPE_LIVE_LIMIT = 100;

const { values } = parseArgs({
  options: {
    subscriptions: { type: "string", default: "100000" },
    drift: { type: "string", default: "1" },
    "load-wait": { type: "string", default: "90" },
    latency: { type: "string", default: "0" },
  },
});

function number(name: string, text: string, min: number): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < min) {
    console.error(`--${name} must be a number ≥ ${min}, not "${text}"`);
    process.exit(2);
  }
  return value;
}

const count = Math.floor(number("subscriptions", values.subscriptions, 1));
const driftShare = number("drift", values.drift, 0) / 100;
const loadWait = number("load-wait", values["load-wait"], 0);
const latencyMs = number("latency", values.latency, 0);
const say = (text: string) => process.stdout.write(`${text}\n`);

say(`bench:reconcile: drift audit over ${count} subscriptions, ${(driftShare * 100).toFixed(1)}% drifted, ${availableParallelism()} cores, load average ${loadavg().map((load) => load.toFixed(2)).join(" ")}, ${new Date().toISOString()}`);

const postgres = await startTestPostgres("bench_reconcile");
try {
  await applyMigrations(postgres.url);
  process.env.DATABASE_URL = postgres.url;
  process.env.HOOKWARDEN_ENCRYPTION_KEY = randomBytes(32).toString("base64");
  process.env.NEXTAUTH_SECRET = randomBytes(32).toString("base64");
  process.env.HOOKWARDEN_LOG_LEVEL = "warn";
  delete process.env.HOOKWARDEN_STRIPE_READ_RATE;

  const { FakeStripe } = await import("../server/stripe-fake/fake-stripe");
  const fake = await FakeStripe.start({ rateLimitPerSecond: STRIPE_LIVE_LIMIT, latencyMs });
  process.env.HOOKWARDEN_STRIPE_API_BASE = fake.url;
  const { reloadEnv } = await import("../server/env");
  reloadEnv();
  const { addEndpoint } = await import("../server/endpoints/add-endpoint");
  const { setEndpointStripeKey } = await import("../server/endpoints/set-endpoint-stripe-key");
  const { startReconciliation } = await import("../server/reconcile/start-reconciliation");
  const { getReconciliationOrThrow } = await import("../server/reconcile/list-reconciliations");
  const { pool, disconnect } = await import("../server/db");
  const context = { actor: { kind: "cli" as const, label: "cli:bench" }, sourceAddress: null };

  await addEndpoint({ name: "bench" });
  await setEndpointStripeKey({ name: "bench", apiKey: `rk_live_bench${randomBytes(8).toString("hex")}` }, context);

  const seedStarted = performance.now();
  const created = Math.floor(Date.now() / 1000) - 30 * 86_400;
  const periodEnd = Math.floor(Date.now() / 1000) + 20 * 86_400;
  const drifted = new Set<number>();
  const step = driftShare > 0 ? Math.max(1, Math.round(1 / driftShare)) : 0;
  for (let index = 0; step > 0 && index < count; index += step) drifted.add(index);
  for (let index = 0; index < count; index += 1) {
    fake.putObject("subscriptions", {
      id: `sub_bench${String(index).padStart(7, "0")}`,
      object: "subscription",
      customer: `cus_bench${index}`,
      status: drifted.has(index) ? "canceled" : "active",
      created: created + Math.floor(index / 10),
      currency: "usd",
      cancel_at_period_end: false,
      livemode: true,
      metadata: {},
      items: { object: "list", data: [{ id: `si_bench${index}`, object: "subscription_item", price: { id: "price_pro", object: "price", product: "prod_pro" }, quantity: 1, current_period_end: periodEnd }] },
    });
  }
  await pool().query(
    `INSERT INTO subscription (id, customer_id, status, price_id, product_id, quantity, current_period_end, cancel_at_period_end, last_event_created_at, last_event_type, updated_at)
     SELECT 'sub_bench' || lpad(n::text, 7, '0'), 'cus_bench' || n, 'active', 'price_pro', 'prod_pro', 1, to_timestamp($1), false, now() - interval '1 day',
            'customer.subscription.updated', now() - interval '1 day'
     FROM generate_series(0, $2 - 1) AS n`,
    [periodEnd, count],
  );
  await pool().query(`VACUUM (ANALYZE) subscription`);
  say(`  seeded ${count} subscriptions at the fake and in the mirror (${drifted.size} drifted at Stripe) in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);

  await waitForQuietMachine("the audit", loadWait, say);
  fake.resetStats();
  const started = performance.now();
  const run = await startReconciliation({ kind: "drift_audit", endpoint: "bench" }, context, { wait: true });
  const seconds = (performance.now() - started) / 1000;
  const done = await getReconciliationOrThrow(run.id, { findingsLimit: 1 });
  const stats = fake.stats();
  const loadAfter = loadavg()[0]!;

  const requests = stats.requests;
  const subscriptionRequests = stats.byRoute["GET /v1/subscriptions"] ?? 0;
  const compared = done.progress.compared ?? 0;
  const objectsPerRequest = compared / Math.max(1, subscriptionRequests);
  const allowed = done.progress.allowedRate ?? 0;
  const achieved = requests / seconds;
  const share = achieved / allowed;
  const provoked = stats.rateLimited;
  const pass = (ok: boolean) => (ok ? "PASS" : "MISSED");

  say("");
  say(`run ${done.status}${done.error ? `: ${done.error}` : ""}; load average ${loadAfter.toFixed(2)} after`);
  say(`  wall time                      ${seconds.toFixed(1)} s`);
  say(`  requests made                  ${requests} (${subscriptionRequests} subscription pages, ${requests - subscriptionRequests} others)`);
  say(`  objects compared               ${compared}`);
  say(`  objects per request            ${objectsPerRequest.toFixed(1)}   target ≥ ${TARGETS.objectsPerRequest}  ${pass(objectsPerRequest >= TARGETS.objectsPerRequest)}`);
  say(`  achieved / allowed rate        ${achieved.toFixed(1)} / ${allowed} per s = ${(share * 100).toFixed(1)}%   target ≥ ${TARGETS.rateShare * 100}%  ${pass(share >= TARGETS.rateShare)}`);
  say(`  most requests in any second    ${stats.maxInAnySecond} (Stripe's live limit ${STRIPE_LIVE_LIMIT})`);
  say(`  429s provoked / received       ${provoked} / ${done.progress.throttled ?? 0}   target 0  ${pass(provoked === 0)}`);
  say(`  rate-limiter waits             ${done.progress.rateLimitWaits ?? 0} (${((done.progress.rateLimitWaitMs ?? 0) / 1000).toFixed(1)} s in all)`);
  say(`  findings / repaired            ${done.findings} / ${done.repaired} (expected ${drifted.size})`);
  await fake.close();
  await disconnect();
  process.exitCode = done.status === "succeeded" ? 0 : 1;
} finally {
  await postgres.stop();
}
