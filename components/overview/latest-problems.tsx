import { ChevronRight } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ReasonBadge } from "@/components/ui/reason-badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { StatusBadge } from "@/components/ui/status-badge";

export type ProblemItem = {
  /** The ledger id: where the row opens (/events/{ledgerId}). */
  ledgerId: string;
  stripeEventId: string;
  type: string;
  /** ISO 8601: when it became a problem (received, or quarantined). */
  at: string;
  /** A quarantine reason; without it, the event's status is shown. */
  reason?: string;
  status: string;
};

export type LatestProblemsProps = {
  dead: ProblemItem[];
  quarantined: ProblemItem[];
  /** The full lists behind each card. */
  deadHref: string;
  quarantineHref: string;
};

/** The newest events that need a person, each opening its story. */
export function LatestProblems({ dead, quarantined, deadHref, quarantineHref }: LatestProblemsProps) {
  return (
    <section aria-labelledby="latest-problems" className="grid gap-3">
      <h2 id="latest-problems" className="text-sm font-semibold">
        Latest problems
      </h2>
      <div className="grid gap-4 lg:grid-cols-2">
        <ProblemList title="Dead events" description="Out of attempts or malformed: fix the cause, then replay." items={dead} allHref={deadHref} empty="No dead events." testId="latest-dead" />
        <ProblemList
          title="Open quarantine"
          description="Did not add up against the registered payment: release or reject."
          items={quarantined}
          allHref={quarantineHref}
          empty="Nothing in quarantine."
          testId="latest-quarantined"
        />
      </div>
    </section>
  );
}

function ProblemList({ title, description, items, allHref, empty, testId }: { title: string; description: string; items: ProblemItem[]; allHref: string; empty: string; testId: string }) {
  return (
    <Card data-testid={testId}>
      <CardHeader>
        <CardTitle as="h3">{title}</CardTitle>
        <CardDescription>{description}</CardDescription>
      </CardHeader>
      <CardContent>
        {items.length === 0 ? (
          <p className="text-sm text-muted-foreground">{empty}</p>
        ) : (
          <ul className="-mx-2 grid">
            {items.map((item) => (
              <li key={item.ledgerId}>
                <ProblemLink item={item}>
                  {item.reason ? <ReasonBadge reason={item.reason} /> : <StatusBadge status={item.status} />}
                </ProblemLink>
              </li>
            ))}
          </ul>
        )}
        <Link href={allHref} className="mt-2 inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground hover:underline">
          See all <span className="sr-only">{title.toLowerCase()}</span>
          <ChevronRight className="size-3.5" aria-hidden />
        </Link>
      </CardContent>
    </Card>
  );
}

function ProblemLink({ item, children }: { item: ProblemItem; children: ReactNode }) {
  return (
    <Link
      href={`/events/${item.ledgerId}`}
      className="flex items-center gap-3 rounded-md px-2 py-1.5 text-sm hover:bg-accent focus-visible:outline-2 focus-visible:outline-ring"
      data-testid="problem-row"
    >
      <span className="flex min-w-0 flex-1 flex-col leading-tight">
        <span className="truncate font-mono text-[13px]">{item.type}</span>
        <span className="truncate font-mono text-xs text-muted-foreground">{item.stripeEventId}</span>
      </span>
      {children}
      <RelativeTime value={item.at} focusable={false} className="w-20 shrink-0 text-right text-xs text-muted-foreground" />
    </Link>
  );
}
