import { inngest } from "../../inngest/client";
import { stripeEventReceived, type StripeEventReceived } from "../../inngest/events";
import { pool } from "../db";
import { log } from "../log";

/**
 * Hands recorded events to Inngest and marks them queued. The Inngest event id is
 * the Stripe event id, so a repeat send (sweeper after a crash) is dropped by
 * Inngest; the UPDATE only moves events that are still `received`.
 */
export async function sendToInngest(events: StripeEventReceived[]): Promise<number> {
  if (events.length === 0) return 0;
  await inngest.send(events.map((data) => stripeEventReceived.create(data, { id: data.stripeEventId })));
  const marked = await pool().query(
    `WITH moved AS (
       UPDATE stripe_event SET status = 'queued', enqueued_at = now()
       WHERE id = ANY($1::uuid[]) AND status = 'received' RETURNING id)
     INSERT INTO event_status_change (event_id, from_status, to_status, reason) SELECT id, 'received', 'queued', 'sent to Inngest' FROM moved`,
    [events.map((event) => event.ledgerEventId)],
  );
  return marked.rowCount ?? 0;
}

/** After the answer: a failure here is logged and left to the sweeper. */
export function sendToInngestInBackground(event: StripeEventReceived): void {
  sendToInngest([event]).catch((error: unknown) => {
    log.warn("could not hand event to Inngest; the sweeper will retry", { stripeEventId: event.stripeEventId, error });
  });
}
