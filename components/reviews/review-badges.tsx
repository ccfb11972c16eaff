import { Badge } from "@/components/ui/badge";
import type { ReviewKind, ReviewStatus } from "@/server/gatekeeper/fraud/review-kinds";
import type { RiskLevel } from "@/server/gatekeeper/fraud/score-payment-sequence";

export const REVIEW_KIND_LABELS: Record<ReviewKind, string> = { card_testing: "Card testing", retry_probing: "Retry probing" };

export function reviewKindLabel(kind: string): string {
  return REVIEW_KIND_LABELS[kind as ReviewKind] ?? kind;
}

/** The score out of 100 and its risk level, in words as well as colour. */
export function ScoreBadge({ score, level, className }: { score: number; level: RiskLevel | (string & {}); className?: string }) {
  return (
    <Badge tone={level === "highest" ? "danger" : "warning"} className={className} data-score={score} data-level={level} title={`Risk score ${score} of 100: ${level}`}>
      <span className="tabular-nums">{score}</span>
      <span aria-hidden>·</span>
      {level}
    </Badge>
  );
}

const STATUS = { open: { tone: "warning", label: "Open" }, confirmed: { tone: "danger", label: "Fraud confirmed" }, dismissed: { tone: "success", label: "Dismissed" } } as const;

export function ReviewStatusBadge({ status }: { status: ReviewStatus | (string & {}) }) {
  const shown = STATUS[status as ReviewStatus];
  return (
    <Badge tone={shown?.tone ?? "neutral"} data-review-status={status}>
      {shown?.label ?? status}
    </Badge>
  );
}
