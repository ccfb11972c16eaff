import type { AuditContext } from "../audit/audit-actor";
import { pool, withTransaction } from "../db";
import { AppError } from "../errors";
import { recordFetchedEvent } from "../ledger/record-fetched-event";
import { wakeEmbeddedRunner } from "../queue/embedded-runner";
import { StripeNotFoundError } from "../stripe-api/stripe-api";
import { stripeApiForEndpoint } from "../stripe-api/stripe-api-for-endpoint";
import { repairEvent, repairEventId as repairEventIdFor } from "./audit-drift";
import { fetchStripeObject } from "./fetch-stripe-object";
import { auditRepair } from "./record-finding";
import { REPAIRABLE_FINDINGS, type FindingKind } from "./reconciliation-kinds";
import { fetchStripeEvent } from "./source-of-truth";

type FindingRow = { id: string; run_id: string; kind: FindingKind; subject: string; status: string; stripe: Record<string, unknown> | null; ours: Record<string, unknown> | null; endpoint_id: string };

/** The type of event that carries each repair through its handler. */
const REPAIR_EVENT_TYPES: Partial<Record<FindingKind, { type: string; objectType: string }>> = {
  subscription_missing: { type: "customer.subscription.created", objectType: "subscription" },
  subscription_drift: { type: "customer.subscription.updated", objectType: "subscription" },
  transaction_unpaid_here: { type: "payment_intent.succeeded", objectType: "payment_intent" },
};

/** The `created` of the newest event applied to the subject, so the repair event is ordered after it. */
async function lastApplied(subject: string): Promise<Date | null> {
  const [kind, id] = [subject.slice(0, subject.indexOf(":")), subject.slice(subject.indexOf(":") + 1)];
  const rows =
    kind === "subscription"
      ? await pool().query<{ at: Date | null }>(`SELECT last_event_created_at AS at FROM subscription WHERE id = $1`, [id])
      : await pool().query<{ at: Date | null }>(`SELECT last_event_created_at AS at FROM payment_transaction WHERE reference = $1`, [id]);
  return rows.rows[0]?.at ?? null;
}

/**
 * One-click repair of an open finding (from a dry run, or one left open): fetches Stripe's
 * state again, now (it may have moved since the run), and sends it through the effect path
 * like the run would have; the finding records the event, the audit log the operator.
 */
export async function repairOpenFinding(findingId: string, audit: AuditContext): Promise<{ findingId: string; repairEventId: string }> {
  if (!/^[0-9]{1,18}$/.test(findingId)) throw new AppError("not_found", `No finding ${findingId}.`);
  const rows = await pool().query<FindingRow>(
    `SELECT f.id::text, f.run_id, f.kind, f.subject, f.status, f.stripe, f.ours, r.endpoint_id
     FROM reconciliation_finding f JOIN reconciliation_run r ON r.id = f.run_id WHERE f.id = $1::bigint`,
    [findingId],
  );
  const finding = rows.rows[0];
  if (!finding) throw new AppError("not_found", `No finding ${findingId}.`);
  if (finding.status !== "open") throw new AppError("conflict", `Finding ${findingId} is ${finding.status} already.`);
  if (!REPAIRABLE_FINDINGS.includes(finding.kind)) throw new AppError("conflict", `A ${finding.kind} finding cannot be repaired automatically; it needs an operator's decision.`);
  const api = await stripeApiForEndpoint(finding.endpoint_id);
  if (!api) throw new AppError("conflict", "The run's endpoint has no Stripe API key any more.");

  const objectId = finding.subject.slice(finding.subject.indexOf(":") + 1);
  let event: Record<string, unknown>;
  let origin: "recovered" | "repair";
  try {
    if (finding.kind === "missed_event") {
      event = (await fetchStripeEvent(api, objectId)) as unknown as Record<string, unknown>;
      origin = "recovered";
    } else {
      const repair = REPAIR_EVENT_TYPES[finding.kind]!;
      const id = repair.objectType === "payment_intent" ? String(finding.stripe?.paymentIntent ?? "") : objectId;
      const object = await fetchStripeObject(api, repair.objectType, id);
      event = repairEvent(repairEventIdFor(finding.run_id, `f${finding.id}`), repair.type, object, api.livemode, await lastApplied(finding.subject));
      origin = "repair";
    }
  } catch (error) {
    if (error instanceof StripeNotFoundError) throw new AppError("conflict", `Stripe no longer has ${objectId}: nothing to repair from.`);
    throw error;
  }

  const repairEventId = await withTransaction(async (sql) => {
    const locked = await sql.query<{ status: string }>(`SELECT status FROM reconciliation_finding WHERE id = $1::bigint FOR UPDATE`, [findingId]);
    if (locked[0]?.status !== "open") throw new AppError("conflict", `Finding ${findingId} was settled meanwhile.`);
    const eventId = await recordFetchedEvent({ endpointId: finding.endpoint_id, runId: finding.run_id, event, origin, reason: `${origin} by an operator's repair of finding ${findingId}` }, sql);
    if (!eventId) throw new AppError("conflict", `The ledger already has ${String(event.id)}; nothing to repair.`);
    await sql.query(`UPDATE reconciliation_finding SET status = 'repaired', repair_event_id = $2::uuid, repaired_at = now() WHERE id = $1::bigint`, [findingId, eventId]);
    await sql.query(`UPDATE reconciliation_run SET repaired = repaired + 1 WHERE id = $1::uuid`, [finding.run_id]);
    await auditRepair(sql, audit, finding, `${finding.kind} (finding ${findingId}): repaired through ${origin} event ${String(event.id)}`);
    return eventId;
  });
  wakeEmbeddedRunner();
  return { findingId, repairEventId };
}
