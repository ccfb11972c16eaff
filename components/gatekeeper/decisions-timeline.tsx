import Link from "next/link";
import { RelativeTime } from "@/components/ui/relative-time";
import type { DecisionView } from "@/server/gatekeeper/views/list-decisions";
import { ExplanationView } from "./explanation-view";
import { DecisionKindBadge } from "./looks";

/** Where a decision's subject leads: a breaker's page; other subjects are shown as they are. */
function subjectHref(subject: string): string | null {
  const breaker = /^breaker:([0-9a-f-]{36})$/.exec(subject);
  return breaker ? `/gatekeeper/breakers/${breaker[1]}` : null;
}

/**
 * The gatekeeper's decisions, newest first: when, what kind, on which endpoint, the sentence, and
 * the evidence one click away (features, values, baselines, scores).
 */
export function DecisionsTimeline({ decisions, label }: { decisions: DecisionView[]; label: string }) {
  return (
    <ol aria-label={label} className="flex flex-col divide-y rounded-lg border bg-card" data-testid="decisions">
      {decisions.map((decision) => {
        const href = subjectHref(decision.subject);
        return (
          <li key={decision.id} className="flex flex-col gap-1.5 px-4 py-3" data-testid="decision" data-kind={decision.kind}>
            <div className="flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
              <RelativeTime value={decision.at} />
              <DecisionKindBadge kind={decision.kind} />
              {decision.endpoint ? <span className="font-mono">{decision.endpoint}</span> : null}
              {href ? (
                <Link href={href} className="font-mono underline-offset-4 hover:underline">
                  {decision.subject.slice(0, 16)}…<span className="sr-only"> (open the breaker)</span>
                </Link>
              ) : (
                <span className="font-mono">{decision.subject}</span>
              )}
            </div>
            <p className="text-sm">{decision.summary}</p>
            <details className="text-sm">
              <summary className="w-fit cursor-pointer text-xs font-medium text-muted-foreground hover:text-foreground">Why: the evidence</summary>
              <div className="mt-2 flex flex-col gap-2">
                <p className="text-xs text-muted-foreground">{decision.kindMeaning}</p>
                <ExplanationView explanation={decision.explanation} label={`decision ${decision.id}`} />
              </div>
            </details>
          </li>
        );
      })}
    </ol>
  );
}
