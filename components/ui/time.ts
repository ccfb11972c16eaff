/**
 * The console's one time formatter. Every timestamp on screen goes through here, so "3 min ago",
 * the exact time and the UTC/local choice read the same on every page. Pure functions: tested in node.
 */

export const TIME_ZONE_MODES = ["utc", "local"] as const;
export type TimeZoneMode = (typeof TIME_ZONE_MODES)[number];
export const TIME_ZONE_STORAGE_KEY = "hookwarden-time-zone";

export function parseTimeZoneMode(value: unknown): TimeZoneMode {
  return value === "local" ? "local" : "utc";
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function toDate(value: string | number | Date): Date {
  return value instanceof Date ? value : new Date(value);
}

/** IANA zone for a mode: "UTC", or the browser's own zone (overridable for tests). */
export function zoneFor(mode: TimeZoneMode, localZone?: string): string | undefined {
  return mode === "utc" ? "UTC" : localZone;
}

/**
 * Short relative text: "just now", "20 s ago", "3 min ago", "5 h ago", "2 days ago", then a date
 * ("12 Nov", or "12 Nov 2025" in another year). Times in the future read "in 3 min".
 */
export function formatRelativeTime(value: string | number | Date, now: number, options: { mode?: TimeZoneMode; localZone?: string } = {}): string {
  const date = toDate(value);
  const time = date.getTime();
  if (Number.isNaN(time)) return "—";
  const delta = now - time;
  const distance = Math.abs(delta);
  const phrase = (text: string) => (delta >= 0 ? `${text} ago` : `in ${text}`);
  if (distance < 10 * SECOND) return "just now";
  if (distance < MINUTE) return phrase(`${Math.floor(distance / (10 * SECOND)) * 10} s`);
  if (distance < HOUR) return phrase(`${Math.floor(distance / MINUTE)} min`);
  if (distance < DAY) return phrase(`${Math.floor(distance / HOUR)} h`);
  if (distance < 7 * DAY) {
    const days = Math.floor(distance / DAY);
    return phrase(days === 1 ? "1 day" : `${days} days`);
  }
  const timeZone = zoneFor(options.mode ?? "utc", options.localZone);
  const sameYear = yearIn(time, timeZone) === yearIn(now, timeZone);
  return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: sameYear ? undefined : "numeric", timeZone }).format(date);
}

function yearIn(time: number, timeZone: string | undefined): string {
  return new Intl.DateTimeFormat("en-GB", { year: "numeric", timeZone }).format(time);
}

function parts(date: Date, timeZone: string | undefined): Record<string, string> {
  const formatter = new Intl.DateTimeFormat("en-GB", {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
    timeZone,
    timeZoneName: "short",
  });
  return Object.fromEntries(formatter.formatToParts(date).map((part) => [part.type, part.value]));
}

/**
 * Exact, sortable and unambiguous: "2026-11-29 11:58:03.412 UTC", or in local time
 * "2026-11-29 12:58:03.412 CET" (the zone's abbreviation, or GMT+1 where it has none).
 */
export function formatExactTime(value: string | number | Date, mode: TimeZoneMode, localZone?: string, options: { milliseconds?: boolean } = {}): string {
  const date = toDate(value);
  if (Number.isNaN(date.getTime())) return "invalid time";
  const timeZone = zoneFor(mode, localZone);
  const p = parts(date, timeZone);
  const millis = options.milliseconds === false ? "" : `.${String(date.getUTCMilliseconds()).padStart(3, "0")}`;
  const zoneName = mode === "utc" ? "UTC" : p.timeZoneName;
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}${millis} ${zoneName}`;
}

/** Clock time only, for dense lists and timelines: "11:58:03". */
export function formatClockTime(value: string | number | Date, mode: TimeZoneMode, localZone?: string): string {
  const date = toDate(value);
  if (Number.isNaN(date.getTime())) return "—";
  const p = parts(date, zoneFor(mode, localZone));
  return `${p.hour}:${p.minute}:${p.second}`;
}

/** A length of time, for ages and waits: "45 s", "3 min", "2 h 5 min", "3 days". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86_400) {
    const minutes = Math.floor((s % 3600) / 60);
    return `${Math.floor(s / 3600)} h${minutes ? ` ${minutes} min` : ""}`;
  }
  const days = Math.floor(s / 86_400);
  return days === 1 ? "1 day" : `${days} days`;
}

/**
 * Time left before a deadline, two units at most, for countdowns: "4 d 3 h", "3 h 12 min",
 * "12 min", "40 s". Zero or less is "0 s" (the caller says the deadline has passed).
 */
export function formatCountdown(milliseconds: number): string {
  const s = Math.max(0, Math.floor(milliseconds / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86_400) {
    const minutes = Math.floor((s % 3600) / 60);
    return `${Math.floor(s / 3600)} h${minutes ? ` ${minutes} min` : ""}`;
  }
  const hours = Math.floor((s % 86_400) / 3600);
  return `${Math.floor(s / 86_400)} d${hours ? ` ${hours} h` : ""}`;
}

/**
 * A `datetime-local` field's value ("2026-11-29T10:00", no zone) read as UTC, as the console's
 * time filters label it: "2026-11-29T10:00:00Z". A value that names its zone, or none, is kept.
 */
export function datetimeLocalAsUtc(value: string): string {
  return value && !/[zZ]|[+-]\d\d:\d\d$/.test(value) ? `${value.length === 16 ? `${value}:00` : value}Z` : value;
}
