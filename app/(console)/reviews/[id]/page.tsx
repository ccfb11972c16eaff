// GET /reviews/{id} — one fraud review: score, reasons, the payment sequence as a timeline, the events it held, and the decision
// (reviews.get: viewer; Confirm and Dismiss are reviews.confirm and reviews.dismiss, Release and Reject reviews.release_event and reviews.reject_event: operator and up)
import { ChevronLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { HeldEvents } from "@/components/reviews/held-events";
import { reviewKindLabel, ReviewStatusBadge, ScoreBadge } from "@/components/reviews/review-badges";
import { ReviewDecision } from "@/components/reviews/review-decision";
import { ReviewReasons } from "@/components/reviews/review-reasons";
import { ReviewTimeline } from "@/components/reviews/review-timeline";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { RelativeTime } from "@/components/ui/relative-time";
import { ACTIONS, permits } from "@/server/auth/permissions";
import { requireUser } from "@/server/auth/require-user";
import { isAppError } from "@/server/errors";
import { getReviewOrThrow } from "@/server/gatekeeper/fraud/get-review-or-throw";
import { confirmReviewAction, dismissReviewAction, rejectHeldEventAction, releaseHeldEventAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Review" };

export default async function ReviewPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser(ACTIONS["reviews.get"].role);
  const review = await getReviewOrThrow(decodeURIComponent((await params).id)).catch((error: unknown) => {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  });
  const canDecide = review.status === "open" && permits(user.role, "reviews.confirm") && permits(user.role, "reviews.dismiss");
  const canRelease = review.status !== "open" && permits(user.role, "reviews.release_event");
  const canReject = review.status === "confirmed" && permits(user.role, "reviews.reject_event");

  return (
    <div className="mx-auto flex max-w-7xl flex-col gap-5">
      <Link href="/reviews" className="inline-flex w-fit items-center gap-1 text-sm text-muted-foreground hover:text-foreground hover:underline">
        <ChevronLeft className="size-4" aria-hidden /> Reviews
      </Link>
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            <h1 className="text-lg font-semibold tracking-tight">
              {reviewKindLabel(review.kind)} <span className="font-normal text-muted-foreground">on</span> <span className="font-mono text-base">{review.subject}</span>
            </h1>
            <ScoreBadge score={review.score} level={review.level} />
            <ReviewStatusBadge status={review.status} />
          </div>
          <p className="mt-1 max-w-3xl text-sm text-muted-foreground">{review.kindExplanation}</p>
          <p className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-muted-foreground">
            <span className="inline-flex items-center gap-0.5 font-mono text-[13px] text-foreground">
              {review.id}
              <CopyButton value={review.id} label="Copy review id" />
            </span>
            <span>
              on <span className="font-mono text-foreground">{review.endpoint}</span>
            </span>
            <span>
              opened <RelativeTime value={review.openedAt} />
            </span>
            {review.peakScore > review.score ? <span>peak score {review.peakScore}</span> : null}
            {review.customerId ? (
              <span>
                customer{" "}
                <Link href={`/customers/${review.customerId}`} className="font-mono text-foreground underline-offset-4 hover:underline">
                  {review.customerId}
                </Link>
              </span>
            ) : null}
          </p>
        </div>
        {canDecide ? <ReviewDecision id={review.id} subject={review.subject} held={review.heldEvents} confirmAction={confirmReviewAction} dismissAction={dismissReviewAction} /> : null}
      </header>

      {review.status !== "open" ? (
        <Card data-testid="review-decided">
          <CardContent className="py-3 text-sm">
            <ReviewStatusBadge status={review.status} /> by <span className="font-medium">{review.decidedBy}</span> {review.decidedAt ? <RelativeTime value={review.decidedAt} /> : null}: {review.decisionReason}
          </CardContent>
        </Card>
      ) : null}

      <Card>
        <CardHeader>
          <CardTitle>Why it scored {review.score}</CardTitle>
          <CardDescription>
            Each reason earns up to its weight in points; the score is their sum, at most 100. It covers {review.subjects.join(", ")}.{" "}
            {review.holdsCustomer && review.customerId ? `While it is open, ${review.customerId}'s success events are held.` : "It holds no events."}
          </CardDescription>
        </CardHeader>
        <ReviewReasons reasons={review.reasons} score={review.score} />
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>The sequence</CardTitle>
          <CardDescription>
            {review.timeline.length} payment event{review.timeline.length === 1 ? "" : "s"} of the subjects above, oldest first, by Stripe&apos;s created time
            {review.timelineTruncated ? " (the newest only)" : ""}. Cards are shown by brand, last 4 and a tag that tells them apart; never by number or fingerprint.
          </CardDescription>
        </CardHeader>
        <ReviewTimeline entries={review.timeline} />
      </Card>

      {review.held.length > 0 ? (
        <Card>
          <CardHeader>
            <CardTitle>Held events</CardTitle>
            <CardDescription>
              {review.status === "open"
                ? "Success events of the customer, recorded and acknowledged, their effect waiting: dismissing the review applies them; confirming it keeps them held."
                : review.status === "confirmed"
                  ? "The review was confirmed as fraud: release an event that was genuine (it applies once) or reject it (it never applies)."
                  : "The review was dismissed: these were released to processing (one still held can be released here)."}
            </CardDescription>
          </CardHeader>
          <HeldEvents reviewId={review.id} events={review.held} releaseAction={canRelease ? releaseHeldEventAction : undefined} rejectAction={canReject ? rejectHeldEventAction : undefined} />
        </Card>
      ) : null}
    </div>
  );
}
