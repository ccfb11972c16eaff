import { processStripeEventHandler, type Steps } from "../../inngest/functions/process-stripe-event";
import { UnrecordedOutcomeError } from "../processing/process-ledger-event";
import type { StripeEventReceived } from "../../inngest/events";
import { pool } from "../db";
import { env } from "../env";
import { beat, forgetBeat } from "../health/heartbeat";
import { offShutdown, onShutdown } from "../lifecycle/shutdown-state";
import { log } from "../log";
import { RECEIVED_EVENT_COLUMNS } from "./sweep-ledger";

/**
 * The embedded default: the ledger is the queue, and this scheduler runs the same
 * Inngest function handler in-process for events that are `queued` (or `failed`
 * and due for a retry). Bounded parallelism; never two events with the same
 * concurrency key (the Stripe customer, else the object) at once, and each key's
 * events in the order they were received. The claim inside the handler is atomic,
 * so a second runner (another process) is safe.
 */
const IDLE_POLL_MS = 1_000;
const BATCH = 200;

/** Steps run once, in order; the ledger status makes a crashed run safe to redo. */
const embeddedSteps: Steps = { run: (_id, fn) => fn() };

async function candidates(): Promise<StripeEventReceived[]> {
  const result = await pool().query<StripeEventReceived>(
    // Two index range scans merged, not one `OR` that walks every settled row:
    // the cost stays flat however large the ledger grows.
    `(SELECT ${RECEIVED_EVENT_COLUMNS}, first_received_at AS "receivedAt" FROM stripe_event
       WHERE status = 'queued' ORDER BY first_received_at, id LIMIT $1)
     UNION ALL
     (SELECT ${RECEIVED_EVENT_COLUMNS}, first_received_at AS "receivedAt" FROM stripe_event
       WHERE status = 'failed' AND next_attempt_at <= now() ORDER BY first_received_at, id LIMIT $1)
     ORDER BY "receivedAt", "ledgerEventId" LIMIT $1`,
    [BATCH],
  );
  return result.rows;
}

/** Claims of this process whose attempt could not record its outcome: ledger event id → the claim's attempt number. */
const unrecordedClaims = new Map<string, number>();

async function runOne(data: StripeEventReceived): Promise<void> {
  try {
    await processStripeEventHandler({ event: { data }, step: embeddedSteps });
  } catch (error) {
    // The handler records failures in the ledger itself; this is a failure to even do that.
    if (error instanceof UnrecordedOutcomeError) unrecordedClaims.set(error.ledgerEventId, error.attempts);
    log.warn("processing attempt failed", { stripeEventId: data.stripeEventId, error });
  }
}

/**
 * Puts back in the queue the events whose attempt in this process lost the database before it
 * could record an outcome, as soon as the database answers again (else they would wait in
 * `processing` for the sweeper's stale-claim check). Only while the claim is still that
 * attempt's; a claim that moved on is left alone. Throws while the database is still away.
 */
async function releaseUnrecordedClaims(): Promise<void> {
  if (unrecordedClaims.size === 0) return;
  const claims = [...unrecordedClaims];
  const released = await pool().query(
    `WITH released AS (
       UPDATE stripe_event e SET status = 'queued'
       FROM unnest($1::uuid[], $2::int[]) AS claim(id, attempts)
       WHERE e.id = claim.id AND e.status = 'processing' AND e.attempts = claim.attempts RETURNING e.id)
     INSERT INTO event_status_change (event_id, from_status, to_status, reason)
     SELECT id, 'processing', 'queued', $3 FROM released`,
    [claims.map(([id]) => id), claims.map(([, attempts]) => attempts), UNRECORDED_CLAIM_REASON],
  );
  for (const [id] of claims) unrecordedClaims.delete(id);
  if (released.rowCount) log.info("requeued events whose attempt lost the database", { events: released.rowCount });
}

/** The history's reason when releaseUnrecordedClaims puts an event back in the queue. */
export const UNRECORDED_CLAIM_REASON = "the attempt lost the database before recording its outcome; back to the queue";

/**
 * Processes queued events until none is left (or `stopped()` says so), with at most
 * `concurrency` at once. It reads candidates in batches and works through each batch
 * before reading again. Returns how many events were handed to the handler.
 */
export async function drainQueue(options: { concurrency?: number; stopped?: () => boolean } = {}): Promise<number> {
  const concurrency = options.concurrency ?? env().HOOKWARDEN_RUNNER_CONCURRENCY;
  const inFlight = new Map<string, Promise<void>>();
  const launched = new Set<string>();
  let handled = 0;
  await releaseUnrecordedClaims();
  for (;;) {
    if (options.stopped?.()) break;
    const batch = (await candidates()).filter((data) => !launched.has(data.ledgerEventId));
    beat("embedded runner");
    if (batch.length === 0) {
      if (inFlight.size === 0) break;
      await Promise.race(inFlight.values());
      continue;
    }
    // Keys seen earlier in this batch: a later event of the same key waits for the next batch.
    const seen = new Set<string>();
    let launchedNow = 0;
    for (const data of batch) {
      if (options.stopped?.()) break;
      const blocked = inFlight.has(data.concurrencyKey) || seen.has(data.concurrencyKey);
      seen.add(data.concurrencyKey);
      if (blocked) continue;
      while (inFlight.size >= concurrency) await Promise.race(inFlight.values());
      // A stop that came while waiting for a free slot: claim nothing more.
      if (options.stopped?.()) break;
      if (inFlight.has(data.concurrencyKey)) continue;
      launched.add(data.ledgerEventId);
      const run = runOne(data).finally(() => {
        inFlight.delete(data.concurrencyKey);
        launched.delete(data.ledgerEventId);
      });
      inFlight.set(data.concurrencyKey, run);
      launchedNow += 1;
      handled += 1;
    }
    // Everything left in the batch waits for a key in flight: let one finish before reading again.
    if (launchedNow === 0 && inFlight.size > 0) await Promise.race(inFlight.values());
  }
  await Promise.all(inFlight.values());
  return handled;
}

type RunnerState = { running: boolean; wake?: () => void; loop?: Promise<void> };
const globalForRunner = globalThis as unknown as { hookwardenRunner?: RunnerState };

/** Events a previous run of this process claimed but did not finish go back to the queue. */
export async function resumeInterrupted(startedAt: Date): Promise<void> {
  const moved = await pool().query(
    `WITH moved AS (
       UPDATE stripe_event SET status = 'queued' WHERE status = 'processing' AND claimed_at < $1 RETURNING id)
     INSERT INTO event_status_change (event_id, from_status, to_status, reason)
     SELECT id, 'processing', 'queued', 'resumed after a restart' FROM moved`,
    [startedAt],
  );
  if (moved.rowCount) log.info("resumed interrupted events", { events: moved.rowCount });
}

/**
 * Starts this process's runner loop. At shutdown (registered below) it stops claiming and
 * waits for the events it already launched.
 */
export function startEmbeddedRunner(): void {
  if (globalForRunner.hookwardenRunner?.running) return;
  const state: RunnerState = { running: true };
  globalForRunner.hookwardenRunner = state;
  const startedAt = new Date();
  beat("embedded runner", startedAt);
  onShutdown("claims", "embedded runner", stopEmbeddedRunner);
  state.loop = (async () => {
    await resumeInterrupted(startedAt).catch((error: unknown) => log.warn("could not resume interrupted events", { error }));
    while (state.running) {
      beat("embedded runner");
      try {
        await drainQueue({ stopped: () => !state.running });
      } catch (error) {
        log.warn("embedded runner could not read the queue", { error });
      }
      if (!state.running) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, IDLE_POLL_MS);
        state.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      state.wake = undefined;
    }
  })();
}

/** Intake calls this after recording a new event, so it is processed without waiting for the poll. */
export function wakeEmbeddedRunner(): void {
  globalForRunner.hookwardenRunner?.wake?.();
}

/** Stops claiming new events at once, and resolves when every event already launched has finished. */
export async function stopEmbeddedRunner(): Promise<void> {
  const state = globalForRunner.hookwardenRunner;
  if (!state) return;
  state.running = false;
  state.wake?.();
  offShutdown("claims", "embedded runner");
  await state.loop;
  if (globalForRunner.hookwardenRunner === state) globalForRunner.hookwardenRunner = undefined;
  forgetBeat("embedded runner");
}
