import { describe, expect, it } from "vitest";
import { datetimeLocalAsUtc, formatClockTime, formatCountdown, formatDuration, formatExactTime, formatRelativeTime, parseTimeZoneMode } from "./time";

const now = Date.parse("2026-11-29T12:00:00.000Z");
const ago = (ms: number) => new Date(now - ms).toISOString();

describe("formatRelativeTime", () => {
  it("reads like a person would say it", () => {
    expect(formatRelativeTime(ago(3_000), now)).toBe("just now");
    expect(formatRelativeTime(ago(27_000), now)).toBe("20 s ago");
    expect(formatRelativeTime(ago(3 * 60_000 + 5_000), now)).toBe("3 min ago");
    expect(formatRelativeTime(ago(5 * 3_600_000), now)).toBe("5 h ago");
    expect(formatRelativeTime(ago(26 * 3_600_000), now)).toBe("1 day ago");
    expect(formatRelativeTime(ago(3 * 86_400_000), now)).toBe("3 days ago");
  });

  it("says 'in' for times ahead of the clock (a signature timestamp from a fast clock)", () => {
    expect(formatRelativeTime(new Date(now + 90_000).toISOString(), now)).toBe("in 1 min");
  });

  it("falls back to a date after a week, with the year only when it differs", () => {
    expect(formatRelativeTime("2026-11-12T08:00:00Z", now)).toBe("12 Nov");
    expect(formatRelativeTime("2025-11-12T08:00:00Z", now)).toBe("12 Nov 2025");
  });

  it("shows a dash for a value that is not a time", () => {
    expect(formatRelativeTime("not a date", now)).toBe("—");
  });
});

describe("formatExactTime", () => {
  it("is sortable and names its zone, in UTC by default", () => {
    expect(formatExactTime("2026-11-29T11:58:03.412Z", "utc")).toBe("2026-11-29 11:58:03.412 UTC");
    expect(formatExactTime("2026-11-29T11:58:03.412Z", "utc", undefined, { milliseconds: false })).toBe("2026-11-29 11:58:03 UTC");
  });

  it("converts to the local zone, date included, and names it", () => {
    // The zone's abbreviation comes from the platform's time zone data: CET or GMT+1, EDT or GMT-4.
    expect(formatExactTime("2026-11-29T23:30:00.000Z", "local", "Europe/Paris")).toMatch(/^2026-11-30 00:30:00\.000 (CET|GMT\+1)$/);
    expect(formatExactTime("2026-07-01T12:00:00.000Z", "local", "America/New_York")).toMatch(/^2026-07-01 08:00:00\.000 (EDT|GMT-4)$/);
  });

  it("shows clock time alone for dense lists", () => {
    expect(formatClockTime("2026-11-29T09:05:07Z", "utc")).toBe("09:05:07");
    expect(formatClockTime("2026-11-29T09:05:07Z", "local", "Asia/Tokyo")).toBe("18:05:07");
  });
});

describe("the time zone preference", () => {
  it("is UTC unless local was chosen", () => {
    expect(parseTimeZoneMode("local")).toBe("local");
    expect(parseTimeZoneMode(null)).toBe("utc");
    expect(parseTimeZoneMode("garbage")).toBe("utc");
  });
});

describe("durations", () => {
  it("read as a person would say them", () => {
    expect([0, 45, 60, 179, 3600, 7500, 86_400, 3 * 86_400 + 5].map(formatDuration)).toEqual(["0 s", "45 s", "1 min", "2 min", "1 h", "2 h 5 min", "1 day", "3 days"]);
  });
});

describe("countdowns", () => {
  it("say the time left in two units at most, as the event page's 30-day deadline does", () => {
    const hour = 3_600_000;
    expect([-5_000, 0, 40_000, 12 * 60_000, 3 * hour + 12 * 60_000, 24 * hour, 4 * 24 * hour + 3 * hour + 59 * 60_000].map(formatCountdown)).toEqual([
      "0 s",
      "0 s",
      "40 s",
      "12 min",
      "3 h 12 min",
      "1 d",
      "4 d 3 h",
    ]);
  });
});

describe("datetimeLocalAsUtc", () => {
  it("reads a time filter's value, which has no zone, as UTC, and keeps one that names its zone", () => {
    expect(datetimeLocalAsUtc("2026-11-29T10:00")).toBe("2026-11-29T10:00:00Z");
    expect(datetimeLocalAsUtc("2026-11-29T10:00:30")).toBe("2026-11-29T10:00:30Z");
    expect(datetimeLocalAsUtc("2026-11-29T10:00:00+01:00")).toBe("2026-11-29T10:00:00+01:00");
    expect(datetimeLocalAsUtc("2026-11-29T10:00:00Z")).toBe("2026-11-29T10:00:00Z");
    expect(datetimeLocalAsUtc("")).toBe("");
  });
});
