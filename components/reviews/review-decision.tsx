"use client";

import { CheckCircle2, ShieldX } from "lucide-react";
import { useRouter } from "next/navigation";
import type { ServerActionResult } from "@/components/events/event-actions";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/components/ui/confirm";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";

export type ReviewDecisionAction = (input: { id: string; reason: string }) => Promise<ServerActionResult>;

export type ReviewDecisionProps = {
  id: string;
  subject: string;
  /** How many events the review holds now. */
  held: number;
  confirmAction: ReviewDecisionAction;
  dismissAction: ReviewDecisionAction;
};

/** Confirm (fraud) or Dismiss (legitimate) an open review, each behind a dialog that asks why; the queue opens again after. */
export function ReviewDecision({ id, subject, held, confirmAction, dismissAction }: ReviewDecisionProps) {
  const router = useRouter();
  const decide = (action: ReviewDecisionAction, done: string) => async ({ reason }: { reason: string }): Promise<ActionResult> => {
    const result = await action({ id, reason });
    if (!result.ok) return { ok: false, error: result.error.message };
    router.push("/reviews");
    router.refresh();
    return { ok: true, message: done };
  };
  const events = `${held} held event${held === 1 ? "" : "s"}`;
  return (
    <div className="flex flex-wrap gap-2" data-testid="review-decision">
      <ConfirmDialog
        trigger={
          <Button variant="outline" size="sm">
            <CheckCircle2 aria-hidden /> Dismiss
          </Button>
        }
        title={`Dismiss the review of ${subject}?`}
        description="The sequence was legitimate. The review leaves the queue, and your reason teaches the scoring: reasons that are dismissed again and again weigh less."
        consequences={[
          held > 0 ? `Releases the ${events}: each is applied once, now, and not held again.` : "No event is held by this review.",
          "The same payments do not open a review again; new ones can.",
          "Your name and reason are kept on the review and in the audit log.",
        ]}
        confirmLabel="Dismiss"
        requireReason
        reasonPlaceholder="Why is this legitimate? e.g. our QA team testing cards in production, ticket #5120"
        onConfirm={decide(dismissAction, `Dismissed; ${held > 0 ? `${events} released to processing` : "nothing was held"}.`)}
      />
      <ConfirmDialog
        trigger={
          <Button variant="outline" size="sm" className="text-destructive">
            <ShieldX aria-hidden /> Confirm fraud
          </Button>
        }
        title={`Confirm the review of ${subject} as fraud?`}
        description="The sequence was an attack. The review leaves the queue; your reason teaches the scoring: reasons that are confirmed weigh more."
        consequences={[
          held > 0 ? `The ${events} stay held: reject or release each on this page.` : "No event is held by this review.",
          "Hookwarden refunds and blocks nothing at Stripe: do that in Stripe (Radar lists, refunds).",
          "Your name and reason are kept on the review and in the audit log.",
        ]}
        confirmLabel="Confirm fraud"
        destructive
        requireReason
        reasonPlaceholder="What shows it is fraud? e.g. 14 cards in 6 minutes, issuer confirmed stolen"
        onConfirm={decide(confirmAction, `Confirmed as fraud; ${held > 0 ? `${events} stay held` : "nothing was held"}.`)}
      />
    </div>
  );
}
