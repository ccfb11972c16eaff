import { decideHeldEvent } from "../../server/gatekeeper/fraud/decide-held-event";
import { decideReview } from "../../server/gatekeeper/fraud/decide-review";
import { getReviewOrThrow, type ReviewDetail } from "../../server/gatekeeper/fraud/get-review-or-throw";
import { listReviews, type ReviewSummary } from "../../server/gatekeeper/fraud/list-reviews";
import { REVIEW_STATUSES } from "../../server/gatekeeper/fraud/review-kinds";
import { UsageError } from "../usage";
import { cliContext } from "./cli-context";
import { parseFlags, print, withDatabase } from "./with-database";

const minor = (amount: number | null, currency: string | null) => (amount === null ? "" : `${amount} ${currency ?? ""}`.trim());

function line(review: ReviewSummary): string {
  return `${review.id}  ${String(review.score).padStart(3)} ${review.level.padEnd(8)} ${review.kind.padEnd(13)} ${review.subject}  opened ${review.openedAt}${review.heldEvents ? `  holds ${review.heldEvents}` : ""}`;
}

function describeReview(review: ReviewDetail): string[] {
  return [
    `${review.kind} on ${review.subject}: score ${review.score} (${review.level}), ${review.status}${review.decidedBy ? ` by ${review.decidedBy} at ${review.decidedAt}: ${review.decisionReason}` : ""}`,
    `  ${review.kindExplanation}`,
    `  endpoint ${review.endpoint}; covers ${review.subjects.join(", ")}; opened ${review.openedAt}; window ${review.windowStart} → ${review.lastSignalAt}`,
    "Reasons:",
    ...review.reasons.map((reason) => `  +${reason.points}  ${reason.label}: ${reason.observed} (weight ${reason.weight}${reason.tuning ? `; ${reason.tuning}` : ""}; ${reason.threshold})`),
    `Timeline (Stripe's created time)${review.timelineTruncated ? ", the newest only" : ""}:`,
    ...review.timeline.map(
      (entry) =>
        `  ${entry.at}  ${entry.outcome.padEnd(9)} ${minor(entry.amount, entry.currency).padEnd(10)} ${(entry.declineCode ?? "").padEnd(18)} ${(entry.card ?? "").padEnd(16)} ${(entry.cardTag ?? "").padEnd(7)} ${entry.type.padEnd(30)} ${entry.stripeEventId} (${entry.status})${entry.merchantInitiated ? " invoice" : ""}`,
    ),
    ...(review.held.length > 0 ? ["Held events:", ...review.held.map((event) => `  ${event.stripeEventId}  ${event.type.padEnd(26)} ${minor(event.amount, event.currency).padEnd(10)} ${event.status}`)] : []),
  ];
}

/** `hookwarden review list|show|confirm|dismiss|release-event|reject-event`: the fraud review queue (audited as the CLI). */
export async function reviewCommand(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  if (action === "list") {
    const { values } = parseFlags(rest, { status: { type: "string" }, limit: { type: "string" }, json: { type: "boolean" } });
    if (values.status && !(REVIEW_STATUSES as readonly string[]).includes(values.status)) throw new UsageError(`--status must be one of ${REVIEW_STATUSES.join(", ")}`);
    const list = await withDatabase(() => listReviews({ status: values.status ?? "open", limit: values.limit ?? 50 }));
    if (values.json) return print(JSON.stringify(list, null, 2));
    if (list.data.length === 0) return print(`No ${list.status} reviews.`);
    print([...list.data.map(line), `${list.counts.open} open, ${list.counts.confirmed} confirmed, ${list.counts.dismissed} dismissed`]);
    return;
  }
  if (action === "show") {
    const { values, positionals } = parseFlags(rest, { json: { type: "boolean" } }, 1);
    if (!positionals[0]) throw new UsageError("review show needs a review id");
    const review = await withDatabase(() => getReviewOrThrow(positionals[0]!));
    print(values.json ? JSON.stringify(review, null, 2) : describeReview(review));
    return;
  }
  if (action === "confirm" || action === "dismiss") {
    const { values, positionals } = parseFlags(rest, { reason: { type: "string" } }, 1);
    if (!positionals[0]) throw new UsageError(`review ${action} needs a review id`);
    if (!values.reason) throw new UsageError(`review ${action} needs --reason TEXT`);
    const outcome = await withDatabase(() => decideReview(positionals[0]!, action, { reason: values.reason }, cliContext()));
    print(
      outcome.status === "dismissed"
        ? `Review ${outcome.id} dismissed as legitimate; ${outcome.released} held event(s) went back to processing.`
        : `Review ${outcome.id} confirmed as fraud; ${outcome.stillHeld} event(s) stay held (release-event or reject-event each).`,
    );
    return;
  }
  if (action === "release-event" || action === "reject-event") {
    const { values, positionals } = parseFlags(rest, { reason: { type: "string" }, endpoint: { type: "string" } }, 2);
    if (!positionals[0] || !positionals[1]) throw new UsageError(`review ${action} needs a review id and an event id (evt_...)`);
    if (!values.reason) throw new UsageError(`review ${action} needs --reason TEXT`);
    const decision = action === "release-event" ? "release" : "reject";
    const outcome = await withDatabase(() => decideHeldEvent(positionals[0]!, { stripeEventId: positionals[1]!, endpoint: values.endpoint }, decision, { reason: values.reason }, cliContext()));
    print(decision === "release" ? `Event ${outcome.eventId} released: it is applied once, now.` : `Event ${outcome.eventId} rejected: it never applies.`);
    return;
  }
  throw new UsageError(action ? `unknown review action "${action}"` : "review needs an action: list, show, confirm, dismiss, release-event or reject-event");
}
