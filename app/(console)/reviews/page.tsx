// GET /reviews — the fraud review queue: open items by default, or decided ones (?status=confirmed|dismissed) (reviews.list: viewer)
import type { Metadata } from "next";
import Link from "next/link";
import { ScanSearch } from "lucide-react";
import { ReviewsTable } from "@/components/reviews/reviews-table";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { ACTIONS } from "@/server/auth/permissions";
import { requireUser } from "@/server/auth/require-user";
import { fraudSettings } from "@/server/gatekeeper/fraud/fraud-settings";
import { listReviews } from "@/server/gatekeeper/fraud/list-reviews";
import { REVIEW_STATUSES, type ReviewStatus } from "@/server/gatekeeper/fraud/review-kinds";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Reviews" };

const TAB_LABELS: Record<ReviewStatus, string> = { open: "Open", confirmed: "Fraud confirmed", dismissed: "Dismissed" };

export default async function ReviewsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireUser(ACTIONS["reviews.list"].role);
  const requested = (await searchParams).status;
  const status: ReviewStatus = typeof requested === "string" && (REVIEW_STATUSES as readonly string[]).includes(requested) ? (requested as ReviewStatus) : "open";
  const list = await listReviews({ status, limit: 100 });
  const settings = fraudSettings();
  const hold = settings.hold === "off" ? "Success events are not held (HOOKWARDEN_FRAUD_HOLD=off)." : `While a review is open, its customer's success events are held (${settings.hold === "highest" ? `at the highest level, ${settings.highest} and up` : "every review"}).`;
  return (
    <div className="mx-auto flex max-w-7xl flex-col gap-4">
      <header>
        <h1 className="text-lg font-semibold tracking-tight">Reviews</h1>
        <p className="max-w-3xl text-sm text-muted-foreground">
          Payment sequences that look like card testing or retry probing. Each customer, e-mail address, billing address and card is scored from 0 to 100 on its failed attempts, decline codes,
          cards, amounts and retries; at {settings.elevated} (elevated) a review opens. {hold} Confirm or dismiss each with a reason: the decisions tune the weights.
        </p>
      </header>
      <nav aria-label="Review status" className="flex gap-1 border-b">
        {REVIEW_STATUSES.map((tab) => (
          <Link
            key={tab}
            href={tab === "open" ? "/reviews" : `/reviews?status=${tab}`}
            aria-current={tab === status ? "page" : undefined}
            className={cn("-mb-px border-b-2 px-3 py-1.5 text-sm font-medium", tab === status ? "border-foreground text-foreground" : "border-transparent text-muted-foreground hover:text-foreground")}
          >
            {TAB_LABELS[tab]} <span className="tabular-nums text-muted-foreground">{list.counts[tab]}</span>
          </Link>
        ))}
      </nav>
      {list.data.length === 0 ? (
        <EmptyState
          icon={ScanSearch}
          title={status === "open" ? "Nothing to review" : `No ${TAB_LABELS[status].toLowerCase()} reviews`}
          commands={status === "open" ? [{ label: "No payment sequence looks like card testing or retry probing. To see one that does:", command: "npx hookwarden simulate --scenario card-testing" }] : []}
        />
      ) : (
        <Card>
          <ReviewsTable reviews={list.data} decided={status !== "open"} />
        </Card>
      )}
      {list.nextCursor ? <p className="text-xs text-muted-foreground">Showing the newest 100; the REST API and `hookwarden review list` page through the rest.</p> : null}
    </div>
  );
}
