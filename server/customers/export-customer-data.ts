import type { AuditContext } from "../audit/audit-actor";
import { recordAudit } from "../audit/record-audit";
import { withTransaction } from "../db";
import { customerEntitlements } from "../subscriptions/customer-entitlements";
import { loadCustomerRecords, parseCustomerId } from "./load-customer-records";

export const CUSTOMER_EXPORT_FORMAT = "hookwarden.customer-export.v1";

const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : value);
const plain = (row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, iso(value)]));

/**
 * Everything Hookwarden holds about one customer, as one JSON document (a data-subject access
 * request): each event that names them with its payload as Stripe sent it (decrypted: it is
 * their own data; the masked copy where retention or an erasure removed it), its deliveries'
 * metadata, status history, effect and quarantine; the registered payments, subscriptions,
 * invoices and entitlements; reconciliation findings and alerts about any of these. The audit
 * entry (`customers.export`) holds counts, never content, and commits only once `output.write`
 * has written the document. Unknown customer: not_found, and nothing is written.
 */
export async function exportCustomerData(input: string, audit: AuditContext, output: { destination: string; write: (json: string) => Promise<void> }) {
  const customerId = parseCustomerId(input);
  return withTransaction(async (sql) => {
    // One snapshot for every read, so the document is consistent even while events arrive.
    await sql.query(`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ`);
    const records = await loadCustomerRecords(sql, customerId, { lock: false });
    const ids = records.eventIds;
    // One connection: the statements run one after another.
    const deliveries = await sql.query(`SELECT event_id, id::text, received_at, signature_timestamp, source_ip, kind, verdict FROM delivery WHERE event_id = ANY($1::uuid[]) ORDER BY received_at, id`, [ids]);
    const history = await sql.query(`SELECT event_id, from_status, to_status, reason, actor, at FROM event_status_change WHERE event_id = ANY($1::uuid[]) ORDER BY at, id`, [ids]);
    const effects = await sql.query(`SELECT * FROM effect WHERE event_id = ANY($1::uuid[]) OR subject = ANY($2::text[]) ORDER BY applied_at, event_id`, [ids, records.subjects]);
    const quarantine = await sql.query(`SELECT * FROM quarantine_item WHERE event_id = ANY($1::uuid[]) OR subject = ANY($2::text[]) ORDER BY created_at, event_id`, [ids, records.subjects]);
    const findings = await sql.query(`SELECT id::text, run_id, kind, subject, ours, stripe, since, status, repaired_at, created_at FROM reconciliation_finding WHERE subject = ANY($1::text[]) ORDER BY id`, [records.subjects]);
    const alerts = await sql.query(`SELECT id::text, at, kind, severity, subject, message, detail, resolved_at FROM alert WHERE subject = ANY($1::text[]) ORDER BY id`, [records.subjects]);
    const byEvent = <T extends Record<string, unknown>>(rows: T[]) => {
      const map = new Map<string, Record<string, unknown>[]>();
      for (const row of rows) {
        const { event_id: eventId, ...rest } = row;
        map.set(String(eventId), [...(map.get(String(eventId)) ?? []), plain(rest)]);
      }
      return map;
    };
    const deliveriesOf = byEvent(deliveries);
    const historyOf = byEvent(history);
    const document = {
      format: CUSTOMER_EXPORT_FORMAT,
      customer: customerId,
      exportedAt: new Date().toISOString(),
      events: records.events.map((event) => ({
        ledgerId: event.id,
        id: event.stripe_event_id,
        type: event.type,
        endpoint: event.endpoint,
        status: event.status,
        livemode: event.livemode,
        objectId: event.object_id,
        amount: event.amount === null ? null : Number(event.amount),
        currency: event.currency,
        stripeCreatedAt: iso(event.stripe_created_at),
        firstReceivedAt: iso(event.first_received_at),
        lastReceivedAt: iso(event.last_received_at),
        deliveryCount: event.delivery_count,
        origin: event.origin,
        lastError: event.last_error,
        payload: records.payloads.get(event.id) ?? event.masked_payload,
        payloadAsDelivered: records.payloads.has(event.id),
        payloadRemoved: event.payload_removed_at ? { at: iso(event.payload_removed_at), by: event.payload_removed_by } : null,
        deliveries: deliveriesOf.get(event.id) ?? [],
        history: historyOf.get(event.id) ?? [],
      })),
      payments: records.transactions.map(plain),
      subscriptions: records.subscriptions.map(plain),
      invoices: records.invoices.map(plain),
      entitlements: (await customerEntitlements(customerId)).entitlements,
      effects: effects.map(plain),
      quarantine: quarantine.map(plain),
      reconciliationFindings: findings.map(plain),
      alerts: alerts.map(plain),
    };
    const counts = {
      events: document.events.length,
      deliveries: deliveries.length,
      payments: document.payments.length,
      subscriptions: document.subscriptions.length,
      invoices: document.invoices.length,
      effects: effects.length,
      quarantine: quarantine.length,
      findings: findings.length,
    };
    // Written before the audit entry commits: a document that could not be written leaves no entry.
    await output.write(JSON.stringify(document, null, 2) + "\n");
    await recordAudit(sql, { actor: audit.actor, action: "customers.export", subject: `customer:${customerId}`, after: counts, sourceAddress: audit.sourceAddress, detail: `written to ${output.destination}` });
    return { document, counts };
  });
}
