import { pool } from "../../db";
import { AppError } from "../../errors";
import type { EventStatus } from "../../ledger/event-status";
import { REVIEW_SELECT, reviewSummary, type ReviewRow, type ReviewSummary } from "./list-reviews";
import { SIGNAL_COLUMNS, signalFromRow, type SignalRow } from "./payment-signal-rows";
import { reviewIdOrThrow } from "./review-id";
import { hashTag, parseSubject, signalBelongsTo, SUBJECT_COLUMNS, subjectLabel, type Subject } from "./review-subjects";

/** One payment event of the sequence, as an operator may see it: the card by brand, last 4 and a tag, never its fingerprint. */
export type TimelineEntry = {
  at: string;
  ledgerId: string;
  stripeEventId: string;
  type: string;
  /** The event's status now (held, processed, …). */
  status: EventStatus;
  outcome: "succeeded" | "failed";
  amount: number | null;
  currency: string | null;
  declineCode: string | null;
  /** `visa ••••4242`, or null when the event named no card. */
  card: string | null;
  /** Tells the sequence's cards apart (a keyed hash's first characters), or null. */
  cardTag: string | null;
  customerId: string | null;
  paymentIntentId: string | null;
  /** An invoice's payment: shown, never counted as an attempt. */
  merchantInitiated: boolean;
};

export type HeldEvent = { ledgerId: string; stripeEventId: string; type: string; status: EventStatus; amount: number | null; currency: string | null; receivedAt: string };

export type ReviewDetail = ReviewSummary & {
  /** Every subject the review covers, as shown to an operator. */
  subjects: string[];
  timeline: TimelineEntry[];
  /** True when the window holds more than the timeline shows (the newest are shown). */
  timelineTruncated: boolean;
  /** Events it held (still held, or what became of them since). */
  held: HeldEvent[];
};

const TIMELINE_LIMIT = 500;

/** One review item with its reasons, its sequence as a timeline (linking to each event) and the events it held; 404 when there is none. */
export async function getReviewOrThrow(id: string): Promise<ReviewDetail> {
  const reviewId = reviewIdOrThrow(id);
  const row = (await pool().query<ReviewRow & { subjects: string[]; endpoint_id: string }>(`${REVIEW_SELECT.replace("SELECT r.id,", "SELECT r.id, r.subjects, r.endpoint_id,")} WHERE r.id = $1::uuid`, [reviewId])).rows[0];
  if (!row) throw new AppError("not_found", `No review ${reviewId}.`);
  const subjects = row.subjects.map(parseSubject).filter((subject): subject is Subject => subject !== null);
  const values = (kind: Subject["kind"]) => subjects.filter((subject) => subject.kind === kind).map((subject) => subject.value);
  const [signals, held] = await Promise.all([
    pool().query<SignalRow & { stripe_event_id: string; type: string; status: EventStatus }>(
      `SELECT * FROM (
         SELECT ${SIGNAL_COLUMNS.split(",").map((column) => `s.${column.trim()}`).join(", ")}, e.stripe_event_id, e.type, e.status
         FROM payment_signal s JOIN stripe_event e ON e.id = s.event_id
         WHERE s.endpoint_id = $1::uuid AND s.occurred_at >= $2 AND s.occurred_at <= $3
           AND (s.${SUBJECT_COLUMNS.customer.column} = ANY($4::text[]) OR s.${SUBJECT_COLUMNS.email.column} = ANY($5::text[])
             OR s.${SUBJECT_COLUMNS.address.column} = ANY($6::text[]) OR s.${SUBJECT_COLUMNS.card.column} = ANY($7::text[]))
         ORDER BY s.occurred_at DESC, s.event_id DESC LIMIT ${TIMELINE_LIMIT + 1}
       ) newest ORDER BY occurred_at, event_id`,
      [row.endpoint_id, row.window_start, row.last_signal_at, values("customer"), values("email"), values("address"), values("card")],
    ),
    pool().query<{ id: string; stripe_event_id: string; type: string; status: EventStatus; amount: string | null; currency: string | null; first_received_at: Date }>(
      `SELECT id, stripe_event_id, type, status, amount, currency, first_received_at FROM stripe_event WHERE held_ref = $1 ORDER BY stripe_created_at, id LIMIT 500`,
      [`review:${reviewId}`],
    ),
  ]);
  const truncated = signals.rows.length > TIMELINE_LIMIT;
  const shown = truncated ? signals.rows.slice(1) : signals.rows;
  const timeline = shown.map((signalRow): TimelineEntry => {
    const signal = signalFromRow(signalRow);
    const card = [signal.cardBrand, signal.cardLast4 ? `••••${signal.cardLast4}` : null].filter(Boolean).join(" ");
    return {
      at: signal.occurredAt.toISOString(),
      ledgerId: signal.eventId,
      stripeEventId: signalRow.stripe_event_id,
      type: signalRow.type,
      status: signalRow.status,
      outcome: signal.outcome,
      amount: signal.amount,
      currency: signal.currency,
      declineCode: signal.declineCode,
      card: card || null,
      cardTag: signal.cardHash ? hashTag(signal.cardHash) : null,
      customerId: signal.customerId,
      paymentIntentId: signal.paymentIntentId,
      merchantInitiated: signal.merchantInitiated,
    };
  });
  const shownSignals = shown.map(signalFromRow);
  return {
    ...reviewSummary(row),
    subjects: subjects.map((subject) => {
      const card = subject.kind === "card" ? shownSignals.find((signal) => signalBelongsTo(signal, subject) && (signal.cardLast4 || signal.cardBrand)) : undefined;
      return subjectLabel(subject, card ? { brand: card.cardBrand, last4: card.cardLast4 } : undefined);
    }),
    timeline,
    timelineTruncated: truncated,
    held: held.rows.map((event) => ({
      ledgerId: event.id,
      stripeEventId: event.stripe_event_id,
      type: event.type,
      status: event.status,
      amount: event.amount === null ? null : Number(event.amount),
      currency: event.currency,
      receivedAt: event.first_received_at.toISOString(),
    })),
  };
}
