import { EVENT_STATUSES, type EventStatus } from "@/server/ledger/event-status";

/**
 * The events list's filters as they live in the URL, so a filtered view can be shared and survives
 * a reload. Names and formats follow GET /api/v1/events (`status` is a comma list, `type` may end in `.*`).
 */
export const TIME_RANGES = { "15m": 15 * 60_000, "1h": 60 * 60_000, "24h": 24 * 60 * 60_000, "7d": 7 * 24 * 60 * 60_000 } as const;
export type TimeRange = keyof typeof TIME_RANGES;
export const TIME_RANGE_LABELS: Record<TimeRange, string> = { "15m": "Last 15 minutes", "1h": "Last hour", "24h": "Last 24 hours", "7d": "Last 7 days" };

export type LivemodeFilter = "live" | "test";

export type EventFilters = {
  /** The search box's text: an event id, object id, customer id, payment reference or type pattern (see searchEvents). */
  q?: string;
  status: EventStatus[];
  endpoint?: string;
  /** Exact type, or a prefix wildcard such as `invoice.*`. */
  type?: string;
  range?: TimeRange;
  livemode?: LivemodeFilter;
  /** Opaque keyset cursor from the previous page. */
  cursor?: string;
};

export const FILTER_PARAM_NAMES = ["q", "status", "endpoint", "type", "range", "livemode", "cursor"] as const;

type ParamSource = URLSearchParams | Record<string, string | string[] | undefined>;

function read(source: ParamSource, name: string): string | undefined {
  const value = source instanceof URLSearchParams ? source.get(name) : source[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first?.trim() ? first.trim() : undefined;
}

/** Reads filters from search params; unknown or malformed values are dropped, never thrown. */
export function parseEventFilters(source: ParamSource): EventFilters {
  const status = (read(source, "status") ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter((item): item is EventStatus => (EVENT_STATUSES as readonly string[]).includes(item));
  const range = read(source, "range");
  const livemode = read(source, "livemode");
  const type = read(source, "type");
  return {
    q: read(source, "q")?.slice(0, 200),
    status: [...new Set(status)],
    endpoint: read(source, "endpoint"),
    type: type && /^[a-z0-9_.]+(\.\*)?$/.test(type) ? type : undefined,
    range: range && range in TIME_RANGES ? (range as TimeRange) : undefined,
    livemode: livemode === "live" || livemode === "test" ? livemode : undefined,
    cursor: read(source, "cursor"),
  };
}

/** Filters back to search params (stable order, empty ones left out). */
export function eventFiltersToSearchParams(filters: EventFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.q) params.set("q", filters.q);
  if (filters.status.length) params.set("status", filters.status.join(","));
  if (filters.endpoint) params.set("endpoint", filters.endpoint);
  if (filters.type) params.set("type", filters.type);
  if (filters.range) params.set("range", filters.range);
  if (filters.livemode) params.set("livemode", filters.livemode);
  if (filters.cursor) params.set("cursor", filters.cursor);
  return params;
}

/** The ledger search (the shape of `searchEvents`): a time range becomes `from`, relative to `now`. */
export function eventFiltersToSearch(filters: EventFilters, now: number = Date.now()) {
  return {
    q: filters.q,
    status: filters.status.length ? filters.status.join(",") : undefined,
    endpoint: filters.endpoint,
    type: filters.type,
    from: filters.range ? new Date(now - TIME_RANGES[filters.range]).toISOString() : undefined,
    livemode: filters.livemode ? filters.livemode === "live" : undefined,
    cursor: filters.cursor,
  };
}

export function hasActiveFilters(filters: EventFilters): boolean {
  return filters.status.length > 0 || Boolean(filters.q || filters.endpoint || filters.type || filters.range || filters.livemode);
}
