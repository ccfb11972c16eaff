import { describe, expect, it } from "vitest";
import { STRIPE_WEBHOOK_ADDRESSES } from "../../../server/gatekeeper/sources/stripe-webhook-addresses";
import { ReplayLineSchema } from "../../../server/evaluation/replay-line";
import { verifyStripeSignature } from "../../../server/verification/verify-stripe-signature";
import { DETECTION_SCENARIO_NAMES, DETECTION_SCENARIOS, generateDetectionScenario, HISTORY_DAYS, type DetectionScenarioName } from "./detection-scenarios";
import type { ScenarioLine } from "./scenario-builder";

const SECRET = "whsec_detection_scenario_test_0001";
const options = { seed: 7, secret: SECRET, endpoint: "default" };
const STRIPE = new Set(STRIPE_WEBHOOK_ADDRESSES);
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

type TestedCharge = { amount: number; customer: string; status: string; outcome: { reason: string | null }; payment_method_details: { card: { fingerprint: string } } };

const cache = new Map<string, ScenarioLine[]>();
function scenario(name: DetectionScenarioName, seed = options.seed): ScenarioLine[] {
  const key = `${name}:${seed}`;
  if (!cache.has(key)) cache.set(key, generateDetectionScenario(name, { ...options, seed }));
  return cache.get(key)!;
}

const typeOf = (line: ScenarioLine) => (JSON.parse(line.body) as { type: string }).type;
const verifies = (line: ScenarioLine) =>
  verifyStripeSignature({
    payload: Buffer.from(line.body, "utf8"),
    header: line.headers["stripe-signature"],
    secrets: [{ id: "s1", secret: SECRET }],
    toleranceSeconds: 300,
    now: Math.floor(Date.parse(line.at) / 1000),
  }).ok;

describe("detection scenarios (simulate --out)", () => {
  it("writes the same lines for the same seed, and other lines for another seed", () => {
    const again = generateDetectionScenario("card-testing", options);
    expect(JSON.stringify(again)).toBe(JSON.stringify(scenario("card-testing")));
    expect(scenario("card-testing", 8)[0]!.body).not.toBe(scenario("card-testing")[0]!.body);
  });

  it("labels every line: an attack's own lines with its name, the rest normal; legitimate bursts are all normal", () => {
    for (const name of ["card-testing", "forged-flood", "billing-run"] as const) {
      const lines = scenario(name);
      const labels = new Set(lines.map((line) => line.label));
      expect(labels).toEqual(DETECTION_SCENARIOS[name].kind === "attack" ? new Set(["normal", name]) : new Set(["normal"]));
      for (const line of lines.slice(0, 50)) expect(ReplayLineSchema.safeParse(line).success).toBe(true);
    }
    expect(DETECTION_SCENARIO_NAMES.filter((name) => DETECTION_SCENARIOS[name].kind === "legitimate")).toEqual(["normal-days", "billing-run", "black-friday", "retry-burst"]);
  });

  it("orders lines by time; genuine lines come from Stripe's addresses, signed a few hundred ms before they arrive, and verify with the secret", () => {
    const lines = scenario("card-testing");
    for (let i = 1; i < lines.length; i++) expect(lines[i]!.at >= lines[i - 1]!.at).toBe(true);
    for (const line of lines) {
      expect(STRIPE.has(line.source)).toBe(true);
      const t = Number(/^t=(\d+),/.exec(line.headers["stripe-signature"]!)![1]);
      const lead = Date.parse(line.at) - t * 1000;
      expect(lead).toBeGreaterThanOrEqual(100);
      expect(lead).toBeLessThan(2_000);
    }
    expect(lines.every(verifies)).toBe(true);
  });

  it("has realistic mixes: Checkout payments, declines, invoices, subscriptions, customers; card testing is small declined charges across many cards", () => {
    const lines = scenario("card-testing");
    const types = new Set(lines.map(typeOf));
    for (const type of ["payment_intent.created", "charge.succeeded", "payment_intent.succeeded", "checkout.session.completed", "charge.failed", "payment_intent.payment_failed", "invoice.paid", "customer.subscription.updated", "customer.created"]) {
      expect(types).toContain(type);
    }
    const charges = lines.filter((line) => line.label === "card-testing" && typeOf(line).startsWith("charge.")).map((line) => (JSON.parse(line.body) as { data: { object: TestedCharge } }).data.object);
    expect(charges.length).toBe(120);
    expect(charges.every((charge) => charge.amount <= 100)).toBe(true);
    expect(new Set(charges.map((charge) => charge.payment_method_details.card.fingerprint)).size).toBeGreaterThan(60);
    expect(new Set(charges.map((charge) => charge.customer)).size).toBeLessThanOrEqual(2);
    const declines = new Set(charges.filter((charge) => charge.status === "failed").map((charge) => charge.outcome.reason));
    expect(declines).toEqual(new Set(["generic_decline", "incorrect_cvc", "insufficient_funds"]));
    expect(charges.some((charge) => charge.status === "succeeded")).toBe(true);
  });

  it("forges the flood: addresses outside Stripe's list, signatures that do not verify, ramping from about 50 to 5,000 a minute", () => {
    const flood = scenario("forged-flood").filter((line) => line.label === "forged-flood");
    expect(flood.some(verifies)).toBe(false);
    expect(flood.some((line) => STRIPE.has(line.source))).toBe(false);
    expect(new Set(flood.map((line) => line.source)).size).toBe(5);
    const first = Date.parse(flood[0]!.at);
    const inMinute = (from: number) => flood.filter((line) => Date.parse(line.at) >= first + from * MINUTE && Date.parse(line.at) < first + (from + 1) * MINUTE).length;
    expect(inMinute(0)).toBeLessThan(1_200);
    expect(inMinute(3)).toBeGreaterThan(4_500);
  });

  it("replays captured deliveries verbatim from one address outside Stripe's list, some still inside the 5-minute tolerance", () => {
    const lines = scenario("replay-attack");
    const genuine = new Map(lines.filter((line) => line.label === "normal").map((line) => [line.headers["stripe-signature"], line]));
    const replays = lines.filter((line) => line.label === "replay-attack");
    expect(new Set(replays.map((line) => line.source))).toEqual(new Set(["203.0.113.99"]));
    for (const replay of replays) {
      const original = genuine.get(replay.headers["stripe-signature"]);
      expect(original?.body).toBe(replay.body);
      expect(original!.at < replay.at).toBe(true);
    }
    const fresh = replays.filter(verifies).length;
    expect(fresh).toBeGreaterThan(replays.length * 0.2);
    expect(fresh).toBeLessThan(replays.length * 0.6);
  });

  it("signs the leaked-secret forgeries correctly, from outside Stripe's list, for payments nobody else mentions", () => {
    const lines = scenario("leaked-secret");
    const forged = lines.filter((line) => line.label === "leaked-secret");
    expect(forged.length).toBeGreaterThan(100);
    expect(forged.every(verifies)).toBe(true);
    expect(forged.some((line) => STRIPE.has(line.source))).toBe(false);
    expect(new Set(forged.map(typeOf))).toEqual(new Set(["payment_intent.succeeded", "checkout.session.completed"]));
    const normal = lines.filter((line) => line.label === "normal").map((line) => line.body).join("\n");
    const intents = forged.map((line) => (JSON.parse(line.body) as { data: { object: { payment_intent?: string; id: string } } }).data.object).map((object) => object.payment_intent ?? object.id);
    expect(intents.filter((id) => normal.includes(id))).toEqual([]);
  });

  it("runs the billing run at 00:00 UTC on the 1st at 20 times the normal rate of invoice events", () => {
    const lines = scenario("billing-run");
    const run = Date.parse(lines[lines.length - 1]!.at.slice(0, 8) + "01T00:00:00.000Z");
    expect(new Date(run).getUTCDate()).toBe(1);
    const invoices = lines.filter((line) => typeOf(line).startsWith("invoice."));
    const history = invoices.filter((line) => Date.parse(line.at) < run).length / (HISTORY_DAYS * 24 * 60);
    const window = invoices.filter((line) => Date.parse(line.at) >= run && Date.parse(line.at) < run + 45 * MINUTE).length / 45;
    expect(window / history).toBeGreaterThan(17);
    expect(window / history).toBeLessThan(24);
  });

  it("leaves a two-hour hole for our downtime, then Stripe delivers its backlog fast: fresh signatures, events created up to two hours earlier", () => {
    const lines = scenario("retry-burst");
    const day = Date.parse(lines[0]!.at.slice(0, 10)) + HISTORY_DAYS * DAY;
    const down = day + 10 * 60 * MINUTE;
    const inside = lines.filter((line) => Date.parse(line.at) >= down && Date.parse(line.at) < down + 120 * MINUTE);
    expect(inside).toEqual([]);
    const backlog = lines.filter((line) => Date.parse(line.at) >= down + 120 * MINUTE && Date.parse(line.at) < down + 137 * MINUTE);
    const age = backlog.map((line) => Date.parse(line.at) / 1000 - (JSON.parse(line.body) as { created: number }).created);
    expect(backlog.length).toBeGreaterThan(60);
    expect(Math.max(...age)).toBeGreaterThan(100 * 60);
    expect(backlog.every(verifies)).toBe(true);
  });
});
