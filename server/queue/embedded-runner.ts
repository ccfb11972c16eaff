import { processStripeEventHandler, type Steps } from "../../inngest/functions/process-stripe-event";
import type { StripeEventReceived } from "../../inngest/events";
import { pool } from "../db";
import { log } from "../log";

/**
 * The embedded default: the ledger is the queue, and this loop runs the same
 * Inngest function handlers in-process for events in status `queued`. The claim
 * inside the handler is atomic, so several runners (several processes) are safe.
 */
const IDLE_POLL_MS = 1_000;
const BATCH = 25;

/** Steps run once, in order; the ledger status makes a crashed run safe to redo. */
const embeddedSteps: Steps = { run: (_id, fn) => fn() };

type RunnerState = { running: boolean; wake?: () => void; loop?: Promise<void> };
const globalForRunner = globalThis as unknown as { hookwardenRunner?: RunnerState };

async function nextBatch(): Promise<StripeEventReceived[]> {
  const result = await pool().query<StripeEventReceived>(
    `SELECT id AS "ledgerEventId", stripe_event_id AS "stripeEventId", endpoint_id AS "endpointId", type
     FROM stripe_event WHERE status = 'queued' ORDER BY first_received_at LIMIT $1`,
    [BATCH],
  );
  return result.rows;
}

/** Processes every queued event once; returns how many were handed to the handler. */
export async function drainQueue(): Promise<number> {
  let handled = 0;
  for (;;) {
    const batch = await nextBatch();
    if (batch.length === 0) return handled;
    for (const data of batch) {
      try {
        await processStripeEventHandler({ event: { data }, step: embeddedSteps });
      } catch (error) {
        log.error("processing failed", { stripeEventId: data.stripeEventId, error });
        await pool().query(`UPDATE stripe_event SET status = 'failed', last_error = $2 WHERE id = $1`, [
          data.ledgerEventId,
          error instanceof Error ? error.message.slice(0, 500) : "unknown error",
        ]);
      }
      handled += 1;
    }
  }
}

export function startEmbeddedRunner(): void {
  if (globalForRunner.hookwardenRunner?.running) return;
  const state: RunnerState = { running: true };
  globalForRunner.hookwardenRunner = state;
  state.loop = (async () => {
    while (state.running) {
      try {
        await drainQueue();
      } catch (error) {
        log.warn("embedded runner could not read the queue", { error });
      }
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

export async function stopEmbeddedRunner(): Promise<void> {
  const state = globalForRunner.hookwardenRunner;
  if (!state) return;
  state.running = false;
  state.wake?.();
  await state.loop;
  globalForRunner.hookwardenRunner = undefined;
}
