import { sha256Hex } from "../crypto/cipher";
import { openAtRest } from "../crypto/keys";
import { recordAlert } from "../alerts/record-alert";
import { confirmTypesOf, handlerTypeOf } from "../reconcile/confirm-policy";
import { confirmWithSource, fetchCurrentObject, fetchStripeEvent, fetchThinEvent, fetchThinEventObject, type ThinEventJson } from "../reconcile/source-of-truth";
import { stripeAccessFor } from "../stripe-api/stripe-api-for-endpoint";
import { StripeApi, StripeUnavailableError } from "../stripe-api/stripe-api";
import { readRateFor } from "../stripe-api/stripe-read-rate";
import { pool, poolSql, withTransaction, type Sql } from "../db";
import { holdFor } from "../gatekeeper/holds";
import { observePayment } from "../gatekeeper/fraud/observe-payment";
import { actorName, recordAudit } from "../audit/record-audit";
import type { AuditContext } from "../audit/audit-actor";
import { env } from "../env";
import type { EventStatus } from "../ledger/event-status";
import { transactionSubject } from "../transactions/transaction-subject";
import { HANDLERS } from "./handlers";
import { MalformedEventError, type AppliedEffect, type HandlerOutcome, type StripeObject } from "./handler-types";
import type { Evidence } from "../quarantine/quarantine-reasons";
import { observeProcessingDelay } from "../metrics/processing-metrics";
import { setEventStatus } from "./set-event-status";
import { FORWARD_PROCESSED_EVENT_SQL, forwardParameters } from "../destinations/forward-processed-event";

export type ProcessOutcome = {
  ledgerEventId: string;
  /** What this call did; `skipped` when another worker had it, or it was not claimable. */
  outcome: "processed" | "ignored" | "quarantined" | "awaiting_link" | "held" | "failed" | "dead" | "skipped";
  status: EventStatus | null;
  error?: string;
};

/** Statuses from which a worker may claim an event. */
export const CLAIMABLE: EventStatus[] = ["received", "queued", "failed", "awaiting_link"];
/** Statuses from which an operator may replay an event. */
export const REPLAYABLE: EventStatus[] = ["failed", "dead", "ignored", "held"];

export type ProcessOptions = {
  /** An operator asked (release or replay): who, from where, and the action; recorded in the audit log with the outcome. */
  audit?: { context: AuditContext; action: "events.release" | "events.replay" | "events.reconcile"; subject: string };
  /** An operator released the event from quarantine with this reason: apply without the cross-check. */
  release?: { reason: string };
  /** An operator replays a failed, dead, ignored or held event. */
  replay?: { reason: string };
  /** An operator applies Stripe's copy of the event (fetched now) in place of the delivered one: from the replayable statuses or quarantine. */
  reconcile?: { reason: string };
};

/** Statuses from which an operator may apply Stripe's copy of an event. */
export const RECONCILABLE: EventStatus[] = [...REPLAYABLE, "quarantined"];

class LostClaimError extends Error {}

/** Retry delay after the n-th failed attempt: 2 s, 4 s, 8 s … capped at 5 minutes. */
export function backoffSeconds(attempt: number): number {
  return Math.min(300, 2 ** Math.max(1, attempt));
}

type ClaimedEvent = {
  id: string;
  status: EventStatus;
  /** The status before this claim. */
  old_status: EventStatus;
  attempts: number;
  stripe_event_id: string;
  type: string;
  stripe_created_at: Date;
  livemode: boolean;
  first_received_at: Date;
  link_deadline: Date | null;
  /** Null once retention or an erasure removed the raw payload: only Stripe's copy can be processed then. */
  payload_ciphertext: Buffer | null;
  origin: string;
  confirmed_at: Date | null;
  no_reference_policy: string;
  endpoint_name: string;
  thin: boolean;
  confirm_event_types: string[] | null;
  confirm_types_set: boolean;
  stripe_api_key_ciphertext: Buffer | null;
  stripe_api_key_reference: string | null;
  endpoint_id: string;
  customer_id: string | null;
  hold_released_at: Date | null;
};

// Claim and load in one statement. The row lock makes one claimer win; a type
// without a handler is marked `ignored` right here, so it costs nothing more.
const CLAIM_SQL = `
WITH target AS (
  SELECT id, status AS old, attempts, type FROM stripe_event WHERE id = $1 AND status = ANY($2::text[]) FOR UPDATE
), claimed AS (
  UPDATE stripe_event e SET
    status = CASE WHEN regexp_replace(target.type, '^v1\\.', '') = ANY($3::text[]) THEN 'processing' ELSE 'ignored' END,
    attempts = target.attempts + 1, claimed_at = now(), next_attempt_at = NULL,
    processed_at = CASE WHEN regexp_replace(target.type, '^v1\\.', '') = ANY($3::text[]) THEN e.processed_at ELSE now() END
  FROM target WHERE e.id = target.id
  RETURNING e.id, e.status, e.attempts, target.old, target.old AS old_status, e.stripe_event_id, e.type, e.stripe_created_at, e.livemode,
            e.first_received_at, e.link_deadline, e.payload_ciphertext, e.endpoint_id, e.origin, e.confirmed_at,
            e.customer_id, e.hold_released_at
), history AS (
  INSERT INTO event_status_change (event_id, from_status, to_status, reason, actor)
  SELECT id, old, 'processing', $4, $5 FROM claimed
  UNION ALL
  SELECT id, 'processing', 'ignored', 'no handler for ' || type, $5 FROM claimed WHERE status = 'ignored'
)
SELECT claimed.*, ep.no_reference_policy, ep.name AS endpoint_name, ep.thin, ep.confirm_event_types, ep.confirm_types_set, ep.stripe_api_key_ciphertext, ep.stripe_api_key_reference
FROM claimed JOIN endpoint ep ON ep.id = claimed.endpoint_id`;

// Finish an applied event in one statement, inside the processing transaction:
// mark it processed (only if our claim still holds), write its effect and its
// history, put back in the queue the events that waited for these links, and write
// one delivery per matching destination (the outbox the destination dispatcher drains).
const FINISH_SQL = `
WITH done AS (
  UPDATE stripe_event SET status = 'processed', processed_at = now(), last_error = NULL, awaiting_object_id = NULL
  WHERE id = $1::uuid AND status = 'processing' AND attempts = $2 RETURNING id
), effect_row AS (
  INSERT INTO effect (event_id, kind, subject, summary, detail) SELECT id, $3, $4, $5, $6::jsonb FROM done
), history AS (
  INSERT INTO event_status_change (event_id, from_status, to_status, reason, actor) SELECT id, 'processing', 'processed', $7, $8 FROM done
), woken AS (
  UPDATE stripe_event SET status = 'queued', awaiting_object_id = NULL
  WHERE status = 'awaiting_link' AND awaiting_object_id = ANY($9::text[]) AND EXISTS (SELECT 1 FROM done) RETURNING id
), woken_history AS (
  INSERT INTO event_status_change (event_id, from_status, to_status, reason) SELECT id, 'awaiting_link', 'queued', $10 FROM woken
), forwarded AS (
  ${FORWARD_PROCESSED_EVENT_SQL}
)
SELECT count(*)::int AS finished FROM done`;

/**
 * Processes one ledger event exactly once (invariant 2):
 * claim (atomic: one worker wins) → cross-reference → apply the effect and mark the
 * event processed in ONE database transaction. The effect row's key is the event,
 * and the finish only succeeds while this worker's claim holds, so even a second
 * claimer could not apply it twice. Failures are recorded with their reason and
 * retried with backoff; a malformed event is dead at once.
 */
export async function processLedgerEvent(ledgerEventId: string, options: ProcessOptions = {}): Promise<ProcessOutcome> {
  const actor = options.audit ? actorName(options.audit.context.actor) : "system";
  const from: EventStatus[] = options.release ? ["quarantined"] : options.reconcile ? RECONCILABLE : options.replay ? REPLAYABLE : CLAIMABLE;
  const reason = options.release ? `released by an operator: ${options.release.reason}` : (options.reconcile?.reason ?? options.replay?.reason ?? "claimed for processing");
  const claimed = await pool().query<ClaimedEvent>(CLAIM_SQL, [ledgerEventId, from, Object.keys(HANDLERS), reason, actor]);
  const event = claimed.rows[0];
  if (!event) {
    const current = await pool().query<{ status: EventStatus }>(`SELECT status FROM stripe_event WHERE id = $1`, [ledgerEventId]);
    return { ledgerEventId, outcome: "skipped", status: current.rows[0]?.status ?? null };
  }
  try {
    return await processClaimed(event, actor, options);
  } catch (error) {
    // Even the failure could not be recorded (the database went away mid-attempt): the claim still holds the event.
    throw new UnrecordedOutcomeError(event.id, event.attempts, error);
  }
}

/**
 * An attempt ended without recording its outcome, so the event is still `processing` under this
 * attempt's claim. The embedded runner puts it back in the queue once the database answers
 * (server/queue/embedded-runner.ts); without that, only the sweeper's stale-claim check would,
 * STALE_PROCESSING_SECONDS later.
 */
export class UnrecordedOutcomeError extends Error {
  constructor(
    readonly ledgerEventId: string,
    /** The claim's attempt number: a later claim of the same event is never released by mistake. */
    readonly attempts: number,
    cause: unknown,
  ) {
    super(`the outcome of attempt ${attempts} could not be recorded: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** Everything after a successful claim; whatever it throws left the claim in place. */
async function processClaimed(event: ClaimedEvent, actor: string, options: ProcessOptions): Promise<ProcessOutcome> {
  const ledgerEventId = event.id;
  // Every payment outcome is scored for fraud, handled or not, before any hold is asked (server/gatekeeper/fraud/).
  await observePayment({ id: event.id, endpointId: event.endpoint_id, type: event.type, stripeCreatedAt: event.stripe_created_at, receivedAt: event.first_received_at, payloadCiphertext: event.payload_ciphertext });
  if (event.status === "ignored") {
    if (options.audit) await withTransaction((sql) => auditOutcome(sql, options.audit, event.old_status, "ignored"));
    return { ledgerEventId, outcome: "ignored", status: "ignored" };
  }
  let api: StripeApi | null = null;
  try {
    // An operator's release, replay or reconcile is itself the decision to apply; so is a release from a hold.
    if (!options.release && !options.replay && !options.reconcile && event.hold_released_at === null) {
      const held = await holdIfNeeded(event, actor);
      if (held) return held;
    }
    api = await stripeApiFor(event);
    const prepared = await prepareObject(event, api, options);
    return await applyClaimed(event, prepared, actor, options.release, options.audit);
  } catch (error) {
    if (error instanceof LostClaimError) return { ledgerEventId, outcome: "skipped", status: null };
    if (api && willBeDead(event, error)) {
      const healed = await reconciliationFetch(event, api, error, actor, options);
      if (healed.outcome) return healed.outcome;
      return recordFailure(event, error, options.audit, healed.error);
    }
    return recordFailure(event, error, options.audit);
  }
}

/**
 * Holds the event when a breaker or a fraud review says its effect must wait (server/gatekeeper/holds.ts):
 * recorded and acknowledged already, it stays `held` until its holder releases it.
 */
async function holdIfNeeded(event: ClaimedEvent, actor: string): Promise<ProcessOutcome | null> {
  const candidate = { id: event.id, endpointId: event.endpoint_id, type: event.type, customerId: event.customer_id, livemode: event.livemode, createdAt: event.stripe_created_at };
  if (!(await holdFor(poolSql(), candidate))) return null;
  return withTransaction(async (sql) => {
    await assertClaimHolds(sql, event);
    // Asked again under the event's row lock, so a hold lifted meanwhile is not applied.
    const hold = await holdFor(sql, candidate);
    if (!hold) return null;
    await setEventStatus(sql, event.id, "processing", { to: "held", reason: hold.reason, actor, fields: { heldRef: hold.ref } });
    return { ledgerEventId: event.id, outcome: "held" as const, status: "held" as const };
  });
}

const apiCache = new Map<string, StripeApi | null>();

/**
 * The endpoint's Stripe client, or null without a key. Cached by what the key depends on
 * (the endpoint, its stored ciphertext or its reference's current value, the configuration), so
 * a stored key is decrypted once, not on every event: processing only needs the account's
 * shared rate limiter. A referenced key is read through the secret cache (memory while fresh),
 * so a key rolled at its provider gets a new client.
 */
async function stripeApiFor(event: ClaimedEvent): Promise<StripeApi | null> {
  const config = env();
  const row = { name: event.endpoint_name, stripe_api_key_ciphertext: event.stripe_api_key_ciphertext, stripe_api_key_reference: event.stripe_api_key_reference };
  const referenced = event.stripe_api_key_reference ? await stripeAccessFor(row) : undefined;
  const cacheKey = [
    event.endpoint_name,
    event.stripe_api_key_ciphertext?.toString("base64") ?? "",
    referenced ? `${event.stripe_api_key_reference}:${sha256Hex(referenced.apiKey)}` : "",
    config.STRIPE_API_KEY ?? "",
    config.HOOKWARDEN_STRIPE_API_BASE ?? "",
    config.HOOKWARDEN_DEMO_STRIPE,
  ].join("|");
  if (apiCache.has(cacheKey)) return apiCache.get(cacheKey)!;
  const access = referenced === undefined ? await stripeAccessFor(row) : referenced;
  const api = access
    ? new StripeApi({ apiKey: access.apiKey, apiBase: access.apiBase, ratePerSecond: readRateFor(access.apiKey, config.HOOKWARDEN_STRIPE_READ_RATE), backoffMs: config.HOOKWARDEN_STRIPE_RETRY_BASE_MS, maxAttempts: 3 })
    : null;
  apiCache.set(cacheKey, api);
  return api;
}

type Prepared = {
  object: StripeObject;
  /** Set when confirm with source found the event unknown to Stripe or different there. */
  unconfirmed?: { evidence: Evidence; summary: string };
  /** Stripe's API vouched for the object (confirmed, fetched for a thin event, or recovered from it). */
  confirmed: boolean;
  /** How the object was obtained, for the event's history. */
  note?: string;
};

/**
 * The object the handler applies: the delivered snapshot, or for a thin event the related
 * object fetched from Stripe. Payment-success events (per the endpoint's policy) are first
 * confirmed with Stripe, unless an operator released them or Stripe already vouched for them.
 */
async function prepareObject(event: ClaimedEvent, api: StripeApi | null, options: ProcessOptions): Promise<Prepared> {
  if (event.payload_ciphertext === null && !options.reconcile) {
    throw new MalformedEventError("its raw payload was removed (retention or a data-subject erasure); only Stripe's copy can be processed");
  }
  const payload = (event.payload_ciphertext === null ? {} : JSON.parse(openAtRest(event.payload_ciphertext).toString("utf8"))) as { object?: string; data?: { object?: unknown } };
  if (payload.object === "v2.core.event") {
    if (!api) throw new Error("a thin event needs a Stripe API key for its endpoint: the related object must be fetched");
    const thin = payload as unknown as ThinEventJson;
    // The full event first: Stripe knowing it (same type and object) is what confirms a thin delivery.
    const stripes = await fetchThinEvent(api, thin.id);
    const object = await fetchThinEventObject(api, stripes ?? thin);
    if (!stripes || stripes.type !== thin.type || stripes.related_object?.id !== thin.related_object?.id) {
      const evidence: Evidence = stripes
        ? [
            { field: "type", expected: stripes.type, received: thin.type },
            { field: "related_object", expected: stripes.related_object?.id ?? null, received: thin.related_object?.id ?? null },
          ].filter((row) => row.expected !== row.received)
        : [{ field: "event", expected: "an event Stripe's API knows", received: `${thin.id}: unknown to Stripe` }];
      return { object, confirmed: false, unconfirmed: { evidence, summary: stripes ? `Stripe's copy of ${thin.id} differs` : `Stripe does not know ${thin.id}` } };
    }
    return { object, confirmed: true, note: "thin event confirmed by Stripe; related object fetched from Stripe" };
  }
  if (options.reconcile) {
    if (!api) throw new Error("no Stripe API key for this endpoint: Stripe's copy cannot be fetched");
    const stripes = await fetchStripeEvent(api, event.stripe_event_id);
    if (!stripes.data?.object) throw new Error(`Stripe's copy of ${event.stripe_event_id} has no object`);
    return { object: stripes.data.object, confirmed: true, note: "applied Stripe's copy of the event, fetched by an operator's reconcile" };
  }
  const object = objectOf(payload);
  if (!object) throw new MalformedEventError("the event has no data.object");
  const vouched = event.origin !== "delivery" || event.confirmed_at !== null || options.release !== undefined;
  if (vouched || !api || !confirmTypesOf(event).includes(handlerTypeOf(event.type))) return { object, confirmed: event.origin !== "delivery" || event.confirmed_at !== null };
  const confirmation = await confirmWithSource(api, { id: event.stripe_event_id, type: event.type, livemode: event.livemode, object });
  if (!confirmation.confirmed) return { object, confirmed: false, unconfirmed: { evidence: confirmation.evidence, summary: confirmation.summary } };
  return { object, confirmed: true, note: "confirmed with Stripe" };
}

/** While Stripe's API cannot be asked (an outage), an event waits this many times longer before it is dead: about 3.5 hours with the defaults. */
const STRIPE_OUTAGE_ATTEMPTS_FACTOR = 8;

/** Whether this failure ends the event's retries (malformed, or the last attempt). */
function willBeDead(event: ClaimedEvent, error: unknown): boolean {
  const limit = env().HOOKWARDEN_MAX_ATTEMPTS * (error instanceof StripeUnavailableError ? STRIPE_OUTAGE_ATTEMPTS_FACTOR : 1);
  return isPermanent(error) || event.attempts >= limit;
}

function isPermanent(error: unknown): boolean {
  return error instanceof MalformedEventError || error instanceof SyntaxError;
}

/**
 * The last resort before `dead`: fetch the event's object as Stripe holds it now and
 * process with that. Returns the outcome when it worked, or the second error.
 */
async function reconciliationFetch(event: ClaimedEvent, api: StripeApi, firstError: unknown, actor: string, options: ProcessOptions): Promise<{ outcome?: ProcessOutcome; error?: string }> {
  try {
    const object = await fetchCurrentObject(api, event.stripe_event_id);
    const first = (firstError instanceof Error ? firstError.message : String(firstError)).slice(0, 200);
    return { outcome: await applyClaimed(event, { object, confirmed: true, note: `processed with the state fetched from Stripe after: ${first}` }, actor, options.release, options.audit) };
  } catch (error) {
    if (error instanceof LostClaimError) throw error;
    return { error: (error instanceof Error ? error.message : String(error)).slice(0, 300) };
  }
}

/** The operator's action and what it led to, in the transaction that settles the event (invariant 5). */
async function auditOutcome(sql: Sql, audit: ProcessOptions["audit"], before: EventStatus, after: EventStatus, detail?: string): Promise<void> {
  if (!audit) return;
  await recordAudit(sql, {
    actor: audit.context.actor,
    action: audit.action,
    subject: audit.subject,
    before: { status: before },
    after: { status: after },
    sourceAddress: audit.context.sourceAddress,
    detail: detail ?? null,
  });
}

async function applyClaimed(event: ClaimedEvent, prepared: Prepared, actor: string, release: { reason: string } | undefined, audit: ProcessOptions["audit"]): Promise<ProcessOutcome> {
  const id = event.id;
  const handler = HANDLERS[handlerTypeOf(event.type)]!;
  const { object } = prepared;
  const now = new Date();
  const linkDeadline = event.link_deadline ?? new Date(event.first_received_at.getTime() + env().HOOKWARDEN_LINK_WAIT_SECONDS * 1000);

  const result = await withTransaction(async (sql) => {
    if (prepared.confirmed && event.confirmed_at === null) await sql.query(`UPDATE stripe_event SET confirmed_at = now() WHERE id = $1::uuid`, [id]);
    if (prepared.note) await sql.query(`INSERT INTO event_status_change (event_id, from_status, to_status, reason, actor) VALUES ($1::uuid, 'processing', 'processing', $2, 'system')`, [id, prepared.note.slice(0, 500)]);
    const outcome: HandlerOutcome = prepared.unconfirmed
      ? { kind: "quarantine", reason: "unconfirmed_by_stripe", evidence: prepared.unconfirmed.evidence, summary: prepared.unconfirmed.summary }
      : await handler({
      sql,
      event: { ledgerId: id, stripeEventId: event.stripe_event_id, type: event.type, created: event.stripe_created_at, livemode: event.livemode, firstReceivedAt: event.first_received_at },
      object,
      noReferencePolicy: event.no_reference_policy === "allow" ? "allow" : "quarantine",
      linkDeadline,
      now,
          released: release !== undefined,
        });

    switch (outcome.kind) {
      case "applied": {
        await finishApplied(sql, event, outcome.effect, outcome.linkedObjectIds ?? [], actor, release);
        await auditOutcome(sql, audit, event.old_status, "processed", release ? `reason: ${release.reason}; effect: ${outcome.effect.summary}` : outcome.effect.summary);
        return { ledgerEventId: id, outcome: "processed" as const, status: "processed" as const };
      }
      case "quarantine": {
        await assertClaimHolds(sql, event);
        const subject = outcome.evidence.find((row) => row.field === "reference")?.expected;
        await sql.query(
          `INSERT INTO quarantine_item (event_id, reason, evidence, subject) VALUES ($1::uuid, $2, $3::jsonb, $4)
           ON CONFLICT (event_id) DO UPDATE SET reason = excluded.reason, evidence = excluded.evidence, status = 'open',
             decided_at = NULL, decided_by = NULL, decision_reason = NULL`,
          [id, outcome.reason, JSON.stringify(outcome.evidence), typeof subject === "string" && outcome.reason !== "unknown_reference" ? transactionSubject(subject) : null],
        );
        await setEventStatus(sql, id, "processing", { to: "quarantined", reason: `${outcome.reason}: ${outcome.summary}`, actor });
        await auditOutcome(sql, audit, event.old_status, "quarantined", `${outcome.reason}: ${outcome.summary}`);
        return { ledgerEventId: id, outcome: "quarantined" as const, status: "quarantined" as const };
      }
      case "await_link": {
        await assertClaimHolds(sql, event);
        await setEventStatus(sql, id, "processing", { to: "awaiting_link", reason: outcome.summary, actor, fields: { awaitingObjectId: outcome.objectId, linkDeadline } });
        await auditOutcome(sql, audit, event.old_status, "awaiting_link", outcome.summary);
        return { ledgerEventId: id, outcome: "awaiting_link" as const, status: "awaiting_link" as const };
      }
    }
  });
  // Committed: the queue's delay, unless an operator's release, replay or hold release decided when it applied.
  if (result.outcome === "processed" && !audit && !release && event.hold_released_at === null) observeProcessingDelay(event.first_received_at);
  return result;
}

async function finishApplied(sql: Sql, event: ClaimedEvent, effect: AppliedEffect, linked: string[], actor: string, release: { reason: string } | undefined) {
  const reason = release ? `released: ${effect.summary}` : effect.summary;
  const rows = await sql.query<{ finished: number }>(FINISH_SQL, [
    event.id,
    event.attempts,
    effect.kind,
    effect.subject,
    effect.summary,
    JSON.stringify(effect.detail ?? {}),
    reason.slice(0, 500),
    actor,
    linked,
    `linked by ${event.stripe_event_id}`,
    ...forwardParameters({ endpointId: event.endpoint_id, type: event.type, customerId: event.customer_id, released: release !== undefined }),
  ]);
  if (rows[0]?.finished !== 1) throw new LostClaimError();
  if (event.old_status === "quarantined" && !release) {
    await sql.query(`UPDATE quarantine_item SET status = 'released', decided_by = $2, decided_at = now(), decision_reason = $3 WHERE event_id = $1::uuid AND status = 'open'`, [event.id, actor, "applied Stripe's copy of the event (reconciled)"]);
  }
  if (release) {
    await sql.query(`UPDATE quarantine_item SET status = 'released', decided_by = $2, decided_at = now(), decision_reason = $3 WHERE event_id = $1::uuid`, [event.id, actor, release.reason]);
  }
}

/** Our claim must still hold (a restarted runner may have re-queued and re-claimed the event). */
async function assertClaimHolds(sql: Sql, event: ClaimedEvent): Promise<void> {
  const rows = await sql.query<{ status: EventStatus; attempts: number }>(`SELECT status, attempts FROM stripe_event WHERE id = $1::uuid FOR UPDATE`, [event.id]);
  if (rows[0]?.status !== "processing" || rows[0].attempts !== event.attempts) throw new LostClaimError();
}

function objectOf(parsed: { data?: { object?: unknown } }): StripeObject | null {
  const object = parsed.data?.object;
  return object && typeof object === "object" ? (object as StripeObject) : null;
}

async function recordFailure(event: ClaimedEvent, error: unknown, audit: ProcessOptions["audit"], fetchError?: string): Promise<ProcessOutcome> {
  const id = event.id;
  const attempts = event.attempts;
  const first = (error instanceof Error ? error.message : String(error)).slice(0, 500);
  const message = fetchError ? `${first}; then, with the state fetched from Stripe: ${fetchError}`.slice(0, 900) : first;
  const permanent = isPermanent(error);
  const dead = willBeDead(event, error);
  await withTransaction(async (sql) => {
    const rows = await sql.query<{ status: EventStatus }>(`SELECT status FROM stripe_event WHERE id = $1::uuid FOR UPDATE`, [id]);
    if (rows[0]?.status !== "processing") return;
    await setEventStatus(sql, id, "processing", {
      to: dead ? "dead" : "failed",
      reason: permanent ? `malformed event: ${message}` : dead ? `gave up after ${attempts} attempts: ${message}` : `attempt ${attempts} failed: ${message}`,
      fields: { lastError: message, nextAttemptAt: dead ? null : new Date(Date.now() + backoffSeconds(attempts) * 1000) },
    });
    await auditOutcome(sql, audit, event.old_status, dead ? "dead" : "failed", message);
    if (dead) {
      await recordAlert(
        { kind: "event_dead", severity: "critical", subject: `event:${event.stripe_event_id}`, message: `${event.type} ${event.stripe_event_id} is dead: ${message}`.slice(0, 500), detail: { ledgerEventId: id, reconciliationFetch: fetchError ? "failed" : "not possible (no Stripe API key)" } },
        sql,
      );
    }
  });
  return { ledgerEventId: id, outcome: dead ? "dead" : "failed", status: dead ? "dead" : "failed", error: message };
}
