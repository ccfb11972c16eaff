import { z } from "zod";
import { pool } from "../../db";
import { invalidInput } from "../../errors";
import { decodeEventCursor, encodeEventCursor } from "../../ledger/event-cursor";
import { parseSubject } from "./review-subjects";
import { REVIEW_KINDS, REVIEW_STATUSES, type ReviewKind, type ReviewStatus } from "./review-kinds";
import type { RiskLevel, ScoredReason, SubjectKind } from "./score-payment-sequence";

export const ReviewListQuerySchema = z
  .object({
    status: z.enum(REVIEW_STATUSES, { error: `status must be one of ${REVIEW_STATUSES.join(", ")}` }).default("open"),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number({ error: "limit must be a number" }).int("limit must be a whole number").min(1, "limit is at least 1").max(200, "limit is at most 200").default(50),
  })
  .superRefine((query, context) => {
    if (query.cursor && !decodeEventCursor(query.cursor)) context.addIssue({ code: "custom", path: ["cursor"], message: "cursor is not one this console handed out" });
  });
export type ReviewListQuery = z.input<typeof ReviewListQuerySchema>;

/** A review item as every surface shows it: no e-mail address, street or fingerprint, ever. */
export type ReviewSummary = {
  id: string;
  endpoint: string;
  kind: ReviewKind;
  kindExplanation: string;
  /** `customer cus_…`, `card visa ••••4242 #a1b2c3`, `e-mail address #…`, `billing address #…`. */
  subject: string;
  subjectKind: SubjectKind | null;
  customerId: string | null;
  score: number;
  peakScore: number;
  level: RiskLevel;
  status: ReviewStatus;
  reasons: ScoredReason[];
  /** Whether its customer's success events are held while it is open. */
  holdsCustomer: boolean;
  /** Events it holds now. */
  heldEvents: number;
  openedAt: string;
  updatedAt: string;
  /** The timeline's window, in Stripe's `created` time. */
  windowStart: string;
  lastSignalAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
};

export type ReviewRow = {
  id: string;
  endpoint: string;
  kind: ReviewKind;
  subject: string;
  subject_label: string;
  customer_id: string | null;
  score: number;
  peak_score: number;
  level: RiskLevel;
  status: ReviewStatus;
  reasons: ScoredReason[];
  hold_customer: boolean;
  held_events: number;
  opened_at: Date;
  updated_at: Date;
  window_start: Date;
  last_signal_at: Date;
  decided_by: string | null;
  decided_by_label: string | null;
  decided_at: Date | null;
  decision_reason: string | null;
};

/** The columns of a ReviewRow, from `review_item r` (with the endpoint's name and who decided, by name). */
export const REVIEW_SELECT = `
  SELECT r.id, ep.name AS endpoint, r.kind, r.subject, r.subject_label, r.customer_id, r.score, r.peak_score, r.level, r.status, r.reasons,
         r.hold_customer, r.opened_at, r.updated_at, r.window_start, r.last_signal_at, r.decided_by, r.decided_at, r.decision_reason,
         (SELECT count(*)::int FROM stripe_event e WHERE e.held_ref = 'review:' || r.id::text AND e.status = 'held') AS held_events,
         coalesce(u.email, k.name) AS decided_by_label
  FROM review_item r
  JOIN endpoint ep ON ep.id = r.endpoint_id
  LEFT JOIN app_user u ON r.decided_by = 'user:' || u.id::text
  LEFT JOIN api_key k ON r.decided_by = 'api_key:' || k.id::text`;

export function reviewSummary(row: ReviewRow): ReviewSummary {
  return {
    id: row.id,
    endpoint: row.endpoint,
    kind: row.kind,
    kindExplanation: REVIEW_KINDS[row.kind] ?? row.kind,
    subject: row.subject_label,
    subjectKind: parseSubject(row.subject)?.kind ?? null,
    customerId: row.customer_id,
    score: row.score,
    peakScore: row.peak_score,
    level: row.level,
    status: row.status,
    reasons: row.reasons,
    holdsCustomer: row.hold_customer,
    heldEvents: row.held_events,
    openedAt: row.opened_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    windowStart: row.window_start.toISOString(),
    lastSignalAt: row.last_signal_at.toISOString(),
    decidedBy: row.decided_by === null ? null : (row.decided_by_label ?? row.decided_by),
    decidedAt: row.decided_at?.toISOString() ?? null,
    decisionReason: row.decision_reason,
  };
}

export type ReviewList = { status: ReviewStatus; data: ReviewSummary[]; nextCursor: string | null; counts: Record<ReviewStatus, number> };

/**
 * Review items of one status (open by default), newest opened first with keyset pagination, and
 * how many there are of each status. Each carries its score, reasons and how many events it holds.
 */
export async function listReviews(input: ReviewListQuery | Record<string, unknown> = {}): Promise<ReviewList> {
  const parsed = ReviewListQuerySchema.safeParse(input ?? {});
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const { status, cursor, limit } = parsed.data;
  const after = cursor ? decodeEventCursor(cursor) : null;
  const [rows, counts] = await Promise.all([
    pool().query<ReviewRow>(
      `${REVIEW_SELECT}
       WHERE r.status = $1 ${after ? "AND (r.opened_at, r.id) < ($3::timestamptz, $4::uuid)" : ""}
       ORDER BY r.opened_at DESC, r.id DESC LIMIT $2`,
      after ? [status, limit + 1, after.receivedAt, after.id] : [status, limit + 1],
    ),
    pool().query<{ status: ReviewStatus; n: number }>(`SELECT status, count(*)::int AS n FROM review_item GROUP BY status`),
  ]);
  const shown = rows.rows.slice(0, limit);
  const last = shown.at(-1);
  return {
    status,
    data: shown.map(reviewSummary),
    nextCursor: rows.rows.length > limit && last ? encodeEventCursor(last.opened_at, last.id) : null,
    counts: Object.fromEntries(REVIEW_STATUSES.map((name) => [name, counts.rows.find((row) => row.status === name)?.n ?? 0])) as Record<ReviewStatus, number>,
  };
}

/** Open review items: the console's navigation badge and the overview's number (one index range count). */
export async function countOpenReviews(): Promise<number> {
  return (await pool().query<{ n: number }>(`SELECT count(*)::int AS n FROM review_item WHERE status = 'open'`)).rows[0]!.n;
}

