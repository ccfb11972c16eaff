"use client";

import Link from "next/link";
import { Bar, BarChart, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { BadgeTone } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EVENT_STATUS_DISPLAY, isEventStatus } from "@/components/ui/status-badge";
import type { EventStatus } from "@/server/ledger/event-status";

export type StatusCount = { status: EventStatus | (string & {}); count: number };

export type StatusBreakdownChartProps = {
  counts: StatusCount[];
  description?: string;
  /** Each status links to its list: a template with `{status}`, e.g. "/events?status={status}". */
  hrefTemplate?: string;
};

/** Mid-tones that read on light and dark backgrounds alike. */
const TONE_COLOR: Record<BadgeTone, string> = {
  neutral: "oklch(0.65 0.02 286)",
  info: "oklch(0.68 0.13 230)",
  progress: "oklch(0.6 0.17 260)",
  success: "oklch(0.66 0.15 160)",
  waiting: "oklch(0.62 0.17 295)",
  warning: "oklch(0.75 0.15 70)",
  danger: "oklch(0.64 0.2 25)",
  critical: "oklch(0.52 0.21 25)",
  muted: "oklch(0.72 0.01 286)",
  outline: "oklch(0.65 0.02 286)",
};

function labelOf(status: string) {
  return isEventStatus(status) ? EVENT_STATUS_DISPLAY[status].label : status;
}

/** Events by status: a bar chart, and the same numbers as a list of links (readable without the chart). */
export function StatusBreakdownChart({ counts, description = "Last 24 hours", hrefTemplate }: StatusBreakdownChartProps) {
  const data = counts.filter((item) => item.count > 0).map((item) => ({ ...item, label: labelOf(item.status), color: isEventStatus(item.status) ? TONE_COLOR[EVENT_STATUS_DISPLAY[item.status].tone] : TONE_COLOR.neutral }));
  return (
    <Card>
      <CardHeader>
        <CardTitle>Events by status</CardTitle>
        <CardDescription>{description}</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4 sm:grid-cols-[minmax(0,1fr)_auto]">
        <div className="h-48 min-w-0" aria-hidden>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={data} layout="vertical" accessibilityLayer={false} margin={{ top: 0, right: 8, bottom: 0, left: 0 }}>
              <XAxis type="number" hide allowDecimals={false} />
              <YAxis type="category" dataKey="label" width={96} tickLine={false} axisLine={false} tick={{ fill: "var(--color-muted-foreground)", fontSize: 11 }} />
              <Tooltip
                cursor={{ fill: "var(--color-accent)" }}
                contentStyle={{ background: "var(--color-popover)", border: "1px solid var(--color-border)", borderRadius: 6, fontSize: 12 }}
                labelStyle={{ color: "var(--color-foreground)" }}
              />
              <Bar dataKey="count" name="Events" radius={[0, 3, 3, 0]} isAnimationActive={false}>
                {data.map((item) => (
                  <Cell key={item.status} fill={item.color} />
                ))}
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        </div>
        <ul className="grid content-start gap-1 text-sm" aria-label="Events by status">
          {data.map((item) => (
            <li key={item.status} className="flex items-center gap-2">
              <span className="size-2.5 rounded-sm" style={{ background: item.color }} aria-hidden />
              {hrefTemplate ? (
                <Link className="hover:underline" href={hrefTemplate.replaceAll("{status}", encodeURIComponent(item.status))}>
                  {item.label}
                </Link>
              ) : (
                <span>{item.label}</span>
              )}
              <span className="ml-auto pl-4 tabular-nums text-muted-foreground">{item.count}</span>
            </li>
          ))}
          {data.length === 0 ? <li className="text-muted-foreground">No events in this period.</li> : null}
        </ul>
      </CardContent>
    </Card>
  );
}
