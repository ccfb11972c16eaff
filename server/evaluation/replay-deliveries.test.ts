import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { stripeSignatureHeader } from "@/cli/simulate/sign";
import { checkoutSession, newPaymentFlow, stripeEvent, type StripeEventJson } from "@/cli/simulate/stripe-events";
import { useFreshDatabase } from "@/tests/support/fresh-database";
import { endpointWithSecret } from "@/tests/support/intake";
import { disconnect, pool } from "../db";
import type { DetectOutputLine } from "./decision-feed";
import { replayDeliveries } from "./replay-deliveries";
import { parseReplayText, readReplayFile } from "./replay-line";

const ticks = vi.hoisted(() => [] as string[]);
vi.mock("../gatekeeper/run-gatekeeper-tick", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../gatekeeper/run-gatekeeper-tick")>();
  return {
    runGatekeeperTick: async (now: Date, options?: { evaluate?: boolean }) => {
      ticks.push(now.toISOString());
      return actual.runGatekeeperTick(now, options);
    },
  };
});

const T0 = Date.parse("2026-11-09T12:00:00.000Z");
const STRIPE_ADDRESS = "3.18.12.63";

function line(endpoint: string, atMs: number, body: string, signature: string, source = STRIPE_ADDRESS): string {
  return JSON.stringify({ at: new Date(atMs).toISOString(), endpoint, source, headers: { "stripe-signature": signature, "content-type": "application/json" }, body, label: "normal" });
}
const genuine = (endpoint: string, secret: string, atMs: number, event: StripeEventJson) => {
  const body = JSON.stringify(event);
  return line(endpoint, atMs, body, stripeSignatureHeader(body, secret, Math.floor((atMs - 300) / 1000)));
};

beforeAll(async () => {
  await useFreshDatabase("replay");
});
afterAll(() => disconnect());

describe("replaying deliveries on a virtual clock (hookwarden detect)", () => {
  it("answers a genuine delivery 200 and records it at its virtual time and source, a forged one 400, and reports a payment that matches nothing as a quarantine", async () => {
    const { name, secret } = await endpointWithSecret();
    const customer = stripeEvent("customer.created", { id: "cus_ReplayTest0001", object: "customer", email: "replay@example.com" });
    const unknownPayment = stripeEvent("checkout.session.completed", checkoutSession(newPaymentFlow({ reference: "order_never_registered" })));
    const forgedBody = JSON.stringify(stripeEvent("payment_intent.succeeded", { id: "pi_ReplayForged0001", object: "payment_intent", amount: 5000, currency: "usd" }));
    const text = [
      genuine(name, secret, T0, customer),
      line(name, T0 + 10_000, forgedBody, `t=${Math.floor(T0 / 1000) + 10},v1=${"0".repeat(64)}`, "203.0.113.5"),
      genuine(name, secret, T0 + 20_000, unknownPayment),
      "",
    ].join("\n");
    const output: DetectOutputLine[] = [];
    ticks.length = 0;

    const summary = await replayDeliveries(parseReplayText(text), { emit: (decision) => output.push(decision), tailMs: 2 * 60_000 });

    expect(summary).toMatchObject({ kind: "summary", deliveries: 3, answers: { "200": 2, "400": 1 }, decisions: { quarantine: 1 } });
    const recorded = await pool().query<{ first_received_at: Date; source_ip: string; status: string }>(
      `SELECT e.first_received_at, d.source_ip, e.status FROM stripe_event e JOIN delivery d ON d.event_id = e.id WHERE e.stripe_event_id = $1`,
      [customer.id],
    );
    expect(recorded.rows).toEqual([{ first_received_at: new Date(T0), source_ip: STRIPE_ADDRESS, status: "ignored" }]);
    expect(await pool().query(`SELECT 1 FROM stripe_event WHERE stripe_event_id = $1`, [JSON.parse(forgedBody).id])).toMatchObject({ rowCount: 0 });

    expect(output).toEqual([
      expect.objectContaining({ at: new Date(T0 + 20_000).toISOString(), kind: "quarantine", endpoint: name, subject: `event:${unknownPayment.id}`, summary: expect.stringContaining("unknown_reference") }),
    ]);
    for (const decision of output) expect(JSON.parse(JSON.stringify(decision))).toEqual(decision);
    // Ticks: the first delivery, each one 5 s or more after the last tick, then every virtual minute of the tail.
    expect(ticks).toEqual([T0, T0 + 10_000, T0 + 20_000, T0 + 80_000, T0 + 140_000].map((at) => new Date(at).toISOString()));
  });

  it("ticks every virtual minute across a gap in the traffic, and never more often than every 5 s while deliveries flow", async () => {
    const { name, secret } = await endpointWithSecret();
    const event = (id: string) => stripeEvent("customer.updated", { id, object: "customer" });
    const text = [0, 2_000, 4_000, 6_000, 5 * 60_000].map((offset, i) => genuine(name, secret, T0 + offset, event(`cus_ReplayGap000${i}`))).join("\n");
    ticks.length = 0;

    const summary = await replayDeliveries(parseReplayText(text), { emit: () => undefined, tailMs: 0 });

    expect(summary.answers).toEqual({ "200": 5 });
    expect(ticks).toEqual([0, 6_000, 66_000, 126_000, 186_000, 246_000, 300_000].map((offset) => new Date(T0 + offset).toISOString()));
  });

  it("refuses a malformed line with its number before anything is replayed, and sorts the rest by time", () => {
    const good = JSON.stringify({ at: "2026-11-09T12:00:05Z", endpoint: "default", source: "3.18.12.63", headers: {}, body: "{}" });
    const earlier = JSON.stringify({ at: "2026-11-09T12:00:00Z", endpoint: "default", source: "::1", headers: {}, body: "{}", extra: 1 });
    expect(parseReplayText(`${good}\n${earlier}\n`).map((delivery) => delivery.lineNumber)).toEqual([2, 1]);
    expect(() => parseReplayText(`${good}\n{"at":"yesterday","endpoint":"default","source":"3.18.12.63","headers":{},"body":"{}"}`)).toThrow(/line 2: at: at must be an ISO 8601 time/);
    expect(() => parseReplayText(`${good}\n\n{not json`)).toThrow(/line 3: not JSON/);
    expect(() => parseReplayText(good.replace('"3.18.12.63"', '"stripe.com"'))).toThrow(/line 1: source: source must be an IPv4 or IPv6 address/);
    expect(() => parseReplayText(good.replace('"body":"{}"', '"body":{}'))).toThrow(/line 1: body/);
    expect(() => readReplayFile("/nonexistent/replay.jsonl")).toThrow(/cannot read \/nonexistent\/replay.jsonl/);
  });
});
