/**
 * Seeds a ledger of N events as intake and processing would have left it, in SQL
 * (INSERT … SELECT over generate_series), so a million events take minutes.
 *
 * The traffic spans the 30 days before now. It is made of "units", each a run of events
 * that belong together, with the objects, amounts and customer they share:
 * - a payment (40% of units): payment_intent.created, charge.succeeded,
 *   checkout.session.completed, payment_intent.succeeded; 15% failed once first
 *   (payment_intent.payment_failed, charge.failed), 6% refunded later, 0.6% disputed
 *   (created, closed); 3% quarantined (the session and the payment intent by a reason
 *   drawn from the real list, the charge as missing_reference), decided by an operator
 *   when older than a few days (released, rejected) or still open;
 * - a new subscription (8%): customer, subscription, invoice created/finalized/paid, its payment;
 * - a renewal (22%): invoice upcoming/created/finalized, paid (or payment_failed, 5%),
 *   customer.subscription.updated, on the customer's subscription;
 * - one unrelated event (30%): customer.updated, payout.paid, setup_intent.succeeded…
 * Endpoints default 72%, connect 20%, billing 8%; test mode 8%; 20% of payments are
 * guests (no customer). Customers are skewed: the busiest one has about 1.5% of units.
 * Registered payments, links, effects, quarantine items with evidence, status histories
 * (3+ changes each), retries (4% of events) and replays (0.3%) are written to match.
 * The last minute is still queued or processing; a few charges await a link; a few
 * events failed recently or are dead. Payloads are random bytes of 0.7–3.3 KB (they are
 * ciphertext: incompressible, the larger ones stored out of line, as in production).
 *
 * Plain indexes are dropped during the load and rebuilt after it, and triggers are off:
 * the rollups the triggers keep are computed at the end, as the migration's backfill does.
 */
import type pg from "pg";
import { QUARANTINE_REASONS } from "../../server/quarantine/quarantine-reasons";
import { transactionSubject } from "../../server/transactions/transaction-subject";
import { DESTINATION_TABLES, seedDestinations } from "./seed-destinations";

export const SEED_VERSION = 4;
const SPAN_DAYS = 30;
const EVENTS_PER_UNIT = 3.9;

export type SeedReport = {
  events: number;
  deliveries: number;
  statusChanges: number;
  effects: number;
  quarantined: number;
  openQuarantine: number;
  transactions: number;
  customers: number;
  destinationDeliveries: number;
  destinationAttempts: number;
  ms: number;
};

const NOISE_TYPES = [
  "customer.updated", "payment_method.attached", "product.updated", "price.updated", "balance.available", "payout.created",
  "payout.paid", "setup_intent.succeeded", "customer.tax_id.created", "billing_portal.session.created", "account.updated", "customer.discount.created",
];

// kind, flag (null: always), seq, type, object slot, offset in seconds from the unit's start, handled (has a handler)
const TEMPLATE: [string, string | null, number, string, string, number, boolean][] = [
  ["payment", null, 1, "payment_intent.created", "pi", 0, false],
  ["payment", "failed_first", 2, "payment_intent.payment_failed", "pi", 20, true],
  ["payment", "failed_first", 3, "charge.failed", "ch2", 21, true],
  ["payment", null, 4, "charge.succeeded", "ch", 60, true],
  ["payment", null, 5, "checkout.session.completed", "cs", 61, true],
  ["payment", null, 6, "payment_intent.succeeded", "pi", 61, true],
  ["payment", "refund", 7, "charge.refunded", "ch", 3 * 86_400, true],
  ["payment", "dispute", 8, "charge.dispute.created", "dp", 5 * 86_400, true],
  ["payment", "dispute", 9, "charge.dispute.closed", "dp", 20 * 86_400, true],
  ["subscription", null, 1, "customer.created", "cus", 0, false],
  ["subscription", null, 2, "customer.subscription.created", "sub", 5, true],
  ["subscription", null, 3, "invoice.created", "in", 5, false],
  ["subscription", null, 4, "invoice.finalized", "in", 6, false],
  ["subscription", null, 5, "payment_intent.succeeded", "pi", 8, true],
  ["subscription", null, 6, "invoice.paid", "in", 9, true],
  ["subscription", null, 7, "invoice.payment_succeeded", "in", 9, false],
  ["renewal", null, 1, "invoice.upcoming", "in", -3 * 86_400, false],
  ["renewal", null, 2, "invoice.created", "in", 0, false],
  ["renewal", null, 3, "invoice.finalized", "in", 3_600, false],
  ["renewal", "paid", 4, "invoice.paid", "in", 3_605, true],
  ["renewal", "paid", 5, "invoice.payment_succeeded", "in", 3_605, false],
  ["renewal", "unpaid", 6, "invoice.payment_failed", "in", 3_605, true],
  ["renewal", null, 7, "customer.subscription.updated", "sub", 3_606, true],
  ["noise", null, 1, "(noise)", "misc", 0, false],
];

const OBJECT_TYPES: Record<string, [prefix: string, objectType: string]> = {
  pi: ["pi", "payment_intent"],
  ch: ["ch", "charge"],
  ch2: ["ch", "charge"],
  cs: ["cs_live", "checkout.session"],
  dp: ["dp", "dispute"],
  cus: ["cus", "customer"],
  sub: ["sub", "subscription"],
  in: ["in", "invoice"],
};

const literal = (value: string | number | boolean | null) =>
  value === null ? "NULL" : typeof value === "string" ? `'${value.replace(/'/g, "''")}'` : String(value);

/** Seeds an empty, migrated database. `now` is the end of the traffic's span. */
export async function seedLedger(client: pg.Client, options: { events: number; seed: number; say: (text: string) => void }): Promise<SeedReport> {
  const started = performance.now();
  const n = options.events;
  const units = Math.ceil((n / EVENTS_PER_UNIT) * 1.08) + 20;
  const customers = Math.max(50, Math.round(n / 25));
  const step = async (label: string, sql: string, values: unknown[] = []) => {
    const at = performance.now();
    const result = await client.query(sql, values);
    options.say(`    ${label}: ${result.rowCount ?? 0} rows in ${((performance.now() - at) / 1000).toFixed(1)} s`);
    return result;
  };

  await client.query(`SET session_replication_role = replica`); // triggers (and foreign-key checks) off while loading
  await client.query(`SET work_mem = '256MB'`);
  await client.query(`SET maintenance_work_mem = '512MB'`);
  await client.query(`SELECT setseed($1)`, [((options.seed % 1000) / 1000) * 2 - 1 || 0.42]);

  // Plain indexes (not those behind primary keys and unique constraints) are rebuilt after the load.
  const indexes = await client.query<{ name: string; definition: string }>(`
    SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
    FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace ns ON ns.oid = t.relnamespace
    WHERE ns.nspname = current_schema() AND NOT i.indisprimary AND NOT i.indisunique
      AND t.relname = ANY($1::text[])`, [["stripe_event", "delivery", "event_status_change", "effect", "quarantine_item", "transaction_link", "payment_transaction", ...DESTINATION_TABLES]]);
  for (const index of indexes.rows) await client.query(`DROP INDEX ${index.name}`);

  await client.query(`
    INSERT INTO endpoint (id, name, description) VALUES
      (gen_random_uuid(), 'default', 'the account''s own events'), (gen_random_uuid(), 'connect', 'connected accounts'), (gen_random_uuid(), 'billing', 'subscriptions')
    ON CONFLICT (name) DO NOTHING;
    INSERT INTO signing_secret (id, endpoint_id, ciphertext, fingerprint, label, source)
    SELECT gen_random_uuid(), id, decode(md5(name), 'hex'), substr(md5('fp' || name), 1, 12), name || ' secret', 'cli' FROM endpoint
    ON CONFLICT DO NOTHING`);

  await client.query(`
    CREATE TEMP TABLE seed_template (kind text, flag text, seq int, type text, slot text, offset_s int, handled boolean);
    INSERT INTO seed_template VALUES ${TEMPLATE.map((row) => `(${row.map(literal).join(", ")})`).join(", ")};
    CREATE TEMP TABLE seed_slot (slot text PRIMARY KEY, prefix text, object_type text);
    INSERT INTO seed_slot VALUES ${Object.entries(OBJECT_TYPES).map(([slot, [prefix, type]]) => `(${literal(slot)}, ${literal(prefix)}, ${literal(type)})`).join(", ")};
    CREATE TEMP TABLE seed_blob AS SELECT decode(string_agg(md5(i::text || 'hookwarden'), '' ORDER BY i), 'hex') AS bytes FROM generate_series(1, 320) i`);

  const reasons = Object.keys(QUARANTINE_REASONS).filter((reason) => reason !== "missing_reference");
  await step(
    "units",
    `CREATE TEMP TABLE seed_unit AS
     SELECT u, kind, t0, endpoint_name, livemode, customer, amount, currency,
            flags, q_reason, CASE WHEN q_reason IS NULL THEN NULL WHEN t0 > now() - interval '5 days' THEN 'open' ELSE (ARRAY['open','released','rejected','rejected'])[1 + floor(random() * 4)::int] END AS decision,
            md5(u::text || 'unit') AS tag
     FROM (
       SELECT u, kind, now() - make_interval(secs => random() * ${SPAN_DAYS} * 86400) AS t0,
              CASE WHEN r_endpoint < 0.72 THEN 'default' WHEN r_endpoint < 0.92 THEN 'connect' ELSE 'billing' END AS endpoint_name,
              random() >= 0.08 AS livemode,
              CASE WHEN kind = 'payment' AND random() < 0.2 THEN NULL ELSE 'cus_1' || substr(md5('customer' || floor($2 * power(random(), 2.5))::text), 1, 22) END AS customer,
              (ARRAY[500, 1200, 1999, 2500, 4900, 9900, 15000, 49900])[1 + floor(random() * 8)::int] AS amount,
              (ARRAY['usd','usd','usd','eur','eur','gbp'])[1 + floor(random() * 6)::int] AS currency,
              ARRAY_REMOVE(ARRAY[
                CASE WHEN random() < 0.15 THEN 'failed_first' END,
                CASE WHEN random() < 0.06 THEN 'refund' END,
                CASE WHEN random() < 0.006 THEN 'dispute' END,
                CASE WHEN random() < 0.05 THEN 'unpaid' ELSE 'paid' END], NULL) AS flags,
              CASE WHEN kind = 'payment' AND random() < 0.03 THEN ($3::text[])[1 + floor(random() * cardinality($3::text[]))::int] END AS q_reason
       FROM (
         SELECT u, random() AS r_endpoint,
                CASE WHEN r < 0.40 THEN 'payment' WHEN r < 0.48 THEN 'subscription' WHEN r < 0.70 THEN 'renewal' ELSE 'noise' END AS kind
         FROM (SELECT u, random() AS r FROM generate_series(1, $1::int) u) drawn
       ) kinds
     ) unit`,
    [units, customers, reasons],
  );

  // One row per event, with what the later steps need; the payload is added on the way into stripe_event.
  await step(
    "events (staged)",
    `CREATE TEMP TABLE seed_event AS
     SELECT *, CASE
         WHEN first_received_at > now() - interval '60 seconds' THEN CASE WHEN random() < 0.3 THEN 'processing' ELSE 'queued' END
         WHEN q_event_reason IS NOT NULL THEN CASE WHEN decision = 'released' THEN 'processed' ELSE 'quarantined' END
         WHEN NOT handled THEN 'ignored'
         WHEN type = 'charge.succeeded' AND first_received_at > now() - interval '10 minutes' AND random() < 0.1 THEN 'awaiting_link'
         WHEN first_received_at > now() - interval '30 minutes' AND random() < 0.005 THEN 'failed'
         WHEN random() < 0.0003 THEN 'dead'
         ELSE 'processed' END AS status
     FROM (
       SELECT picked.*,
              CASE picked.slot
                WHEN 'misc' THEN CASE WHEN picked.type LIKE 'balance.%' THEN NULL ELSE left(replace(split_part(picked.type, '.', 1), '_', ''), 4) || '_1' || substr(md5(picked.tag), 1, 22) END
                WHEN 'cus' THEN picked.customer
                WHEN 'sub' THEN 'sub_1' || substr(md5(coalesce(picked.customer, picked.tag) || 'sub'), 1, 22)
                ELSE picked.prefix || '_1' || substr(md5(picked.tag || picked.slot), 1, 22) END AS object_id,
              CASE WHEN picked.slot <> 'misc' OR picked.type ~ '^(customer|payment_method|setup_intent)[.]' THEN picked.customer END AS customer_id
       FROM (
         SELECT gen_random_uuid() AS id, un.u, t.seq, un.kind, un.tag,
                CASE WHEN t.type = '(noise)' THEN (ARRAY[${NOISE_TYPES.map(literal).join(", ")}])[1 + floor(random() * ${NOISE_TYPES.length})::int] ELSE t.type END AS type,
                t.slot, t.handled, un.endpoint_name, un.livemode, un.amount, un.currency, un.decision, un.customer, s.prefix,
                CASE WHEN un.q_reason IS NULL THEN NULL
                     WHEN t.type IN ('checkout.session.completed', 'payment_intent.succeeded') THEN un.q_reason
                     WHEN t.type = 'charge.succeeded' THEN 'missing_reference' END AS q_event_reason,
                coalesce(s.object_type, CASE WHEN t.type = '(noise)' THEN 'other' END) AS object_type,
                un.t0 + make_interval(secs => t.offset_s + random() * 3) AS first_received_at,
                'order_' || un.u AS reference
         FROM seed_unit un
         JOIN seed_template t ON t.kind = un.kind AND (t.flag IS NULL OR t.flag = ANY(un.flags))
         LEFT JOIN seed_slot s ON s.slot = t.slot
         WHERE un.t0 + make_interval(secs => t.offset_s) < now()
         ORDER BY un.u, t.seq
         LIMIT $1
       ) picked
     ) e`,
    [n],
  );
  await client.query(`CREATE INDEX ON seed_event (u, seq); ANALYZE seed_event; ANALYZE seed_unit`);

  await step(
    "stripe_event",
    `INSERT INTO stripe_event (id, endpoint_id, stripe_event_id, type, api_version, livemode, account, stripe_created_at, object_id, object_type,
       customer_id, status, payload_ciphertext, payload_sha256, payload_size, first_received_at, last_received_at, delivery_count,
       last_delivery_kind, seen_signatures, enqueued_at, claimed_at, processed_at, attempts, last_error, awaiting_object_id, link_deadline,
       next_attempt_at, amount, currency)
     SELECT e.id, ep.id, 'evt_1' || substr(md5(e.tag || e.seq || 'evt'), 1, 23), e.type, '2025-09-30.clover', e.livemode,
       CASE WHEN e.endpoint_name = 'connect' THEN 'acct_1' || substr(md5(coalesce(e.customer_id, e.tag) || 'acct'), 1, 15) END,
       e.first_received_at - interval '800 milliseconds', e.object_id, e.object_type, e.customer_id, e.status,
       substr(b.bytes, 1 + (abs(hashtext(e.tag)) % 1024), payload_size), md5(e.tag || e.seq) || md5(e.seq || e.tag), payload_size,
       e.first_received_at, e.first_received_at, 1, 'first', ARRAY[substr(md5(e.tag || e.seq || 'sig'), 1, 24)], e.first_received_at,
       CASE WHEN e.status NOT IN ('queued') THEN e.first_received_at + interval '40 milliseconds' END,
       CASE WHEN e.status IN ('processed', 'ignored') THEN e.first_received_at + interval '90 milliseconds' END,
       CASE WHEN e.status = 'queued' THEN 0 WHEN e.status IN ('failed', 'dead') THEN 3 ELSE 1 END,
       CASE WHEN e.status IN ('failed', 'dead') THEN 'connection terminated unexpectedly' END,
       CASE WHEN e.status = 'awaiting_link' THEN 'pi_1' || substr(md5(e.tag || 'pi'), 1, 22) END,
       CASE WHEN e.status = 'awaiting_link' THEN e.first_received_at + interval '10 minutes' END,
       CASE WHEN e.status = 'failed' THEN now() + interval '2 minutes' END,
       CASE WHEN e.slot IN ('pi', 'ch', 'ch2', 'cs', 'dp', 'in') THEN e.amount END,
       CASE WHEN e.slot IN ('pi', 'ch', 'ch2', 'cs', 'dp', 'in') THEN e.currency END
     FROM (SELECT *, 700 + floor(random() * 2600)::int AS payload_size FROM seed_event) e
     JOIN endpoint ep ON ep.name = e.endpoint_name CROSS JOIN seed_blob b`,
  );

  const sourceIps = ["3.18.12.63", "3.130.192.231", "13.235.14.237", "13.235.122.149", "18.211.135.69", "35.154.171.200", "52.15.183.38", "54.88.130.119", "54.88.130.237", "54.187.174.169", "54.187.205.235", "54.187.216.72"];
  await step(
    "deliveries (first)",
    `INSERT INTO delivery (event_id, endpoint_id, received_at, signature_timestamp, source_ip, matched_secret_id, kind, verdict, recorded_at)
     SELECT e.id, e.endpoint_id, e.first_received_at, e.first_received_at - interval '400 milliseconds',
            ($1::text[])[1 + floor(random() * cardinality($1::text[]))::int], s.id, 'first', 'accepted',
            e.first_received_at + make_interval(secs => (2 + 40 * power(random(), 4)) / 1000)
     FROM stripe_event e JOIN signing_secret s ON s.endpoint_id = e.endpoint_id
     ORDER BY e.first_received_at`,
    [sourceIps],
  );
  await step(
    "deliveries (retries, replays)",
    `INSERT INTO delivery (event_id, endpoint_id, received_at, signature_timestamp, source_ip, matched_secret_id, kind, verdict, recorded_at)
     SELECT d.event_id, d.endpoint_id, d.received_at + later.after, d.signature_timestamp + CASE WHEN later.kind = 'replay' THEN interval '0' ELSE later.after END,
            CASE WHEN later.kind = 'replay' THEN '198.51.100.' || (1 + floor(random() * 200))::int ELSE d.source_ip END,
            d.matched_secret_id, later.kind, 'duplicate', d.received_at + later.after + interval '4 milliseconds'
     FROM (SELECT *, random() AS r FROM delivery) d
     CROSS JOIN LATERAL (
       SELECT 'retry' AS kind, make_interval(hours => attempt * attempt) AS after FROM generate_series(1, 1 + floor(random() * 3)::int) attempt WHERE d.r < 0.04
       UNION ALL
       SELECT 'replay', interval '11 minutes' WHERE d.r >= 0.04 AND d.r < 0.043
     ) later
     WHERE d.received_at + later.after < now()`,
  );
  await step(
    "events' delivery counts",
    `UPDATE stripe_event e SET delivery_count = d.deliveries, last_received_at = d.last_at, last_delivery_kind = d.last_kind
     FROM (SELECT event_id, count(*)::int AS deliveries, max(received_at) AS last_at, (array_agg(kind ORDER BY received_at DESC))[1] AS last_kind
           FROM delivery GROUP BY event_id HAVING count(*) > 1) d
     WHERE e.id = d.event_id`,
  );

  await step(
    "registered payments",
    `INSERT INTO payment_transaction (id, reference, amount, currency, customer, status, paid_by, paid_at, paid_by_customer, amount_refunded, failed_attempts,
       dispute_id, dispute_status, last_event_created_at, created_at, updated_at)
     SELECT gen_random_uuid(), 'order_' || u, amount, currency, customer,
            CASE WHEN 'dispute' = ANY(flags) THEN 'disputed' WHEN 'refund' = ANY(flags) THEN 'refunded' WHEN q_reason IS NULL OR decision = 'released' THEN 'paid' ELSE 'pending' END,
            CASE WHEN q_reason IS NULL OR decision = 'released' THEN 'pi_1' || substr(md5(tag || 'pi'), 1, 22) END,
            CASE WHEN q_reason IS NULL OR decision = 'released' THEN t0 + interval '61 seconds' END, customer,
            CASE WHEN 'refund' = ANY(flags) THEN amount ELSE 0 END, CASE WHEN 'failed_first' = ANY(flags) THEN 1 ELSE 0 END,
            CASE WHEN 'dispute' = ANY(flags) THEN 'dp_1' || substr(md5(tag || 'dp'), 1, 22) END,
            CASE WHEN 'dispute' = ANY(flags) THEN 'lost' END, t0, t0 - interval '5 minutes', t0
     FROM seed_unit WHERE kind = 'payment' AND q_reason IS DISTINCT FROM 'unknown_reference' AND u IN (SELECT u FROM seed_event)`,
  );
  await step(
    "links",
    `INSERT INTO transaction_link (object_id, transaction_id, event_id, created_at)
     SELECT DISTINCT ON (e.object_id) e.object_id, t.id, e.id, e.first_received_at
     FROM seed_event e JOIN seed_unit un ON un.u = e.u JOIN payment_transaction t ON t.reference = e.reference
     WHERE e.kind = 'payment' AND e.slot IN ('cs', 'pi', 'ch', 'ch2', 'dp') AND (un.q_reason IS NULL OR un.decision = 'released')
     ORDER BY e.object_id, e.first_received_at`,
  );
  await step(
    "effects",
    `INSERT INTO effect (event_id, kind, subject, summary, detail, applied_at)
     SELECT e.id,
            CASE e.kind WHEN 'payment' THEN 'transaction_' || split_part(e.type, '.', 2)
                 ELSE CASE WHEN e.slot = 'sub' THEN 'subscription_mirrored' WHEN e.slot = 'pi' THEN 'invoice_payment' ELSE 'invoice_recorded' END END,
            CASE e.kind WHEN 'payment' THEN $1 || e.reference
                 ELSE CASE WHEN e.slot = 'pi' THEN 'invoice:in_1' || substr(md5(e.tag || 'in'), 1, 22) ELSE 'subscription:' || 'sub_1' || substr(md5(coalesce(e.customer_id, e.tag) || 'sub'), 1, 22) END END,
            e.type || ' applied', '{}'::jsonb, e.first_received_at + interval '90 milliseconds'
     FROM seed_event e WHERE e.status = 'processed' AND e.handled`,
    [transactionSubject("")],
  );
  await step(
    "quarantine items",
    `INSERT INTO quarantine_item (event_id, reason, subject, evidence, status, decided_by, decided_at, decision_reason, created_at)
     SELECT e.id, e.q_event_reason,
            CASE WHEN e.q_event_reason IN ('unknown_reference', 'missing_reference') THEN NULL ELSE $1 || e.reference END,
            CASE e.q_event_reason
              WHEN 'amount_mismatch' THEN jsonb_build_array(jsonb_build_object('field', 'amount', 'expected', e.amount, 'received', e.amount - 100))
              WHEN 'currency_mismatch' THEN jsonb_build_array(jsonb_build_object('field', 'currency', 'expected', e.currency, 'received', 'cad'))
              WHEN 'customer_mismatch' THEN jsonb_build_array(jsonb_build_object('field', 'customer', 'expected', 'cus_1expected', 'received', e.customer_id))
              WHEN 'expired_reference' THEN jsonb_build_array(jsonb_build_object('field', 'expires_at', 'expected', e.first_received_at - interval '1 day', 'received', e.first_received_at))
              WHEN 'duplicate_payment' THEN jsonb_build_array(jsonb_build_object('field', 'paid_by', 'expected', 'pi_1other', 'received', e.object_id))
              ELSE jsonb_build_array(jsonb_build_object('field', 'reference', 'expected', e.reference, 'received', NULL)) END,
            coalesce(e.decision, 'open'),
            CASE WHEN e.decision IN ('released', 'rejected') THEN 'api_key:seed' END,
            CASE WHEN e.decision IN ('released', 'rejected') THEN e.first_received_at + interval '2 days' END,
            CASE e.decision WHEN 'released' THEN 'confirmed with the customer' WHEN 'rejected' THEN 'a test payment' END,
            e.first_received_at + interval '90 milliseconds'
     FROM seed_event e WHERE e.q_event_reason IS NOT NULL AND e.status IN ('processed', 'quarantined')`,
    [transactionSubject("")],
  );
  await step(
    "status changes",
    `INSERT INTO event_status_change (event_id, from_status, to_status, reason, actor, at)
     SELECT e.id, c.from_status, c.to_status, c.reason, c.actor, c.at
     FROM stripe_event e
     LEFT JOIN quarantine_item q ON q.event_id = e.id
     CROSS JOIN LATERAL (VALUES
       (1, NULL, 'queued', 'first delivery recorded', 'system', e.first_received_at, true),
       (2, 'queued', 'processing', 'claimed for processing', 'system', e.first_received_at + interval '40 milliseconds', e.status <> 'queued'),
       (3, 'processing', CASE WHEN q.event_id IS NOT NULL THEN 'quarantined' ELSE e.status END,
          CASE WHEN q.event_id IS NOT NULL THEN q.reason || ': the event does not agree with the registered payment'
               WHEN e.status = 'ignored' THEN 'no handler for ' || e.type WHEN e.status = 'awaiting_link' THEN 'waiting for its payment intent'
               WHEN e.status IN ('failed', 'dead') THEN 'attempt 3 failed: connection terminated unexpectedly' ELSE e.type || ' applied' END,
          'system', e.first_received_at + interval '90 milliseconds', e.status NOT IN ('queued', 'processing')),
       (4, 'quarantined', CASE q.status WHEN 'released' THEN 'processing' ELSE 'quarantined' END,
          CASE q.status WHEN 'released' THEN 'released by an operator: ' ELSE 'rejected: ' END || coalesce(q.decision_reason, ''), 'api_key:seed', q.decided_at,
          q.status IN ('released', 'rejected')),
       (5, 'processing', 'processed', 'released: ' || e.type || ' applied', 'api_key:seed', q.decided_at + interval '50 milliseconds', q.status = 'released')
     ) c(n, from_status, to_status, reason, actor, at, present)
     WHERE c.present`,
  );

  await seedDestinations(step);

  await step(
    "per-minute rollup",
    `INSERT INTO intake_minute (minute, shard, deliveries, events)
     SELECT date_trunc('minute', received_at), (id % 4)::smallint, count(*), count(*) FILTER (WHERE kind = 'first') FROM delivery GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  await step("status tally", `INSERT INTO event_status_tally (status, backend, events) SELECT status, 0, count(*) FROM stripe_event GROUP BY status`);
  await step("open quarantine tally", `INSERT INTO quarantine_open_tally (reason, backend, items) SELECT reason, 0, count(*) FROM quarantine_item WHERE status = 'open' GROUP BY reason`);

  await client.query(`SET session_replication_role = origin`);
  const rebuilt = performance.now();
  for (const index of indexes.rows) await client.query(index.definition);
  options.say(`    ${indexes.rows.length} indexes rebuilt in ${((performance.now() - rebuilt) / 1000).toFixed(1)} s`);
  await client.query(`DROP TABLE seed_event, seed_unit, seed_template, seed_slot, seed_blob`);
  const vacuumed = performance.now();
  await client.query(`VACUUM (ANALYZE)`);
  await client.query(`CHECKPOINT`);
  options.say(`    VACUUM (ANALYZE) in ${((performance.now() - vacuumed) / 1000).toFixed(1)} s`);

  const counts = await client.query<Omit<SeedReport, "ms">>(`
    SELECT (SELECT count(*)::int FROM stripe_event) AS events, (SELECT count(*)::int FROM delivery) AS deliveries,
           (SELECT count(*)::int FROM event_status_change) AS "statusChanges", (SELECT count(*)::int FROM effect) AS effects,
           (SELECT count(*)::int FROM quarantine_item) AS quarantined, (SELECT count(*)::int FROM quarantine_item WHERE status = 'open') AS "openQuarantine",
           (SELECT count(*)::int FROM payment_transaction) AS transactions, (SELECT count(DISTINCT customer_id)::int FROM stripe_event) AS customers,
           (SELECT count(*)::int FROM destination_delivery) AS "destinationDeliveries", (SELECT count(*)::int FROM destination_attempt) AS "destinationAttempts"`);
  return { ...counts.rows[0]!, ms: performance.now() - started };
}
