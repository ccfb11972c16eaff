"use client";

import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { useTimeZoneMode } from "@/components/ui/relative-time";
import { formatClockTime, formatExactTime } from "@/components/ui/time";

export type ThroughputPoint = {
  /** Start of the minute, ISO 8601. */
  minute: string;
  deliveries: number;
  events: number;
};

export type ThroughputChartProps = {
  /** One point per minute, oldest first (24 h is 1,440 points). */
  points: ThroughputPoint[];
  title?: string;
  description?: string;
};

/** Deliveries and new events per minute; a gap between the two lines is duplicates and retries. */
export function ThroughputChart({ points, title = "Deliveries and events per minute", description = "Last 24 hours" }: ThroughputChartProps) {
  const [mode] = useTimeZoneMode();
  const peak = points.reduce<ThroughputPoint | null>((best, point) => (!best || point.deliveries > best.deliveries ? point : best), null);
  const totalDeliveries = points.reduce((sum, point) => sum + point.deliveries, 0);
  const totalEvents = points.reduce((sum, point) => sum + point.events, 0);
  const summary = peak
    ? `${totalDeliveries} deliveries and ${totalEvents} new events; the busiest minute was ${formatExactTime(peak.minute, mode, undefined, { milliseconds: false })} with ${peak.deliveries} deliveries.`
    : "No deliveries in this period.";
  return (
    <Card>
      <CardHeader>
        <CardTitle>{title}</CardTitle>
        <CardDescription>{description}</CardDescription>
      </CardHeader>
      <CardContent>
        <figure>
          <figcaption className="sr-only">{summary}</figcaption>
          <div className="h-56 w-full" aria-hidden>
            <ResponsiveContainer width="100%" height="100%">
              <AreaChart data={points} accessibilityLayer={false} margin={{ top: 4, right: 4, bottom: 0, left: -16 }}>
                <defs>
                  <linearGradient id="fill-deliveries" x1="0" y1="0" x2="0" y2="1">
                    <stop offset="0%" stopColor="var(--color-chart-1)" stopOpacity={0.3} />
                    <stop offset="100%" stopColor="var(--color-chart-1)" stopOpacity={0} />
                  </linearGradient>
                </defs>
                <CartesianGrid vertical={false} stroke="var(--color-border)" />
                <XAxis
                  dataKey="minute"
                  tickFormatter={(value: string) => formatClockTime(value, mode).slice(0, 5)}
                  minTickGap={48}
                  tickLine={false}
                  axisLine={false}
                  tick={{ fill: "var(--color-muted-foreground)", fontSize: 11 }}
                />
                <YAxis allowDecimals={false} tickLine={false} axisLine={false} width={48} tick={{ fill: "var(--color-muted-foreground)", fontSize: 11 }} />
                <Tooltip
                  labelFormatter={(value) => formatExactTime(String(value), mode, undefined, { milliseconds: false })}
                  contentStyle={{ background: "var(--color-popover)", border: "1px solid var(--color-border)", borderRadius: 6, fontSize: 12 }}
                  labelStyle={{ color: "var(--color-foreground)" }}
                />
                <Area type="monotone" dataKey="deliveries" name="Deliveries" stroke="var(--color-chart-1)" fill="url(#fill-deliveries)" strokeWidth={1.5} isAnimationActive={false} />
                <Area type="monotone" dataKey="events" name="New events" stroke="var(--color-chart-2)" fill="transparent" strokeWidth={1.5} isAnimationActive={false} />
              </AreaChart>
            </ResponsiveContainer>
          </div>
          <p className="mt-2 flex flex-wrap gap-4 text-xs text-muted-foreground">
            <span className="inline-flex items-center gap-1.5">
              <span className="h-0.5 w-3 rounded bg-chart-1" aria-hidden /> Deliveries ({totalDeliveries})
            </span>
            <span className="inline-flex items-center gap-1.5">
              <span className="h-0.5 w-3 rounded bg-chart-2" aria-hidden /> New events ({totalEvents})
            </span>
          </p>
        </figure>
      </CardContent>
    </Card>
  );
}
