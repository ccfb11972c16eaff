import { recordAlert } from "../alerts/record-alert";
import { openAtRest } from "../crypto/keys";
import { pool, poolSql } from "../db";
import { recordAudit } from "../audit/record-audit";
import { env } from "../env";
import { log } from "../log";
import { destinationAlertSubject } from "./destination-alerts";
import { countAttempt, destinationMetricName } from "./destination-metrics-source";
import { AUTO_PAUSE_REASON, type AttemptOutcome } from "./destination-states";
import { signDestinationMessage } from "./destination-signing";
import { sendToDestination, type SendResult } from "./send-to-destination";

/** The most deliveries one round claims; each customer's oldest pending one only (their order). */
const ROUND_SIZE = 200;
/** Sends in flight at once, across destinations and customers. */
const CONCURRENCY = 16;

type Claimed = {
  id: string;
  destination_id: string;
  event_id: string;
  attempts: number;
  deadline: Date;
  url: string;
  allow_internal: boolean;
  secret_ciphertext: Buffer;
  previous_secret_ciphertext: Buffer | null;
  previous_secret_expires_at: Date | null;
  stripe_event_id: string;
  type: string;
  stripe_created_at: Date;
  payload_ciphertext: Buffer | null;
  destination_name: string;
  endpoint_name: string;
};

export type DispatchSummary = { rounds: number; attempts: number; delivered: number; failed: number; dead: number; paused: string[] };

/** How long to wait after the `attempts`-th failure: 10 s, doubled each time, at most 1 hour, with up to 20% added at random (no thundering herd). */
export function destinationRetryDelayMs(attempts: number, random = Math.random): number {
  const base = Math.min(10_000 * 2 ** Math.max(0, attempts - 1), 60 * 60_000);
  return Math.round(base * (1 + 0.2 * random()));
}

/**
 * Sends what is due to the destinations, in rounds, until nothing is due or `budgetMs` has
 * passed. A round claims (with a lease, SKIP LOCKED: instances never send one delivery at
 * once) each customer's oldest pending delivery per destination, and only when it is due:
 * a customer's later events wait behind an earlier one that is backing off, so they arrive
 * in order. Paused destinations are skipped; their backlog waits. `now` moves the clock in tests.
 */
export async function dispatchDestinations(options: { now?: () => Date; budgetMs?: number } = {}): Promise<DispatchSummary> {
  const clock = options.now ?? (() => new Date());
  const started = Date.now();
  const summary: DispatchSummary = { rounds: 0, attempts: 0, delivered: 0, failed: 0, dead: 0, paused: [] };
  while (Date.now() - started < (options.budgetMs ?? 10_000)) {
    const claimed = await claimDue(clock());
    if (claimed.length === 0) break;
    summary.rounds += 1;
    let next = 0;
    const worker = async () => {
      while (next < claimed.length) {
        const delivery = claimed[next++]!;
        const outcome = await attempt(delivery, clock);
        summary.attempts += 1;
        if (outcome.delivered) summary.delivered += 1;
        else summary.failed += 1;
        if (outcome.dead) summary.dead += 1;
        if (outcome.paused) summary.paused.push(delivery.destination_name);
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, claimed.length) }, worker));
  }
  return summary;
}

async function claimDue(now: Date): Promise<Claimed[]> {
  const leaseSeconds = env().HOOKWARDEN_DESTINATION_TIMEOUT_SECONDS + 30;
  const { rows } = await pool().query<Claimed>(
    `WITH due AS (
       SELECT d.id FROM destination_delivery d JOIN destination t ON t.id = d.destination_id AND t.state = 'active'
        WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND (d.lease_until IS NULL OR d.lease_until < $1)
          AND NOT EXISTS (SELECT 1 FROM destination_delivery e WHERE e.destination_id = d.destination_id AND e.ordering_key = d.ordering_key
                                                              AND e.status = 'pending' AND e.id < d.id)
        ORDER BY d.id LIMIT $2 FOR UPDATE OF d SKIP LOCKED
     ), leased AS (
       UPDATE destination_delivery x SET lease_until = $1::timestamptz + make_interval(secs => $3) FROM due WHERE x.id = due.id
       RETURNING x.id, x.destination_id, x.event_id, x.attempts, x.deadline
     )
     SELECT leased.id::text, leased.destination_id, leased.event_id, leased.attempts, leased.deadline, t.url, t.allow_internal, t.secret_ciphertext,
            t.previous_secret_ciphertext, t.previous_secret_expires_at, e.stripe_event_id, e.type, e.stripe_created_at, e.payload_ciphertext,
            t.name AS destination_name, ep.name AS endpoint_name
       FROM leased JOIN destination t ON t.id = leased.destination_id JOIN stripe_event e ON e.id = leased.event_id JOIN endpoint ep ON ep.id = t.endpoint_id
      ORDER BY leased.id`,
    [now, ROUND_SIZE, leaseSeconds],
  );
  return rows;
}

/** The message a destination receives: Stripe's event as Stripe sent it, in the Standard Webhooks envelope. */
export function destinationMessageBody(event: { type: string; stripeCreatedAt: Date; rawPayload: string }): string {
  return `{"type":${JSON.stringify(event.type)},"timestamp":${JSON.stringify(event.stripeCreatedAt.toISOString())},"data":${event.rawPayload}}`;
}

async function attempt(delivery: Claimed, clock: () => Date): Promise<{ delivered: boolean; dead: boolean; paused: boolean }> {
  let result: SendResult;
  if (delivery.payload_ciphertext === null) {
    result = { outcome: "failed", statusCode: null, latencyMs: 0, error: "the event's raw payload was removed (retention or an erasure): there is nothing to forward", responseExcerpt: null };
  } else {
    const body = destinationMessageBody({ type: delivery.type, stripeCreatedAt: delivery.stripe_created_at, rawPayload: openAtRest(delivery.payload_ciphertext).toString("utf8") });
    const secrets = [openAtRest(delivery.secret_ciphertext).toString("utf8")];
    if (delivery.previous_secret_ciphertext && delivery.previous_secret_expires_at && delivery.previous_secret_expires_at > new Date()) {
      secrets.push(openAtRest(delivery.previous_secret_ciphertext).toString("utf8"));
    }
    const headers = signDestinationMessage(delivery.stripe_event_id, new Date(), body, secrets);
    result = await sendToDestination({ url: delivery.url, allowInternal: delivery.allow_internal }, headers, body, env().HOOKWARDEN_DESTINATION_TIMEOUT_SECONDS * 1000);
  }
  return record(delivery, result, clock(), delivery.payload_ciphertext === null);
}

async function record(delivery: Claimed, result: SendResult, now: Date, hopeless: boolean): Promise<{ delivered: boolean; dead: boolean; paused: boolean }> {
  const attempts = delivery.attempts + 1;
  const delivered = result.outcome === "delivered";
  const nextAttemptAt = new Date(now.getTime() + destinationRetryDelayMs(attempts));
  const dead = !delivered && (hopeless || nextAttemptAt > delivery.deadline);
  const status = delivered ? "delivered" : dead ? "dead" : "pending";
  const error = dead && !hopeless ? `gave up after ${attempts} attempts (the retry window ended): ${result.error ?? "not delivered"}` : result.error;
  const { rows } = await pool().query<{ paused: boolean; failing_since: Date | null }>(
    `WITH updated AS (
       UPDATE destination_delivery SET status = $2, attempts = $3, next_attempt_at = $4, lease_until = NULL, last_error = $5, last_status_code = $6,
              delivered_at = CASE WHEN $2 = 'delivered' THEN $7 ELSE delivered_at END
        WHERE id = $1::bigint AND status = 'pending' RETURNING id
     ), attempt AS (
       INSERT INTO destination_attempt (delivery_id, destination_id, at, outcome, status_code, latency_ms, error, response_excerpt)
       SELECT id, $8::uuid, $7, $9, $6, $10, $5, $11 FROM updated
     )
     UPDATE destination SET
       consecutive_failures = CASE WHEN $2 = 'delivered' THEN 0 ELSE consecutive_failures + 1 END,
       failing_since = CASE WHEN $2 = 'delivered' THEN NULL ELSE coalesce(failing_since, $7) END,
       last_success_at = CASE WHEN $2 = 'delivered' THEN $7 ELSE last_success_at END
     WHERE id = $8::uuid AND EXISTS (SELECT 1 FROM updated)
     RETURNING state = 'paused' AS paused, failing_since`,
    [delivery.id, status, attempts, nextAttemptAt, error, result.statusCode, now, delivery.destination_id, result.outcome satisfies AttemptOutcome, result.latencyMs, result.responseExcerpt],
  );
  countAttempt(destinationMetricName(delivery.endpoint_name, delivery.destination_name), result.outcome, result.latencyMs, dead);
  const subject = destinationAlertSubject(delivery.endpoint_name, delivery.destination_name);
  if (dead) {
    await recordAlert({
      kind: "destination_dead",
      severity: "critical",
      subject,
      message: `A delivery of ${delivery.stripe_event_id} (${delivery.type}) to "${delivery.destination_name}" is dead: ${error ?? "not delivered"}. Retry it from the destination's page once the app accepts deliveries again.`,
      detail: { destination: delivery.destination_id, ledgerEventId: delivery.event_id },
    });
  }
  const failingSince = rows[0]?.failing_since ?? null;
  const pauseMinutes = env().HOOKWARDEN_DESTINATION_PAUSE_MINUTES;
  let paused = false;
  if (!delivered && pauseMinutes > 0 && failingSince && now.getTime() - failingSince.getTime() >= pauseMinutes * 60_000) {
    const pausedRows = await pool().query(
      `UPDATE destination SET state = 'paused', paused_at = $2, paused_reason = $3 WHERE id = $1::uuid AND state = 'active' AND failing_since IS NOT NULL RETURNING id`,
      [delivery.destination_id, now, `${AUTO_PAUSE_REASON} for ${pauseMinutes} minutes (last: ${result.error ?? "not delivered"})`.slice(0, 500)],
    );
    if (pausedRows.rowCount === 1) {
      paused = true;
      log.warn("destination paused automatically", { destination: delivery.destination_name, endpoint: delivery.endpoint_name });
      await recordAudit(poolSql(), { actor: { kind: "system" }, action: "destinations.auto_pause", subject, before: { state: "active" }, after: { state: "paused" }, detail: `every attempt failed for ${pauseMinutes} minutes` });
      await recordAlert({
        kind: "destination_paused",
        severity: "critical",
        subject,
        message: `"${delivery.destination_name}" was paused: every attempt failed for ${pauseMinutes} minutes (last: ${result.error ?? "not delivered"}). Its deliveries are kept; resume it once the app is back.`,
        detail: { destination: delivery.destination_id },
      });
    }
  }
  return { delivered, dead, paused };
}
