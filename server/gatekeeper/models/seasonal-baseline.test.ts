import { describe, expect, it } from "vitest";
import { mulberry32 } from "./mulberry32";
import { SeasonalBaseline, type SeasonalBaselineOptions } from "./seasonal-baseline";

/** The z above which the gatekeeper would trip; the baseline has to stay below it for normal traffic. */
const TRIP_Z = 6;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Monday 2026-01-05 00:00 UTC. */
const MONDAY = Date.UTC(2026, 0, 5);

/** Deliveries per minute with a daily cycle (quiet at 03:00, busy at 15:00) and quieter weekends. */
function dailyCycle(base: number) {
  return (ms: number) => {
    const hour = ((ms - MONDAY) / HOUR) % 24;
    const weekday = Math.floor((ms - MONDAY) / DAY) % 7;
    return base * (1 + 0.8 * Math.sin((2 * Math.PI * (hour - 9)) / 24)) * (weekday >= 5 ? 0.5 : 1);
  };
}

/** Poisson counts from a seeded generator (normal approximation above 60). */
function poissonSampler(seed: number) {
  const random = mulberry32(seed);
  return (mean: number) => {
    if (mean > 60) return Math.max(0, Math.round(mean + Math.sqrt(mean) * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())));
    const limit = Math.exp(-mean);
    let k = 0;
    for (let p = random(); p > limit; p *= random()) k++;
    return k;
  };
}

function learn(baseline: SeasonalBaseline, from: number, minutes: number, valueAt: (ms: number) => number) {
  const scores = [];
  for (let i = 0; i < minutes; i++) scores.push(baseline.update(from + i * MINUTE, valueAt(from + i * MINUTE)));
  return scores;
}

function trained(base: number, weeks: number, options: SeasonalBaselineOptions = {}) {
  const mean = dailyCycle(base);
  const sample = poissonSampler(base);
  const baseline = new SeasonalBaseline(options);
  learn(baseline, MONDAY, weeks * 7 * 1440, (ms) => sample(mean(ms)));
  return { baseline, mean, sample, end: MONDAY + weeks * 7 * DAY };
}

describe("SeasonalBaseline", () => {
  it("scores a normal week of a daily cycle low at every hour, and a 20× minute far above the trip level", () => {
    const { baseline, mean, sample, end } = trained(20, 2);
    const week = learn(baseline, end, 7 * 1440, (ms) => sample(mean(ms)));

    expect(week.every((s) => !s.coldStart && s.profile === "hour-of-week")).toBe(true);
    const absZ = week.map((s) => Math.abs(s.z));
    expect(Math.max(...absZ)).toBeLessThan(TRIP_Z);
    expect(absZ.reduce((sum, z) => sum + z, 0) / absZ.length).toBeLessThan(1);

    const next = end + 7 * DAY;
    for (const hour of [3, 9, 15, 21]) {
      const at = next + hour * HOUR;
      const quiet = baseline.score(at, Math.round(mean(at)));
      const spike = baseline.score(at, Math.round(20 * mean(at)));
      expect(Math.abs(quiet.z)).toBeLessThan(1.5);
      expect(spike.z).toBeGreaterThan(3 * TRIP_Z);
    }
  });

  it.each([
    ["linear", (step: number) => 1 + 9 * (step / 240)],
    ["geometric", (step: number) => Math.pow(10, step / 240)],
  ])("follows a %s 10× ramp over 4 hours at high volume, while a 20× jump in one minute stays far above the trip level", (_shape, factor) => {
    const { baseline, mean, sample, end } = trained(200, 2);
    const rampStart = end + 9 * HOUR;
    learn(baseline, end, 9 * 60, (ms) => sample(mean(ms)));
    const jumped = SeasonalBaseline.fromJSON(baseline.toJSON());

    const ramp = learn(baseline, rampStart, 241, (ms) => sample(mean(ms) * factor((ms - rampStart) / MINUTE)));
    const last = ramp[ramp.length - 1]!;
    expect(last.value).toBeGreaterThan(8 * mean(rampStart + 240 * MINUTE));
    expect(Math.abs(last.z)).toBeLessThan(TRIP_Z / 2);
    expect(last.levelRatio).toBeGreaterThan(5);

    const jump = jumped.score(rampStart, Math.round(20 * mean(rampStart)));
    expect(jump.z).toBeGreaterThan(10 * TRIP_Z);
  });

  it("is not desensitised by a one-minute burst: the next burst scores nearly as high", () => {
    const { baseline, mean, sample, end } = trained(200, 2);
    learn(baseline, end, 10 * 60, (ms) => sample(mean(ms)));
    const at = end + 10 * HOUR;
    const first = baseline.update(at, Math.round(20 * mean(at)));
    const second = baseline.score(at + MINUTE, Math.round(20 * mean(at + MINUTE)));
    expect(first.z).toBeGreaterThan(10 * TRIP_Z);
    expect(second.levelRatio / first.levelRatio).toBeLessThan(1.05);
    expect(second.z).toBeGreaterThan(0.85 * first.z);
  });

  it("widens the spread of an hour whose level differs from week to week (a weekly batch job), not of the steady hours", () => {
    const batchByWeek = [10, 40, 25, 55];
    const baseline = new SeasonalBaseline();
    const batchHour = (ms: number) => (ms - MONDAY) % (7 * DAY) >= 10 * HOUR && (ms - MONDAY) % (7 * DAY) < 11 * HOUR;
    learn(baseline, MONDAY, 4 * 7 * 1440, (ms) => (batchHour(ms) ? batchByWeek[Math.floor((ms - MONDAY) / (7 * DAY))]! : 20));

    const nextMonday = MONDAY + 4 * 7 * DAY;
    learn(baseline, nextMonday, 10 * 60, () => 20);
    const batch = baseline.score(nextMonday + 10 * HOUR, 55);
    expect(batch.seasonalMedian).toBe(32.5);
    expect(batch.spread).toBeGreaterThan(15);
    expect(Math.abs(batch.z)).toBeLessThan(2);
    const steady = baseline.score(nextMonday + 9 * HOUR, 55);
    expect(steady.spread).toBeLessThan(6);
    expect(steady.z).toBeGreaterThan(TRIP_Z);
  });

  it("gives a finite z with the documented floors on an all-zero or flat history", () => {
    const zeros = new SeasonalBaseline();
    learn(zeros, MONDAY, 2 * 1440, () => 0);
    const quiet = zeros.score(MONDAY + 2 * DAY, 0);
    expect(quiet).toMatchObject({ coldStart: false, expected: 0, spread: 1, z: 0 });
    expect(zeros.score(MONDAY + 2 * DAY, 12).z).toBe(12);

    const flat = new SeasonalBaseline();
    learn(flat, MONDAY, 2 * 1440, () => 16);
    const same = flat.score(MONDAY + 2 * DAY, 16);
    expect(same).toMatchObject({ coldStart: false, expected: 16, spread: 5, z: 0 });
    expect(flat.score(MONDAY + 2 * DAY, 36).z).toBe(4);

    const share = new SeasonalBaseline({ valueKind: "measure", minSpread: 0.02 });
    learn(share, MONDAY, 2 * 1440, () => 0);
    expect(share.score(MONDAY + 2 * DAY, 0.5)).toMatchObject({ spread: 0.02, z: 25 });
  });

  it("flags cold start until a day of history, then uses the same hour of other days until the hour of the week has been seen", () => {
    const baseline = new SeasonalBaseline();
    expect(baseline.score(MONDAY, 3)).toMatchObject({ coldStart: true, coldStartReason: "history", profile: "none", historyPoints: 0, level: null });

    learn(baseline, MONDAY, 1439, () => 3);
    expect(baseline.score(MONDAY + 1439 * MINUTE, 3)).toMatchObject({ coldStart: true, coldStartReason: "history" });
    learn(baseline, MONDAY + 1439 * MINUTE, 1, () => 3);
    const tuesday = baseline.score(MONDAY + DAY, 3);
    expect(tuesday).toMatchObject({ coldStart: false, coldStartReason: null, profile: "hour-of-day", slot: 24, seasonalMedian: 3 });

    learn(baseline, MONDAY + DAY, 6 * 1440, () => 3);
    expect(baseline.score(MONDAY + 7 * DAY, 3)).toMatchObject({ coldStart: false, profile: "hour-of-week", slot: 0, slotPoints: 60 });
  });

  it("flags a slot whose hour has never been seen as cold, whatever the history", () => {
    const baseline = new SeasonalBaseline({ minHistoryPoints: 60 });
    learn(baseline, MONDAY, 3 * 60, () => 5);
    expect(baseline.score(MONDAY + 3 * HOUR, 5)).toMatchObject({ coldStart: true, coldStartReason: "slot", profile: "none", expected: 5 });
    expect(baseline.score(MONDAY + 1 * HOUR + 7 * DAY, 5)).toMatchObject({ coldStart: false, profile: "hour-of-week", slot: 1 });
  });

  it("places minutes in hours of the week from Monday 00:00, in the endpoint's time zone", () => {
    const utc = new SeasonalBaseline();
    expect(utc.score(MONDAY, 0).slot).toBe(0);
    expect(utc.score(new Date(MONDAY - 30 * MINUTE), 0).slot).toBe(167);
    expect(utc.score(MONDAY + 2 * DAY + 13 * HOUR + 59 * MINUTE, 0).slot).toBe(2 * 24 + 13);
    const paris = new SeasonalBaseline({ timeZoneOffsetMinutes: 60 });
    expect(paris.score(MONDAY - 30 * MINUTE, 0).slot).toBe(0);
    const newYork = new SeasonalBaseline({ timeZoneOffsetMinutes: -300 });
    expect(newYork.score(MONDAY + 4 * HOUR, 0).slot).toBe(167);
  });

  it("survives a JSON round trip: the restored baseline scores and learns exactly like the original", () => {
    const { baseline, mean, sample, end } = trained(20, 1);
    learn(baseline, end, 90, (ms) => sample(mean(ms)));
    const restored = SeasonalBaseline.fromJSON(JSON.parse(JSON.stringify(baseline)));
    expect(restored.toJSON()).toEqual(baseline.toJSON());
    for (let i = 0; i < 120; i++) {
      const at = end + 90 * MINUTE + i * MINUTE;
      const value = sample(mean(at)) * (i === 60 ? 20 : 1);
      expect(restored.update(at, value)).toEqual(baseline.update(at, value));
    }
    expect(JSON.stringify(baseline).length).toBeLessThan(40_000);
  });

  it("refuses a stored state that is not one it wrote, rather than scoring with it", () => {
    const state = new SeasonalBaseline().toJSON();
    expect(() => SeasonalBaseline.fromJSON({ ...state, version: 2 })).toThrow();
    expect(() => SeasonalBaseline.fromJSON({ ...state, hours: state.hours.slice(1) })).toThrow();
    expect(() => SeasonalBaseline.fromJSON("{}")).toThrow();
  });

  it("learns a history given out of order as if it came in order", () => {
    const sample = poissonSampler(3);
    const history = Array.from({ length: 2 * 1440 }, (_, i) => ({ at: new Date(MONDAY + i * MINUTE), value: sample(10) }));
    const shuffled = [...history].sort((a, b) => (a.value - b.value) || (b.at.getTime() - a.at.getTime()));
    expect(SeasonalBaseline.fromHistory(shuffled).toJSON()).toEqual(SeasonalBaseline.fromHistory(history).toJSON());
  });

  it("refuses negative or non-finite values and invalid times instead of learning them", () => {
    const baseline = new SeasonalBaseline();
    expect(() => baseline.update(MONDAY, -1)).toThrow(RangeError);
    expect(() => baseline.update(MONDAY, Number.NaN)).toThrow(RangeError);
    expect(() => baseline.score(new Date("not a date"), 1)).toThrow(RangeError);
    expect(baseline.toJSON().historyPoints).toBe(0);
  });
});
