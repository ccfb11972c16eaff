import { newPaymentFlow, paymentIntent, stripeEvent } from "@/cli/simulate/stripe-events";
import { pool } from "@/server/db";
import { registerTransaction } from "@/server/transactions/register-transaction";
import { forceOpenBreaker } from "@/server/gatekeeper/force-open-breaker";
import { deliver, endpointWithSecret, signedDelivery } from "./intake";
import { settleEvents } from "./settle";
import { cliContext } from "./users";

/** The type the gatekeeper tests hold: a payment's success, registered first, so a released one is applied (`processed`). */
export const HELD_TYPE = "payment_intent.succeeded";

/** A new endpoint whose breaker an admin forced open for HELD_TYPE. */
export async function endpointWithOpenBreaker(reason = "suspicious burst, holding while we look") {
  const endpoint = await endpointWithSecret();
  const breaker = await forceOpenBreaker({ endpoint: endpoint.name, eventTypes: [HELD_TYPE], reason }, cliContext);
  return { ...endpoint, breakerId: breaker.id };
}

/** A registered payment's `payment_intent.succeeded`, signed and ready to deliver. */
export async function paidEvent() {
  const flow = newPaymentFlow();
  await registerTransaction({ reference: flow.reference, amount: flow.amount, currency: flow.currency, customer: flow.customer });
  return stripeEvent("payment_intent.succeeded", paymentIntent(flow, "succeeded"));
}

/** Delivers `count` signed payment successes to the endpoint and lets processing settle them (held, while a breaker holds the type). */
export async function deliverAndSettle(endpoint: { name: string; secret: string }, count: number) {
  const events = [];
  for (let i = 0; i < count; i++) events.push(await paidEvent());
  for (const event of events) {
    const answer = await deliver(signedDelivery(event, endpoint.name, endpoint.secret));
    if (answer.status !== 200) throw new Error(`delivery answered ${answer.status}: ${answer.text}`);
  }
  await settleEvents(endpoint.name, events.map((event) => event.id));
  const rows = await pool().query<{ id: string; stripe_event_id: string; status: string }>(
    `SELECT e.id, e.stripe_event_id, e.status FROM stripe_event e JOIN endpoint ep ON ep.id = e.endpoint_id WHERE ep.name = $1 AND e.stripe_event_id = ANY($2::text[]) ORDER BY e.first_received_at`,
    [endpoint.name, events.map((event) => event.id)],
  );
  return rows.rows;
}

/** Statuses of these ledger events, in the given order. */
export async function statusesOf(ids: string[]): Promise<string[]> {
  const rows = await pool().query<{ id: string; status: string }>(`SELECT id, status FROM stripe_event WHERE id = ANY($1::uuid[])`, [ids]);
  const byId = new Map(rows.rows.map((row) => [row.id, row.status]));
  return ids.map((id) => byId.get(id) ?? "missing");
}

/** The audit entries of one action about one subject, oldest first. */
export async function auditEntries(action: string, subject?: string) {
  const rows = await pool().query<{ actor_kind: string; actor_label: string | null; subject: string | null; detail: string | null; before: unknown; after: unknown }>(
    `SELECT actor_kind, actor_label, subject, detail, before, after FROM audit_entry WHERE action = $1 AND ($2::text IS NULL OR subject = $2) ORDER BY id`,
    [action, subject ?? null],
  );
  return rows.rows;
}
