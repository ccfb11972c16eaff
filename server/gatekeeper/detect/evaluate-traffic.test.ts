import { describe, expect, it } from "vitest";
import { SeasonalBaseline } from "../models/seasonal-baseline";
import { EndpointModel } from "./endpoint-model";
import { score, TRIP_Z } from "./evaluate-traffic";
import { emptyCounts, type TrafficCounts } from "./traffic-features";

const MINUTE = 60_000;
const now = Date.UTC(2026, 10, 27, 14, 30, 20);

/** Two days of minutes with a daily cycle: about 10 deliveries and 4 success events a minute at 14:00 UTC. */
function modelWithHistory(): EndpointModel {
  const model = new EndpointModel("00000000-0000-4000-8000-000000000001");
  const deliveries: { at: number; value: number }[] = [];
  const success: { at: number; value: number }[] = [];
  for (let at = now - 2 * 86_400_000; at < now - MINUTE; at += MINUTE) {
    const hour = new Date(at).getUTCHours();
    const level = 4 + 6 * Math.sin((Math.PI * hour) / 24);
    const jitter = ((at / MINUTE) % 5) - 2;
    deliveries.push({ at, value: Math.max(0, Math.round(level + jitter)) });
    success.push({ at, value: Math.max(0, Math.round(level * 0.4 + (jitter % 2))) });
  }
  model.deliveries = SeasonalBaseline.fromHistory(deliveries);
  model.success = SeasonalBaseline.fromHistory(success);
  model.stats = { deliveries: 20_000, outsideShare: 0, successShareMedian: 0.4, replaysP99: 0, failuresP99: 0, minutesWithTraffic: 2_800 };
  return model;
}

function window(counts: Partial<TrafficCounts>): TrafficCounts {
  return { ...emptyCounts(), sources: ["3.18.12.63", "54.187.174.169"], sourceCount: 2, ...counts };
}

describe("the traffic rules", () => {
  it("a burst of success events without the events around real payments trips the breaker for those types, with the baseline in the explanation", () => {
    const findings = score(modelWithHistory(), window({ deliveries: 70, firstDeliveries: 70, successEvents: 66, typeCounts: { "payment_intent.succeeded": 66, "customer.created": 4 } }), now);
    const burst = findings.find((finding) => finding.rule === "success_burst");
    expect(burst?.trip).toBe(true);
    expect(burst?.eventTypes).toEqual(["payment_intent.succeeded"]);
    const [success] = (burst!.explanation.features as { z: number; expected: number }[]);
    expect(success!.z).toBeGreaterThanOrEqual(TRIP_Z);
    expect(success!.expected).toBeGreaterThan(0);
    expect(burst!.summary).toMatch(/success events in the last minute against .* expected \(z /);
  });

  it("the same burst is Stripe catching up when most events were created over an hour ago: noted, not tripped", () => {
    const findings = score(modelWithHistory(), window({ deliveries: 160, firstDeliveries: 160, successEvents: 66, staleEvents: 150, typeCounts: { "payment_intent.succeeded": 66, "payment_intent.created": 94 } }), now);
    expect(findings.some((finding) => finding.trip)).toBe(false);
    expect(findings.find((finding) => finding.rule === "volume")?.summary).toMatch(/Stripe catching up/);
  });

  it("a tenfold burst with the usual mix from Stripe's addresses (a sale, a billing run) is noted, never tripped", () => {
    const findings = score(modelWithHistory(), window({ deliveries: 100, firstDeliveries: 100, successEvents: 42, typeCounts: { "payment_intent.succeeded": 42, "payment_intent.created": 58 } }), now);
    expect(findings.map((finding) => [finding.rule, finding.trip])).toEqual([["volume", false]]);
  });

  it("a surge of exact replays trips the breaker for the replayed types", () => {
    const findings = score(modelWithHistory(), window({ deliveries: 15, replays: 12, replayTypeCounts: { "charge.succeeded": 12 } }), now);
    expect(findings.find((finding) => finding.rule === "replay_surge")).toMatchObject({ trip: true, eventTypes: ["charge.succeeded"] });
  });

  it("verified deliveries from unusual sources trip it on an endpoint that hears from Stripe's addresses, but not behind an unconfigured proxy", () => {
    const attack = window({ deliveries: 12, firstDeliveries: 4, successEvents: 4, unusualDeliveries: 4, outsideDeliveries: 4, unusualTypeCounts: { "checkout.session.completed": 4 }, typeCounts: { "checkout.session.completed": 4 } });
    expect(score(modelWithHistory(), attack, now).find((finding) => finding.rule === "unusual_sources")).toMatchObject({ trip: true, eventTypes: ["checkout.session.completed"] });
    const proxied = modelWithHistory();
    proxied.stats = { ...proxied.stats, outsideShare: 1 };
    expect(score(proxied, attack, now).some((finding) => finding.rule === "unusual_sources")).toBe(false);
    const young = modelWithHistory();
    young.stats = { ...young.stats, deliveries: 50 };
    expect(score(young, attack, now).some((finding) => finding.rule === "unusual_sources")).toBe(false);
  });

  it("in cold start only the conservative fixed limits apply", () => {
    const cold = new EndpointModel("00000000-0000-4000-8000-000000000002");
    expect(score(cold, window({ deliveries: 60, firstDeliveries: 60, successEvents: 60, typeCounts: { "charge.succeeded": 60 } }), now).some((f) => f.trip)).toBe(false);
    const flood = score(cold, window({ deliveries: 320, firstDeliveries: 320, successEvents: 310, typeCounts: { "charge.succeeded": 310, "customer.created": 10 } }), now);
    expect(flood.find((finding) => finding.rule === "success_burst")?.trip).toBe(true);
  });
});
