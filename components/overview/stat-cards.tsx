import { ArrowUpRight } from "lucide-react";
import Link from "next/link";
import { cn } from "@/components/ui/cn";

export type StatTone = "default" | "success" | "warning" | "danger";

export type Stat = {
  id: string;
  /** "Deliveries / min", "p99 intake latency", "Open quarantine" … */
  label: string;
  /** Already formatted ("42", "38 ms", "2 min"). */
  value: string;
  /** One line under the number: "last 5 minutes", "oldest 3 min ago". */
  hint?: string;
  /** The filtered list this number counts. */
  href: string;
  /** Colour only when it needs attention; the words say it too. */
  tone?: StatTone;
};

export type StatCardsProps = { stats: Stat[]; className?: string };

const TONE: Record<StatTone, string> = {
  default: "",
  success: "text-emerald-700 dark:text-emerald-300",
  warning: "text-amber-700 dark:text-amber-300",
  danger: "text-red-700 dark:text-red-300",
};

/** The numbers that matter now, each a link to the list it counts. */
export function StatCards({ stats, className }: StatCardsProps) {
  return (
    <ul className={cn("grid grid-cols-[repeat(auto-fill,minmax(11rem,1fr))] gap-3", className)} aria-label="Key numbers">
      {stats.map((stat) => (
        <li key={stat.id}>
          <Link
            href={stat.href}
            className="group flex h-full flex-col rounded-lg border bg-card px-4 py-3 shadow-xs transition-colors hover:border-ring/50 hover:bg-surface focus-visible:outline-2 focus-visible:outline-ring"
            data-tone={stat.tone ?? "default"}
            data-stat={stat.id}
          >
            <span className="flex items-center justify-between gap-2 text-xs font-medium text-muted-foreground">
              {stat.label}
              <ArrowUpRight className="size-3.5 opacity-0 transition-opacity group-hover:opacity-100 group-focus-visible:opacity-100" aria-hidden />
            </span>
            <span className={cn("mt-1 text-2xl font-semibold tabular-nums tracking-tight", TONE[stat.tone ?? "default"])} data-value>{stat.value}</span>
            {stat.hint ? <span className="mt-0.5 text-xs text-muted-foreground">{stat.hint}</span> : null}
          </Link>
        </li>
      ))}
    </ul>
  );
}
