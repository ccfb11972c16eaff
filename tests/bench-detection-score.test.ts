import { describe, expect, it } from "vitest";
import { overall, scenarioFacts, scoreScenario } from "../scripts/bench-detection/score";
import type { DetectOutputLine } from "../server/evaluation/decision-feed";

const T0 = Date.parse("2026-11-11T14:00:00.000Z");
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();
const body = (type: string, id: string, customer = "cus_NormalCustomer01") => JSON.stringify({ id: `evt_${id}`, type, data: { object: { id, customer } } });
const normal = [
  { at: at(-600), source: "54.187.174.169", body: body("charge.succeeded", "ch_NormalCharge0001"), label: "normal" },
  { at: at(-300), source: "3.18.12.63", body: body("customer.updated", "cus_NormalCustomer01"), label: "normal" },
];
const attack = [0, 5, 10, 15].map((second, i) => ({ at: at(second), source: "54.187.174.169", body: body("charge.failed", `ch_AttackCharge000${i}`, "cus_CardTester00001"), label: "card-testing" }));
const decision = (seconds: number, kind: string, subject: string, explanation: Record<string, unknown> = {}): DetectOutputLine => ({ at: at(seconds), kind, endpoint: "default", subject, summary: kind, explanation });

describe("bench:detection's scoring", () => {
  const facts = scenarioFacts("card-testing", "attack", [...normal, ...attack]);

  it("counts an alarm naming the attack's customer as its detection, with the time and the attempts up to it", () => {
    const score = scoreScenario(facts, [
      decision(-100, "anomaly", "endpoint:default", { attack: false }),
      decision(11, "review_opened", "review:1", { customer: "cus_CardTester00001" }),
      decision(12, "customer_held", "customer:cus_CardTester00001"),
    ]);
    expect(score).toMatchObject({ detected: true, secondsToDetect: 11, attemptsBeforeDetection: 3, attackAttempts: 4, trueAlarms: 2, falseAlarms: 0, unmarkedAnomalies: 1 });
  });

  it("counts alarms about normal traffic as false: a normal customer's review, a block of Stripe's address, an attack-marked anomaly before the attack", () => {
    const score = scoreScenario(facts, [
      decision(-200, "review_opened", "review:2", { customer: "cus_NormalCustomer01" }),
      decision(2, "source_blocked", "source:54.187.174.169"),
      decision(-250, "anomaly", "endpoint:default", { attack: true }),
    ]);
    expect(score).toMatchObject({ detected: false, secondsToDetect: null, trueAlarms: 0, falseAlarms: 3, disruptiveFalseAlarms: 1 });
  });

  it("blocks of an attacker's address are the attack's, whose forged charges are no attempts; on a legitimate scenario every alarm is false", () => {
    const flood = scenarioFacts("forged-flood", "attack", [...normal, { at: at(0), source: "203.0.113.7", body: body("charge.succeeded", "ch_ForgedCharge0001"), label: "forged-flood" }]);
    expect(scoreScenario(flood, [decision(4, "source_blocked", "source:203.0.113.7")])).toMatchObject({ detected: true, secondsToDetect: 4, attemptsBeforeDetection: null });
    const legitimate = scenarioFacts("billing-run", "legitimate", normal);
    const score = scoreScenario(legitimate, [decision(0, "breaker_opened", "breaker:1", { attack: true }), decision(1, "anomaly", "endpoint:default", { attack: false })]);
    expect(score).toMatchObject({ detected: null, falseAlarms: 1, disruptiveFalseAlarms: 1, unmarkedAnomalies: 1 });
    expect(overall([score, scoreScenario(flood, [decision(4, "source_blocked", "source:203.0.113.7")])])).toEqual({ precision: 0.5, recall: 1, alarms: 2, attacks: 1, detected: 1 });
  });
});
