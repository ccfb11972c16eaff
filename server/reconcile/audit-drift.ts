import type Stripe from "stripe";
import type { AuditContext } from "../audit/audit-actor";
import { pool } from "../db";
import type { StripeObject } from "../processing/handler-types";
import { ENTITLING_SUBSCRIPTION_STATUSES } from "../subscriptions/customer-entitlements";
import { subscriptionFacts } from "../subscriptions/subscription-facts";
import type { StripeApi } from "../stripe-api/stripe-api";
import { withoutResponse } from "./fetch-stripe-object";
import { repairFinding, reportFinding, type Finding, type RunRef } from "./record-finding";
import type { FindingKind } from "./reconciliation-kinds";
import type { RunProgress } from "./run-progress";

type MirrorRow = {
  id: string;
  customer_id: string;
  status: string;
  price_id: string | null;
  quantity: number | null;
  current_period_end: Date | null;
  cancel_at_period_end: boolean;
  updated_at: Date;
  last_event_created_at: Date;
};

type ComparedSubscription = { customer: string; status: string; price: string | null; quantity: number | null; currentPeriodEnd: string | null; cancelAtPeriodEnd: boolean; entitled: boolean };

function mirrorView(row: MirrorRow): ComparedSubscription {
  return {
    customer: row.customer_id,
    status: row.status,
    price: row.price_id,
    quantity: row.quantity,
    currentPeriodEnd: row.current_period_end?.toISOString() ?? null,
    cancelAtPeriodEnd: row.cancel_at_period_end,
    entitled: ENTITLING_SUBSCRIPTION_STATUSES.includes(row.status),
  };
}

function stripeView(object: StripeObject): ComparedSubscription {
  const facts = subscriptionFacts(object);
  return {
    customer: facts.customerId,
    status: facts.status,
    price: facts.priceId,
    quantity: facts.quantity,
    currentPeriodEnd: facts.currentPeriodEnd?.toISOString() ?? null,
    cancelAtPeriodEnd: facts.cancelAtPeriodEnd,
    entitled: ENTITLING_SUBSCRIPTION_STATUSES.includes(facts.status),
  };
}

/** Only the fields that differ, on both sides, so a finding reads as "status: active → canceled". */
function differing(ours: ComparedSubscription, theirs: ComparedSubscription): { ours: Record<string, unknown>; stripe: Record<string, unknown> } | null {
  const fields = (Object.keys(theirs) as (keyof ComparedSubscription)[]).filter((field) => ours[field] !== theirs[field]);
  if (fields.length === 0) return null;
  return { ours: Object.fromEntries(fields.map((field) => [field, ours[field]])), stripe: Object.fromEntries(fields.map((field) => [field, theirs[field]])) };
}

/**
 * When a repair event says it was created: now, and in any case after the newest event the
 * mirror applied (whose `created` may be this very second, or ahead of our clock), because
 * Stripe's current object is newer than anything applied and the handlers order by `created`.
 */
export function repairCreatedAt(lastApplied: Date | null): number {
  const now = Math.floor(Date.now() / 1000);
  return lastApplied ? Math.max(now, Math.floor(lastApplied.getTime() / 1000) + 1) : now;
}

/** A repair event: Stripe's current object, carried through the same handler a webhook would use. */
export function repairEvent(id: string, type: string, object: StripeObject, livemode: boolean, lastApplied: Date | null): Record<string, unknown> {
  return {
    id,
    object: "event",
    api_version: null,
    created: repairCreatedAt(lastApplied),
    data: { object },
    livemode,
    pending_webhooks: 0,
    request: { id: null, idempotency_key: null },
    type,
  };
}

type Repair = { type: string; object: StripeObject; lastApplied: Date | null };

/** A repair event's id: the run and the object, so one run never repairs one object twice. */
export function repairEventId(runId: string, suffix: string): string {
  return `evt_hwrepair_${runId.replaceAll("-", "").slice(0, 12)}_${suffix}`;
}

async function settle(run: RunRef & { dryRun: boolean }, finding: Finding, repair: Repair | null, api: StripeApi, progress: RunProgress, audit: AuditContext): Promise<void> {
  progress.findings += 1;
  if (run.dryRun || !repair) {
    await reportFinding(run, finding);
    return;
  }
  const event = repairEvent(repairEventId(run.id, String(repair.object.id)), repair.type, repair.object, api.livemode, repair.lastApplied);
  if (await repairFinding(run, finding, { event, origin: "repair", reason: `built from Stripe's current ${repair.object.object} by drift audit ${run.id}` }, audit)) progress.repaired += 1;
}

/**
 * Subscriptions: every one Stripe has (`status=all`, 100 a page), compared page by page
 * with the mirror in one query. A subscription the mirror lacks or holds differently is a
 * finding; entitlements follow from the mirror, so a finding says whether the customer's
 * entitlement differs too.
 */
async function auditSubscriptions(run: RunRef & { dryRun: boolean }, api: StripeApi, progress: RunProgress, audit: AuditContext): Promise<void> {
  const total = await pool().query<{ n: string }>(`SELECT count(*)::text AS n FROM subscription`);
  progress.expected = Number(total.rows[0]?.n ?? 0) || null;
  const pages = api.pages<Stripe.Subscription>("subscriptions", (stripe, page) => stripe.subscriptions.list({ ...page, status: "all" }));
  for await (const page of pages) {
    progress.pages += 1;
    progress.objects += page.length;
    const mirrored = await pool().query<MirrorRow>(
      `SELECT id, customer_id, status, price_id, quantity, current_period_end, cancel_at_period_end, updated_at, last_event_created_at FROM subscription WHERE id = ANY($1::text[])`,
      [page.map((subscription) => subscription.id)],
    );
    const byId = new Map(mirrored.rows.map((row) => [row.id, row]));
    for (const listed of page) {
      progress.compared += 1;
      const object = withoutResponse(listed) as unknown as StripeObject;
      const theirs = stripeView(object);
      const row = byId.get(listed.id);
      if (!row) {
        const kind: FindingKind = "subscription_missing";
        await settle(run, { kind, subject: `subscription:${listed.id}`, ours: null, stripe: theirs, since: null }, { type: "customer.subscription.created", object, lastApplied: null }, api, progress, audit);
        continue;
      }
      const difference = differing(mirrorView(row), theirs);
      if (!difference) continue;
      await settle(run, { kind: "subscription_drift", subject: `subscription:${listed.id}`, ...difference, since: row.updated_at }, { type: "customer.subscription.updated", object, lastApplied: row.last_event_created_at }, api, progress, audit);
    }
    await progress.flush();
  }
}

type OpenTransaction = { reference: string; status: string; amount: number; currency: string; paid_by: string | null; updated_at: Date; last_event_created_at: Date | null };

/**
 * Registered payments: Stripe's payment intents created since the oldest registration we
 * still track (at most 90 days back), matched by `metadata.hookwarden_ref`. A payment Stripe
 * shows as succeeded that is not paid here is repaired through `payment_intent.succeeded`
 * (the cross-check still applies, so a mismatch is quarantined, not booked); a payment paid
 * here whose intent did not succeed at Stripe is reported for an operator.
 */
async function auditTransactions(run: RunRef & { dryRun: boolean }, api: StripeApi, progress: RunProgress, audit: AuditContext): Promise<void> {
  const oldest = await pool().query<{ since: Date | null }>(`SELECT min(created_at) AS since FROM payment_transaction WHERE created_at > now() - interval '90 days'`);
  const since = oldest.rows[0]?.since;
  if (!since) return;
  const created = { gte: Math.floor(since.getTime() / 1000) - 86_400 };
  const pages = api.pages<Stripe.PaymentIntent>("payment intents", (stripe, page) => stripe.paymentIntents.list({ ...page, created }));
  for await (const page of pages) {
    progress.pages += 1;
    progress.objects += page.length;
    const references = page.map((intent) => intent.metadata?.hookwarden_ref).filter((reference): reference is string => typeof reference === "string");
    if (references.length === 0) continue;
    const ours = await pool().query<OpenTransaction>(
      `SELECT reference, status, amount, currency, paid_by, updated_at, last_event_created_at FROM payment_transaction WHERE reference = ANY($1::text[])`,
      [references],
    );
    const byReference = new Map(ours.rows.map((row) => [row.reference, row]));
    for (const listed of page) {
      const transaction = byReference.get(listed.metadata?.hookwarden_ref ?? "");
      if (!transaction) continue;
      progress.compared += 1;
      const object = withoutResponse(listed) as unknown as StripeObject;
      const subject = `transaction:${transaction.reference}`;
      const oursView = { status: transaction.status, paidBy: transaction.paid_by };
      const stripeSide = { paymentIntent: listed.id, status: listed.status, amountReceived: listed.amount_received, currency: listed.currency };
      if (listed.status === "succeeded" && ["pending", "failed", "expired"].includes(transaction.status)) {
        await settle(run, { kind: "transaction_unpaid_here", subject, ours: oursView, stripe: stripeSide, since: transaction.updated_at }, { type: "payment_intent.succeeded", object, lastApplied: transaction.last_event_created_at }, api, progress, audit);
      } else if (transaction.status === "paid" && transaction.paid_by === listed.id && listed.status !== "succeeded") {
        await settle(run, { kind: "transaction_paid_here", subject, ours: oursView, stripe: stripeSide, since: transaction.updated_at }, null, api, progress, audit);
      }
    }
    await progress.flush();
  }
}

/**
 * The drift audit: the subscription mirror, the registered payments and (through the
 * mirror) entitlements against Stripe's current objects. Each difference is a finding
 * (ours, Stripe's, since when); unless it is a dry run, it is repaired through the normal
 * effect path with an audit record.
 */
export async function auditDrift(run: RunRef & { dryRun: boolean }, api: StripeApi, progress: RunProgress, audit: AuditContext): Promise<void> {
  await auditSubscriptions(run, api, progress, audit);
  await auditTransactions(run, api, progress, audit);
}
