/**
 * How `npm run bench:detection` judges one replay: which decisions are alarms, whether each is attributable to
 * the attack or to normal traffic, and the figures per scenario (detected, time to detect, attempts before
 * detection, false alarms) and overall (precision over alarms, recall over attack scenarios).
 */
import { STRIPE_WEBHOOK_ADDRESSES } from "../../server/gatekeeper/sources/stripe-webhook-addresses";
import type { DetectOutputLine } from "../../server/evaluation/decision-feed";

/** Decision kinds that are alarms. `anomaly` is one only when its explanation marks an attack (`attack: true`). */
export const ALARM_KINDS = ["source_blocked", "source_refused", "anomaly", "breaker_opened", "review_opened", "customer_held"] as const;
/** On a legitimate burst, any of these is a target missed (the issue: zero breaker trips and zero review items). */
export const DISRUPTIVE_KINDS = ["breaker_opened", "review_opened", "customer_held"];
/** An alarm that names nothing of either side counts for the attack when it comes this soon after the attack's last line. */
const ATTACK_GRACE_MS = 30 * 60_000;

const ADDRESS = /\b(?:\d{1,3}\.){3}\d{1,3}\b/g;
const IS_ADDRESS = /^(?:\d{1,3}\.){3}\d{1,3}$/;
const STRIPE_ID = /\b(?:evt|cus|pi|ch|cs_live|cs_test|pm|in|sub)_[A-Za-z0-9]{8,}/g;
const STRIPE_ADDRESSES = new Set(STRIPE_WEBHOOK_ADDRESSES);

/** What the bench knows of a scenario file: its labels, and what each side (attack, normal) is made of. */
export type ScenarioFacts = {
  name: string;
  kind: "attack" | "legitimate";
  lines: number;
  attackLines: number;
  firstAttackAt: number | null;
  lastAttackAt: number | null;
  /** Times of the attack's charge attempts (charge.* events from Stripe's addresses), for card testing and probing. */
  attackAttemptTimes: number[];
  /** Addresses outside Stripe's list and Stripe object ids that appear in attack lines. */
  attackEntities: Set<string>;
  /** The same for normal lines. */
  normalEntities: Set<string>;
  /** Addresses that sent at least one attack line. */
  attackSources: Set<string>;
};

type FileLine = { at: string; source: string; body: string; label?: string };

export function scenarioFacts(name: string, kind: "attack" | "legitimate", lines: readonly FileLine[]): ScenarioFacts {
  const facts: ScenarioFacts = {
    name,
    kind,
    lines: lines.length,
    attackLines: 0,
    firstAttackAt: null,
    lastAttackAt: null,
    attackAttemptTimes: [],
    attackEntities: new Set(),
    normalEntities: new Set(),
    attackSources: new Set(),
  };
  for (const line of lines) {
    const attack = line.label !== undefined && line.label !== "normal";
    const entities = attack ? facts.attackEntities : facts.normalEntities;
    if (!STRIPE_ADDRESSES.has(line.source)) entities.add(line.source);
    for (const id of line.body.match(STRIPE_ID) ?? []) entities.add(id);
    if (!attack) continue;
    const at = Date.parse(line.at);
    facts.attackLines += 1;
    facts.attackSources.add(line.source);
    facts.firstAttackAt = Math.min(facts.firstAttackAt ?? at, at);
    facts.lastAttackAt = Math.max(facts.lastAttackAt ?? at, at);
    // Attempts are the attack's own charges that Stripe sent (card testing, probing); a replayed charge is not one.
    if (STRIPE_ADDRESSES.has(line.source) && /"type":"charge\.(failed|succeeded)"/.test(line.body)) facts.attackAttemptTimes.push(at);
  }
  // An id seen on both sides (a replayed event) tells nothing: addresses decide then.
  for (const id of facts.attackEntities) if (facts.normalEntities.has(id) && !IS_ADDRESS.test(id)) facts.attackEntities.delete(id);
  facts.attackAttemptTimes.sort((a, b) => a - b);
  return facts;
}

export type Alarm = { line: DetectOutputLine; at: number; side: "attack" | "normal" };

export function isAlarm(line: DetectOutputLine): boolean {
  if (!(ALARM_KINDS as readonly string[]).includes(line.kind)) return false;
  return line.kind !== "anomaly" || line.explanation.attack === true;
}

/** Whose doing an alarm is: a source alarm by its address, others by the ids and addresses they name, else by when they came. */
export function attribute(line: DetectOutputLine, facts: ScenarioFacts): "attack" | "normal" {
  if (facts.kind === "legitimate") return "normal";
  if (line.kind === "source_blocked" || line.kind === "source_refused") {
    const address = line.subject.replace(/^source:/, "");
    return facts.attackSources.has(address) && !STRIPE_ADDRESSES.has(address) ? "attack" : "normal";
  }
  const text = `${line.subject} ${JSON.stringify(line.explanation)}`;
  const named = [...(text.match(ADDRESS) ?? []), ...(text.match(STRIPE_ID) ?? [])];
  if (named.some((entity) => facts.attackEntities.has(entity))) return "attack";
  if (named.some((entity) => facts.normalEntities.has(entity))) return "normal";
  const at = Date.parse(line.at);
  return facts.firstAttackAt !== null && at >= facts.firstAttackAt && at <= facts.lastAttackAt! + ATTACK_GRACE_MS ? "attack" : "normal";
}

export type ScenarioScore = {
  name: string;
  kind: "attack" | "legitimate";
  detected: boolean | null;
  /** First attack alarm's virtual time minus the first attack line's, in seconds. */
  secondsToDetect: number | null;
  /** Attack attempts (charges) at or before the first attack alarm; null when the attack has none. */
  attemptsBeforeDetection: number | null;
  attackAttempts: number;
  trueAlarms: number;
  falseAlarms: number;
  /** Breaker trips and review items (opened, customers held) among the false alarms. */
  disruptiveFalseAlarms: number;
  alarmsByKind: Record<string, number>;
  /** Anomalies whose explanation does not mark an attack: reported, not counted. */
  unmarkedAnomalies: number;
};

export function scoreScenario(facts: ScenarioFacts, output: readonly DetectOutputLine[]): ScenarioScore {
  const alarms: Alarm[] = output.filter(isAlarm).map((line) => ({ line, at: Date.parse(line.at), side: attribute(line, facts) }));
  alarms.sort((a, b) => a.at - b.at);
  const first = alarms.find((alarm) => alarm.side === "attack");
  const falseAlarms = alarms.filter((alarm) => alarm.side === "normal");
  const alarmsByKind: Record<string, number> = {};
  for (const alarm of alarms) alarmsByKind[alarm.line.kind] = (alarmsByKind[alarm.line.kind] ?? 0) + 1;
  const attack = facts.kind === "attack";
  return {
    name: facts.name,
    kind: facts.kind,
    detected: attack ? first !== undefined : null,
    secondsToDetect: attack && first && facts.firstAttackAt !== null ? (first.at - facts.firstAttackAt) / 1000 : null,
    attemptsBeforeDetection: attack && first && facts.attackAttemptTimes.length > 0 ? facts.attackAttemptTimes.filter((at) => at <= first.at).length : null,
    attackAttempts: facts.attackAttemptTimes.length,
    trueAlarms: alarms.length - falseAlarms.length,
    falseAlarms: falseAlarms.length,
    disruptiveFalseAlarms: falseAlarms.filter((alarm) => DISRUPTIVE_KINDS.includes(alarm.line.kind)).length,
    alarmsByKind,
    unmarkedAnomalies: output.filter((line) => line.kind === "anomaly" && line.explanation.attack !== true).length,
  };
}

/** Precision over every alarm of every scenario; recall over attack scenarios (an attack counts as found when any alarm is its own). */
export function overall(scores: readonly ScenarioScore[]): { precision: number | null; recall: number | null; alarms: number; attacks: number; detected: number } {
  const trueAlarms = scores.reduce((sum, score) => sum + score.trueAlarms, 0);
  const alarms = trueAlarms + scores.reduce((sum, score) => sum + score.falseAlarms, 0);
  const attacks = scores.filter((score) => score.kind === "attack");
  const detected = attacks.filter((score) => score.detected).length;
  return { precision: alarms > 0 ? trueAlarms / alarms : null, recall: attacks.length > 0 ? detected / attacks.length : null, alarms, attacks: attacks.length, detected };
}
