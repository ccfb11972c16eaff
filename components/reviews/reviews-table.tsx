import Link from "next/link";
import { RelativeTime } from "@/components/ui/relative-time";
import { NavigableTableBody, NavigableTableRow } from "@/components/ui/navigable-table";
import { Table, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { ReviewSummary } from "@/server/gatekeeper/fraud/list-reviews";
import { reviewKindLabel, ScoreBadge } from "./review-badges";

/** The review queue: score, kind, subject, the strongest reason, what it holds and its age; each row opens the review (`j`/`k`, Enter). */
export function ReviewsTable({ reviews, decided }: { reviews: ReviewSummary[]; decided: boolean }) {
  return (
    <Table>
      <caption className="sr-only">{decided ? "Decided fraud reviews, newest first" : "Open fraud reviews, newest first"}</caption>
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead>Score</TableHead>
          <TableHead>Kind</TableHead>
          <TableHead>Subject</TableHead>
          <TableHead>Strongest reason</TableHead>
          <TableHead className="text-right">Held</TableHead>
          <TableHead>{decided ? "Decided" : "Opened"}</TableHead>
        </TableRow>
      </TableHeader>
      <NavigableTableBody rowCount={reviews.length} hrefs={reviews.map((review) => `/reviews/${review.id}`)}>
        {reviews.map((review, index) => (
          <NavigableTableRow key={review.id} index={index} data-testid="review-row" data-review-id={review.id} className="align-top">
            <TableCell>
              <ScoreBadge score={review.score} level={review.level} />
            </TableCell>
            <TableCell>
              <Link href={`/reviews/${review.id}`} className="font-medium underline-offset-4 hover:underline">
                {reviewKindLabel(review.kind)}
              </Link>
            </TableCell>
            <TableCell className="font-mono text-[13px]">{review.subject}</TableCell>
            <TableCell className="max-w-80 whitespace-normal text-[13px] text-muted-foreground">{review.reasons[0] ? `${review.reasons[0].label}: ${review.reasons[0].observed}` : "—"}</TableCell>
            <TableCell className="text-right tabular-nums">{review.heldEvents || <span className="text-muted-foreground">—</span>}</TableCell>
            <TableCell className="text-muted-foreground">
              {decided && review.decidedAt ? (
                <span className="flex flex-col">
                  <RelativeTime value={review.decidedAt} focusable={false} />
                  <span className="text-xs">by {review.decidedBy}</span>
                </span>
              ) : (
                <RelativeTime value={review.openedAt} focusable={false} />
              )}
            </TableCell>
          </NavigableTableRow>
        ))}
      </NavigableTableBody>
    </Table>
  );
}
