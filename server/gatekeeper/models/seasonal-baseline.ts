import { z } from "zod";
import { MAD_TO_SIGMA, robustStats } from "./robust-stats";

/** What a series counts: `count` (deliveries per minute: Poisson-like noise) or `measure` (a share, an age, a size). */
export type ValueKind = "count" | "measure";

type CommonOptions = {
  /** Half-life of the EWMA level, in minutes: how fast the baseline follows a lasting change. Default 30. */
  halfLifeMinutes?: number;
  /** The endpoint's local time, in minutes east of UTC (a fixed offset: no daylight-saving shifts), for placing minutes in hours of the week. Default 0 (UTC). */
  timeZoneOffsetMinutes?: number;
  /** Below this many learned minutes in all, the baseline is in cold start. Default 1,440 (one day). */
  minHistoryPoints?: number;
  /** Below this many learned minutes behind the hour's profile, the baseline is in cold start. Default 30. */
  minSlotPoints?: number;
  /** A finished hour with fewer minutes than this (a restart in the middle of it) is left out of the profile. Default 10. */
  minHourPoints?: number;
  /** How many past occurrences of each hour of the week the profile keeps (one a week). Default 6. */
  weeksKept?: number;
  /** Bounds of the level ratio that scales the seasonal median. Default [0.1, 10]. */
  levelRatioRange?: readonly [number, number];
  /** A minute enters the level at most this many spreads away from what was expected. Default 6 (the caller's trip level). */
  learnClampZ?: number;
};

export type SeasonalBaselineOptions = CommonOptions &
  (
    | { valueKind?: "count"; /** Floor of the spread, in the series' unit. Default 1. */ minSpread?: number }
    | { valueKind: "measure"; /** Floor of the spread, in the series' unit (a measure has no natural one: say what difference is noise). */ minSpread: number }
  );

export type SeasonalScore = {
  /** The value scored. */
  value: number;
  /** What the baseline expected for this minute: the profile's median scaled by the level ratio (the level alone in cold start). */
  expected: number;
  /** The noise allowed around `expected`, in the series' unit: never below the floor, widened by `spreadInflation`. */
  spread: number;
  /** Robust z-score, `(value − expected) / spread`. Only meaningful when `coldStart` is false. */
  z: number;
  /** Hour of the week in the endpoint's time zone, 0 = Monday 00:00–00:59, 167 = Sunday 23:00–23:59. */
  slot: number;
  /** Which past hours the median and spread come from: this hour of the week, this hour of any day (the first week), or none. */
  profile: "hour-of-week" | "hour-of-day" | "none";
  /** The profile's median for this slot (before the level ratio), or null without a profile. */
  seasonalMedian: number | null;
  /** The EWMA level of the recent minutes, or null before the first one. */
  level: number | null;
  /** How much higher (above 1) or lower the recent minutes run than the profile predicted for them, clamped. */
  levelRatio: number;
  /** How much the spread is widened because recent minutes kept missing the baseline (1 = not at all, at most `learnClampZ / 0.8`). */
  spreadInflation: number;
  /** Minutes behind the profile used. */
  slotPoints: number;
  /** Minutes learned in all. */
  historyPoints: number;
  /** True when there is too little history: the caller must use its fixed limits instead of `z`. */
  coldStart: boolean;
  coldStartReason: "history" | "slot" | null;
};

type Resolved = {
  valueKind: ValueKind;
  minSpread: number;
  halfLifeMinutes: number;
  timeZoneOffsetMinutes: number;
  minHistoryPoints: number;
  minSlotPoints: number;
  minHourPoints: number;
  weeksKept: number;
  levelRatioRange: [number, number];
  learnClampZ: number;
};

/** One finished hour: the median, MAD and mean of its minutes, and how many there were. */
type HourSummary = { median: number; mad: number; mean: number; count: number };

type Profile = { kind: "hour-of-week" | "hour-of-day"; median: number; sigma: number; mean: number; points: number };

/** E|Z| for a standard normal Z (√(2/π)): the mean absolute z-score of a baseline that fits. */
const TYPICAL_ABS_Z = Math.sqrt(2 / Math.PI);
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const SLOTS = 168;
/** 1970-01-01 was a Thursday: day 0 is weekday 3 when Monday is 0. */
const EPOCH_WEEKDAY = 3;

const positive = z.number().finite().positive();
const ResolvedSchema = z.object({
  valueKind: z.enum(["count", "measure"]),
  minSpread: positive,
  halfLifeMinutes: positive,
  timeZoneOffsetMinutes: z.number().int().min(-24 * 60).max(24 * 60),
  minHistoryPoints: z.number().int().nonnegative(),
  minSlotPoints: z.number().int().nonnegative(),
  minHourPoints: z.number().int().min(1),
  weeksKept: z.number().int().min(1),
  levelRatioRange: z.tuple([positive, positive]).refine(([low, high]) => low <= 1 && high >= 1, "levelRatioRange must contain 1"),
  learnClampZ: positive,
});
const finite = z.number().finite();
const SeasonalBaselineStateSchema = z.object({
  version: z.literal(1),
  options: ResolvedSchema,
  level: finite.nullable(),
  seasonalLevel: finite.nullable(),
  missLevel: finite.nonnegative(),
  historyPoints: z.number().int().nonnegative(),
  collecting: z.object({ hour: z.number().int(), values: z.array(finite) }).nullable(),
  /** Per slot, the kept hours oldest first, each `[median, mad, mean, count]`: tuples keep the database row small. */
  hours: z.array(z.array(z.tuple([finite, finite, finite, z.number().int().positive()]))).length(SLOTS),
});
export type SeasonalBaselineState = z.infer<typeof SeasonalBaselineStateSchema>;

/**
 * The baseline of one scalar series of an endpoint (deliveries per minute, rejected share, …),
 * learned from the endpoint's own minutes. Pure: no clock, no I/O; time comes in with each value.
 *
 * - Seasonal profile: each of the 168 hours of the week keeps a summary (median, MAD, mean) of
 *   its last `weeksKept` occurrences. A slot's median is the median of those hourly medians (each
 *   week counts once, whatever its volume); its spread combines the typical within-hour noise
 *   (median of the hourly MADs × 1.4826) with how much the hourly medians differ between weeks
 *   (their MAD × 1.4826, from three weeks on). The hour being collected is never part of its own
 *   profile. In the first week, a slot without enough minutes borrows the same hour of the other
 *   days (`profile: "hour-of-day"`), so one day of history is enough to leave cold start.
 * - Level: an EWMA of the recent minutes (half-life `halfLifeMinutes`, counted in updates: one a
 *   minute, zeros included), next to an EWMA of what the profile predicted for those same minutes
 *   (the slots' means). Their ratio r, clamped to `levelRatioRange`, scales the profile:
 *   `expected = (median + f)·r − f`, where f is `minSpread` (so a profile of zeros can still follow
 *   a rise). A minute enters the level at most `learnClampZ` spreads away from what was expected,
 *   so a one-minute burst barely moves it.
 * - Spread: `max(sigma·r, minSpread, √expected + 1 for counts)`, times the spread inflation. The
 *   floor keeps a flat or all-zero history from giving a zero spread (and an infinite z);
 *   √expected + 1 is Poisson noise. The inflation is an EWMA (same half-life) of the recent |z|
 *   (each capped at `learnClampZ`) over 0.8, the |z| of a baseline that fits: while the minutes
 *   keep missing the baseline by a few spreads, as during a slow ramp that the level trails, the
 *   spread widens (up to 7.5×) instead of the ramp tripping; a single jump barely moves it.
 *   Together: a 10× ramp over 4 hours ends below z 2.5; a 20× minute scores from about 6 (under
 *   one delivery a minute) to the hundreds.
 *   A lasting step is learned too (a 20× step stops scoring above 6 after 10 to 190 minutes,
 *   sooner at low volume): while an incident is open, call `score` instead of `update`.
 * - Cold start: fewer than `minHistoryPoints` minutes in all, or fewer than `minSlotPoints` behind
 *   the slot's profile. The score then still carries numbers (against the level) but `coldStart`
 *   says the caller must use its fixed limits.
 *
 * Values must be finite and non-negative (every gatekeeper feature is).
 */
export class SeasonalBaseline {
  private readonly options: Resolved;
  private readonly hours: HourSummary[][];
  private level: number | null = null;
  private seasonalLevel: number | null = null;
  private missLevel = TYPICAL_ABS_Z;
  private historyPoints = 0;
  private collecting: { hour: number; values: number[] } | null = null;

  constructor(options: SeasonalBaselineOptions = {}) {
    const valueKind = options.valueKind ?? "count";
    this.options = ResolvedSchema.parse({
      valueKind,
      minSpread: options.minSpread ?? 1,
      halfLifeMinutes: options.halfLifeMinutes ?? 30,
      timeZoneOffsetMinutes: options.timeZoneOffsetMinutes ?? 0,
      minHistoryPoints: options.minHistoryPoints ?? 1440,
      minSlotPoints: options.minSlotPoints ?? 30,
      minHourPoints: options.minHourPoints ?? 10,
      weeksKept: options.weeksKept ?? 6,
      levelRatioRange: [...(options.levelRatioRange ?? [0.1, 10])],
      learnClampZ: options.learnClampZ ?? 6,
    }) as Resolved;
    this.hours = Array.from({ length: SLOTS }, () => []);
  }

  /** Learns a history of points in time order (whatever order they come in): the way to build a baseline from stored minutes. */
  static fromHistory(history: readonly { at: Date | number; value: number }[], options: SeasonalBaselineOptions = {}): SeasonalBaseline {
    const baseline = new SeasonalBaseline(options);
    const ordered = history.map((point) => ({ ms: toMs(point.at), value: point.value })).sort((a, b) => a.ms - b.ms);
    for (const point of ordered) baseline.update(point.ms, point.value);
    return baseline;
  }

  /** Scores a minute against what has been learned so far, without learning it. */
  score(at: Date | number, value: number): SeasonalScore {
    return this.evaluate(toMs(at), value).scored;
  }

  private evaluate(ms: number, value: number): { scored: SeasonalScore; profile: Profile | null; rawZ: number } {
    checkValue(value);
    const { minSpread, valueKind, levelRatioRange, minHistoryPoints } = this.options;
    const slot = slotOf(ms, this.options.timeZoneOffsetMinutes);
    const profile = this.profileFor(slot);
    const countFloor = (expected: number) => (valueKind === "count" ? Math.sqrt(expected) + 1 : 0);
    const coldStartReason = this.historyPoints < minHistoryPoints ? "history" : profile === null ? "slot" : null;

    if (profile === null) {
      const expected = this.level ?? 0;
      const spread = Math.max(minSpread, countFloor(expected));
      const scored = this.result({ value, expected, spread, spreadInflation: 1, slot, profile: "none", seasonalMedian: null, levelRatio: 1, slotPoints: 0, coldStartReason });
      return { scored, profile, rawZ: scored.z };
    }

    let levelRatio = 1;
    if (this.level !== null && this.seasonalLevel !== null) {
      levelRatio = clamp((this.level + minSpread) / (this.seasonalLevel + minSpread), levelRatioRange[0], levelRatioRange[1]);
    }
    const expected = Math.max(0, (profile.median + minSpread) * levelRatio - minSpread);
    const rawSpread = Math.max(profile.sigma * levelRatio, minSpread, countFloor(expected));
    const spreadInflation = Math.max(1, this.missLevel / TYPICAL_ABS_Z);
    const spread = rawSpread * spreadInflation;
    const scored = this.result({ value, expected, spread, spreadInflation, slot, profile: profile.kind, seasonalMedian: profile.median, levelRatio, slotPoints: profile.points, coldStartReason });
    return { scored, profile, rawZ: (value - expected) / rawSpread };
  }

  /**
   * Learns one finished minute, and returns its score against what was known before it (so the
   * caller can score and learn in one call). Call it for every minute, zeros included: the level's
   * half-life counts updates. Medians and the clamped level keep a one-off burst out of the
   * baseline, and a lasting change is learned on purpose; so while an incident is open, call
   * `score` instead, or the attack becomes the baseline that would notice its relapse. Minutes
   * should come in time order; one older than the hour being collected moves the level but not
   * the profile.
   */
  update(at: Date | number, value: number): SeasonalScore {
    const ms = toMs(at);
    const { scored, profile, rawZ } = this.evaluate(ms, value);
    const { learnClampZ, halfLifeMinutes, timeZoneOffsetMinutes } = this.options;

    const learned = scored.coldStart ? value : clamp(value, scored.expected - learnClampZ * scored.spread, scored.expected + learnClampZ * scored.spread);
    const predicted = profile?.mean ?? learned;
    if (this.level === null || this.seasonalLevel === null) {
      this.level = learned;
      this.seasonalLevel = predicted;
    } else {
      const alpha = 1 - Math.pow(2, -1 / halfLifeMinutes);
      this.level += alpha * (learned - this.level);
      this.seasonalLevel += alpha * (predicted - this.seasonalLevel);
      if (!scored.coldStart) this.missLevel += alpha * (Math.min(Math.abs(rawZ), learnClampZ) - this.missLevel);
    }

    const hour = Math.floor((ms + timeZoneOffsetMinutes * MINUTE_MS) / HOUR_MS);
    if (this.collecting === null || hour > this.collecting.hour) {
      if (this.collecting !== null) this.finishHour(this.collecting);
      this.collecting = { hour, values: [value] };
    } else if (hour === this.collecting.hour) {
      this.collecting.values.push(value);
    }

    this.historyPoints += 1;
    return scored;
  }

  /** The whole state as plain JSON-safe data, for a database row (a few tens of kB at most). */
  toJSON(): SeasonalBaselineState {
    return {
      version: 1,
      options: { ...this.options, levelRatioRange: [...this.options.levelRatioRange] },
      level: this.level,
      seasonalLevel: this.seasonalLevel,
      missLevel: this.missLevel,
      historyPoints: this.historyPoints,
      collecting: this.collecting === null ? null : { hour: this.collecting.hour, values: [...this.collecting.values] },
      hours: this.hours.map((kept) => kept.map((h): [number, number, number, number] => [h.median, h.mad, h.mean, h.count])),
    };
  }

  /** Restores a baseline from `toJSON()`'s output; throws on anything else rather than scoring with a corrupt state. */
  static fromJSON(json: unknown): SeasonalBaseline {
    const state = SeasonalBaselineStateSchema.parse(json);
    const baseline = new SeasonalBaseline(state.options as SeasonalBaselineOptions);
    baseline.level = state.level;
    baseline.seasonalLevel = state.seasonalLevel;
    baseline.missLevel = state.missLevel;
    baseline.historyPoints = state.historyPoints;
    baseline.collecting = state.collecting === null ? null : { hour: state.collecting.hour, values: [...state.collecting.values] };
    state.hours.forEach((kept, slot) => {
      baseline.hours[slot] = kept.map(([median, mad, mean, count]) => ({ median, mad, mean, count }));
    });
    return baseline;
  }

  private result(parts: Omit<SeasonalScore, "z" | "level" | "historyPoints" | "coldStart">): SeasonalScore {
    return {
      ...parts,
      z: (parts.value - parts.expected) / parts.spread,
      level: this.level,
      historyPoints: this.historyPoints,
      coldStart: parts.coldStartReason !== null,
    };
  }

  private finishHour(collected: { hour: number; values: number[] }): void {
    if (collected.values.length < this.options.minHourPoints) return;
    const stats = robustStats(collected.values);
    const slot = slotOf(collected.hour * HOUR_MS, 0);
    const kept = this.hours[slot]!;
    kept.push({ median: stats.median, mad: stats.mad, mean: stats.mean, count: stats.count });
    if (kept.length > this.options.weeksKept) kept.shift();
  }

  private profileFor(slot: number): Profile | null {
    const own = this.hours[slot]!;
    if (own.length > 0 && points(own) >= this.options.minSlotPoints) return summarize("hour-of-week", own);
    const hourOfDay = slot % 24;
    const sameHour = Array.from({ length: 7 }, (_, day) => this.hours[day * 24 + hourOfDay]!).flat();
    if (sameHour.length > 0 && points(sameHour) >= this.options.minSlotPoints) return summarize("hour-of-day", sameHour);
    return null;
  }
}

function summarize(kind: Profile["kind"], kept: HourSummary[]): Profile {
  const medians = robustStats(kept.map((h) => h.median));
  const within = MAD_TO_SIGMA * robustStats(kept.map((h) => h.mad)).median;
  const between = kept.length >= 3 ? medians.sigma : 0;
  return { kind, median: medians.median, sigma: Math.hypot(within, between), mean: robustStats(kept.map((h) => h.mean)).mean, points: points(kept) };
}

function points(kept: HourSummary[]): number {
  let total = 0;
  for (const h of kept) total += h.count;
  return total;
}

/** Hour of the week, Monday 00:00 = 0, for a time already shifted or not by the offset. */
function slotOf(ms: number, timeZoneOffsetMinutes: number): number {
  const local = ms + timeZoneOffsetMinutes * MINUTE_MS;
  const hour = Math.floor(local / HOUR_MS);
  const day = Math.floor(hour / 24);
  const weekday = mod(day + EPOCH_WEEKDAY, 7);
  return weekday * 24 + mod(hour, 24);
}

function mod(n: number, m: number): number {
  return ((n % m) + m) % m;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

function toMs(at: Date | number): number {
  const ms = typeof at === "number" ? at : at.getTime();
  if (!Number.isFinite(ms)) throw new RangeError("a baseline point needs a valid time");
  return ms;
}

function checkValue(value: number): void {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`a baseline value must be finite and non-negative, got ${value}`);
}
