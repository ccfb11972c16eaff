import { openAtRest } from "../../crypto/keys";
import { poolSql, withTransaction, type Sql } from "../../db";
import { log } from "../../log";
import { recordDecision } from "../decisions";
import { featureTallies } from "./feature-tallies";
import { fraudSettings, holdsAt, type FraudSettings } from "./fraud-settings";
import { extractPaymentSignal, paymentSignalType, type PaymentSignal } from "./payment-signal";
import { recordPaymentSignal, SIGNAL_COLUMNS, signalFromRow, type SignalRow, type StoredSignal } from "./payment-signal-rows";
import { signalBelongsTo, subjectLabel, subjectsOfSignal, type Subject } from "./review-subjects";
import { attemptsOf, scorePaymentSequence, SUBJECT_KINDS, type SequenceScore } from "./score-payment-sequence";

/** What processing knows of a claimed event, as far as the fraud scoring needs it. */
export type ObservedEvent = {
  id: string;
  endpointId: string;
  type: string;
  /** Stripe's `created`: the time base of every window. */
  stripeCreatedAt: Date;
  /** The gatekeeper's clock at intake (virtual under the evaluation harness): when a review is opened. */
  receivedAt: Date;
  payloadCiphertext: Buffer | null;
};

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Signals read per scoring: a subject with more within a day is scored on its newest. */
const SIGNALS_LIMIT = 2_000;

/**
 * The fraud scoring's one step in processing, right after the claim and before the hold check,
 * for every payment outcome event (with a handler or without): it records the event's payment
 * signal (once per event), scores the sequence of each subject the signal names (its customer,
 * e-mail address, billing address and card) over the last hour and day of Stripe's `created`,
 * and opens or refreshes a review item when a subject scores `elevated` or more. It never stops
 * processing: a failure here is logged, and the event goes on as if it were not a payment.
 */
export async function observePayment(event: ObservedEvent): Promise<void> {
  try {
    await observe(event);
  } catch (error) {
    log.warn("fraud scoring skipped an event", { ledgerEventId: event.id, type: event.type, error });
  }
}

async function observe(event: ObservedEvent): Promise<void> {
  const settings = fraudSettings();
  if (!settings.enabled || !paymentSignalType(event.type) || event.payloadCiphertext === null) return;
  const payload = JSON.parse(openAtRest(event.payloadCiphertext).toString("utf8")) as { data?: { object?: unknown } };
  const signal = extractPaymentSignal(event.type, payload.data?.object, event.stripeCreatedAt);
  if (!signal) return;
  if (!(await recordPaymentSignal(poolSql(), event, signal))) return;
  await scoreSubjects(event, signal, settings);
}

export type Evaluation = { subject: Subject; score: SequenceScore; signals: StoredSignal[] };

type ItemRow = { id: string; status: string; subject: string; subjects: string[]; last_signal_at: Date };

async function scoreSubjects(event: ObservedEvent, signal: PaymentSignal, settings: FraudSettings): Promise<void> {
  const subjects = subjectsOfSignal(signal);
  if (subjects.length === 0) return;
  const at = signal.occurredAt.getTime();
  const sql = poolSql();
  const [rows, items, tallies] = await Promise.all([
    sql.query<SignalRow>(
      `SELECT ${SIGNAL_COLUMNS} FROM payment_signal
       WHERE endpoint_id = $1::uuid AND occurred_at > $2 AND occurred_at <= $3
         AND (customer_id = $4 OR email_hash = $5 OR address_hash = $6 OR card_hash = $7)
       ORDER BY occurred_at DESC LIMIT ${SIGNALS_LIMIT}`,
      [event.endpointId, new Date(at - DAY_MS), new Date(at + HOUR_MS), signal.customerId, signal.emailHash, signal.addressHash, signal.cardHash],
    ),
    sql.query<ItemRow>(
      `SELECT id, status, subject, subjects, last_signal_at FROM review_item
       WHERE endpoint_id = $1::uuid AND subjects && $2::text[] ORDER BY last_signal_at DESC LIMIT 200`,
      [event.endpointId, subjects.map((subject) => subject.key)],
    ),
    featureTallies(),
  ]);
  const signals = rows.map(signalFromRow);
  const evaluations: Evaluation[] = [];
  for (const subject of subjects) {
    // What a decided review already covered is not counted again: a dismissed sequence does not reopen itself.
    const decidedUpTo = Math.max(0, ...items.filter((item) => item.status !== "open" && item.subjects.includes(subject.key)).map((item) => item.last_signal_at.getTime()));
    const own = signals.filter((candidate) => signalBelongsTo(candidate, subject) && candidate.occurredAt.getTime() > decidedUpTo);
    if (own.length === 0) continue;
    // Scored as of the newest signal near this one, so events that arrive out of order are still counted together.
    const anchor = new Date(Math.max(...own.map((candidate) => candidate.occurredAt.getTime())));
    const score = scorePaymentSequence(attemptsOf(own), anchor, subject.kind, { ...settings, tallies });
    evaluations.push({ subject, score, signals: own });
  }
  const elevated = evaluations.filter((evaluation) => evaluation.score.score >= settings.elevated);
  const coveredByOpen = items.some((item) => item.status === "open");
  if (elevated.length === 0 && !coveredByOpen) return;
  await withTransaction((tx) => openOrRefreshReview(tx, event, evaluations, settings));
}

type OpenItemRow = { id: string; subjects: string[]; customer_id: string | null };

/**
 * Under a per-endpoint lock (so no subject is ever covered by two open items): every open item that
 * covers one of the event's subjects is refreshed with their new scores and timeline end; subjects
 * now elevated join the first such item (one attack is one item); and when no open item covers any,
 * the elevated subjects open a new one, with a `review_opened` decision that carries its explanation.
 */
async function openOrRefreshReview(sql: Sql, event: ObservedEvent, evaluations: Evaluation[], settings: FraudSettings): Promise<void> {
  await sql.query(`SELECT pg_advisory_xact_lock(hashtext('hookwarden:review:' || $1))`, [event.endpointId]);
  const keys = evaluations.map((evaluation) => evaluation.subject.key);
  const open = await sql.query<OpenItemRow>(
    `SELECT id, subjects, customer_id FROM review_item WHERE endpoint_id = $1::uuid AND status = 'open' AND subjects && $2::text[] ORDER BY opened_at, id FOR UPDATE`,
    [event.endpointId, keys],
  );
  const isElevated = (evaluation: Evaluation) => evaluation.score.score >= settings.elevated;
  const covered = new Set(open.flatMap((item) => item.subjects));
  const joining = evaluations.filter((evaluation) => isElevated(evaluation) && !covered.has(evaluation.subject.key));
  for (const [index, item] of open.entries()) {
    const mine = evaluations.filter((evaluation) => item.subjects.includes(evaluation.subject.key));
    await refreshItem(sql, item, index === 0 ? [...mine, ...joining] : mine, settings);
  }
  if (open.length > 0 || joining.length === 0) return;
  await openItem(sql, event, joining, settings);
}

/** The best elevated evaluation: the highest score, a customer before an e-mail address, an address, a card. */
function best(evaluations: Evaluation[]): Evaluation {
  return [...evaluations].sort((a, b) => b.score.score - a.score.score || SUBJECT_KINDS.indexOf(a.subject.kind) - SUBJECT_KINDS.indexOf(b.subject.kind))[0]!;
}

function labelOf(evaluation: Evaluation): string {
  const card = evaluation.subject.kind === "card" ? [...evaluation.signals].reverse().find((signal) => signal.cardLast4 || signal.cardBrand) : undefined;
  return subjectLabel(evaluation.subject, card ? { brand: card.cardBrand, last4: card.cardLast4 } : undefined);
}

/** The customer whose success events the review may hold: the subject, or the one customer its signals name. */
function customerOf(evaluation: Evaluation): string | null {
  if (evaluation.subject.kind === "customer") return evaluation.subject.value;
  const customers = new Set(evaluation.signals.map((signal) => signal.customerId).filter((customer) => customer !== null));
  return customers.size === 1 ? [...customers][0]! : null;
}

async function refreshItem(sql: Sql, item: OpenItemRow, evaluations: Evaluation[], settings: FraudSettings): Promise<void> {
  const elevated = evaluations.filter((evaluation) => evaluation.score.score >= settings.elevated);
  const top = elevated.length > 0 ? best(elevated) : null;
  const lastSignalAt = new Date(Math.max(...evaluations.map((evaluation) => evaluation.score.at.getTime())));
  const subjects = [...new Set([...item.subjects, ...elevated.map((evaluation) => evaluation.subject.key)])];
  await sql.query(
    `UPDATE review_item SET
       subjects = $2::text[],
       last_signal_at = greatest(last_signal_at, $3),
       updated_at = now(),
       score = coalesce($4, score), level = coalesce($5, level), kind = coalesce($6, kind), reasons = coalesce($7::jsonb, reasons),
       peak_score = greatest(peak_score, coalesce($4, 0)),
       window_start = least(window_start, coalesce($8, window_start)),
       hold_customer = hold_customer OR $9,
       customer_id = coalesce(customer_id, $10)
     WHERE id = $1::uuid`,
    [
      item.id,
      subjects,
      lastSignalAt,
      top?.score.score ?? null,
      top?.score.level ?? null,
      top?.score.kind ?? null,
      top ? JSON.stringify(top.score.reasons) : null,
      top?.score.windowStart ?? null,
      top ? holdsAt(settings, top.score.score) : false,
      top ? customerOf(top) : null,
    ],
  );
}

async function openItem(sql: Sql, event: ObservedEvent, elevated: Evaluation[], settings: FraudSettings): Promise<void> {
  const primary = best(elevated);
  const { score } = primary;
  const label = labelOf(primary);
  const customerId = customerOf(primary);
  const hold = holdsAt(settings, score.score) && customerId !== null;
  const subjects = [primary, ...elevated.filter((evaluation) => evaluation !== primary)].map((evaluation) => evaluation.subject.key);
  const windowStart = new Date(Math.min(...elevated.map((evaluation) => evaluation.score.windowStart.getTime())));
  const lastSignalAt = new Date(Math.max(...elevated.map((evaluation) => evaluation.score.at.getTime())));
  const rows = await sql.query<{ id: string }>(
    `INSERT INTO review_item (id, endpoint_id, kind, subject, subjects, subject_label, customer_id, score, peak_score, level, reasons, hold_customer, window_start, last_signal_at, opened_at)
     VALUES (gen_random_uuid(), $1::uuid, $2, $3, $4::text[], $5, $6, $7, $7, $8, $9::jsonb, $10, $11, $12, $13) RETURNING id`,
    [event.endpointId, score.kind, primary.subject.key, subjects, label, customerId, score.score, score.level, JSON.stringify(score.reasons), hold, windowStart, lastSignalAt, event.receivedAt],
  );
  const id = rows[0]!.id;
  await recordDecision(
    {
      at: event.receivedAt,
      endpointId: event.endpointId,
      kind: "review_opened",
      subject: `review:${id}`,
      summary: `${score.kind.replace("_", " ")} on ${label}: score ${score.score} (${score.level}); ${score.reasons
        .slice(0, 3)
        .map((reason) => `${reason.observed} (+${reason.points})`)
        .join("; ")}`,
      explanation: {
        review: id,
        kind: score.kind,
        subject: label,
        score: score.score,
        level: score.level,
        thresholds: { elevated: settings.elevated, highest: settings.highest },
        attempts: score.attempts,
        window: { from: windowStart.toISOString(), to: lastSignalAt.toISOString() },
        reasons: score.reasons,
        alsoScored: elevated.filter((evaluation) => evaluation !== primary).map((evaluation) => ({ subject: labelOf(evaluation), score: evaluation.score.score })),
        holdsCustomer: hold ? customerId : null,
      },
    },
    sql,
  );
}
