"use client";

import { Globe } from "lucide-react";
import { useSyncExternalStore } from "react";
import { Button } from "./button";
import { cn } from "./cn";
import { createPreferenceStore } from "./preference-store";
import { formatClockTime, formatExactTime, formatRelativeTime, parseTimeZoneMode, TIME_ZONE_STORAGE_KEY, type TimeZoneMode } from "./time";
import { Tooltip, TooltipContent, TooltipTrigger } from "./tooltip";

const zoneStore = createPreferenceStore<TimeZoneMode>(TIME_ZONE_STORAGE_KEY, parseTimeZoneMode, "utc");

/** UTC or the browser's local zone; remembered per browser. The server always renders UTC. */
export function useTimeZoneMode(): [TimeZoneMode, (mode: TimeZoneMode) => void] {
  return [zoneStore.usePreference(), zoneStore.set];
}

// One shared clock for every timestamp on the page: one timer, not one per row.
const TICK_MS = 5000;
let clientNow = Date.now();
const clockListeners = new Set<() => void>();
let clockTimer: ReturnType<typeof setInterval> | undefined;

function subscribeToClock(listener: () => void) {
  clockListeners.add(listener);
  if (!clockTimer) {
    clientNow = Date.now();
    clockTimer = setInterval(() => {
      clientNow = Date.now();
      clockListeners.forEach((notify) => notify());
    }, TICK_MS);
  }
  return () => {
    clockListeners.delete(listener);
    if (clockListeners.size === 0 && clockTimer) {
      clearInterval(clockTimer);
      clockTimer = undefined;
    }
  };
}

const getClientNow = () => clientNow;
// On the server, "now" is this render's time (to the second, so repeated reads agree).
const getServerNow = () => (typeof window === "undefined" ? Math.floor(Date.now() / 1000) * 1000 : clientNow);

export function useNow(): number {
  return useSyncExternalStore(subscribeToClock, getClientNow, getServerNow);
}

export type RelativeTimeProps = {
  /** An ISO 8601 string (as the server serialises dates), epoch milliseconds, or a Date. */
  value: string | number | Date;
  className?: string;
  /** Show the exact clock time ("11:58:03") instead of "3 min ago"; the tooltip is the same. */
  display?: "relative" | "clock";
  /** Whether keyboard users can tab to it to read the exact time; dense tables turn it off. */
  focusable?: boolean;
};

/**
 * "3 min ago" in a <time dateTime> element, with the exact time (in the chosen zone, and the other)
 * in a tooltip. Text that depends on the clock may differ by a second between server and browser,
 * so its hydration warning is suppressed; it re-renders on the shared clock anyway.
 */
export function RelativeTime({ value, className, display = "relative", focusable = true }: RelativeTimeProps) {
  const now = useNow();
  const [mode] = useTimeZoneMode();
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return <span className={className}>—</span>;
  const iso = date.toISOString();
  const text = display === "clock" ? formatClockTime(date, mode) : formatRelativeTime(date, now, { mode });
  const exact = formatExactTime(date, mode);
  const other = formatExactTime(date, mode === "utc" ? "local" : "utc");
  return (
    <Tooltip>
      <TooltipTrigger asChild>
        <time
          dateTime={iso}
          tabIndex={focusable ? 0 : undefined}
          aria-label={focusable ? `${text}, ${exact}` : undefined}
          className={cn("whitespace-nowrap tabular-nums underline decoration-muted-foreground/40 decoration-dotted underline-offset-4", className)}
          suppressHydrationWarning
        >
          {text}
        </time>
      </TooltipTrigger>
      <TooltipContent side="top" className="font-mono">
        <div suppressHydrationWarning>{exact}</div>
        <div className="opacity-70" suppressHydrationWarning>
          {other}
        </div>
      </TooltipContent>
    </Tooltip>
  );
}

/** The exact time as plain text, in the chosen zone (for timelines and detail panels). */
export function ExactTime({ value, className, milliseconds = true }: { value: string | number | Date; className?: string; milliseconds?: boolean }) {
  const [mode] = useTimeZoneMode();
  const date = value instanceof Date ? value : new Date(value);
  return (
    <time dateTime={Number.isNaN(date.getTime()) ? undefined : date.toISOString()} className={cn("tabular-nums", className)} suppressHydrationWarning>
      {formatExactTime(date, mode, undefined, { milliseconds })}
    </time>
  );
}

/** Switches every timestamp on the page between UTC and local time; the choice is remembered. */
export function TimeZoneToggle({ className }: { className?: string }) {
  const [mode, setMode] = useTimeZoneMode();
  const next: TimeZoneMode = mode === "utc" ? "local" : "utc";
  return (
    <Button
      variant="ghost"
      size="sm"
      className={cn("font-mono text-xs text-muted-foreground", className)}
      onClick={() => setMode(next)}
      aria-label={`Times shown in ${mode === "utc" ? "UTC" : "local time"}; switch to ${next === "utc" ? "UTC" : "local time"}`}
      data-testid="time-zone-toggle"
    >
      <Globe aria-hidden />
      {mode === "utc" ? "UTC" : "Local"}
    </Button>
  );
}
