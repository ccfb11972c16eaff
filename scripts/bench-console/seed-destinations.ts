/**
 * Destinations for the seeded ledger (scripts/bench-console/seed.ts), as forwarding would have
 * left them: three destinations, each processed event of their types delivered to them, in the
 * order the events were processed, with an attempt row per attempt.
 * - default/orders-app takes every type (`*`); 5% of its deliveries failed once before they got
 *   through, 0.05% are dead after 12 attempts, and the last two minutes are still pending;
 * - default/billing-app takes `invoice.*` and `customer.subscription.*`;
 * - connect/partner-app takes `payment_intent.*` and `charge.*`, and has been paused for two
 *   days: everything since is its backlog (pending, never tried).
 */
import type pg from "pg";
import { sqlMatchesEventType } from "../../server/destinations/event-type-patterns";

export const DESTINATION_TABLES = ["destination_delivery", "destination_attempt"];

export async function seedDestinations(step: (label: string, sql: string, values?: unknown[]) => Promise<pg.QueryResult>): Promise<void> {
  await step(
    "destinations",
    `INSERT INTO destination (id, endpoint_id, name, url, event_types, state, paused_at, paused_reason, secret_ciphertext, secret_fingerprint, created_at, updated_at)
     SELECT gen_random_uuid(), ep.id, d.name, d.url, d.types, d.state, CASE WHEN d.state = 'paused' THEN now() - interval '2 days' END,
            CASE WHEN d.state = 'paused' THEN 'the partner asked us to hold deliveries' END, decode(md5(d.name), 'hex'), substr(md5('fp' || d.name), 1, 12),
            now() - interval '31 days', now()
     FROM (VALUES ('default', 'orders-app', 'https://orders.example.com/hooks', ARRAY['*'], 'active'),
                  ('default', 'billing-app', 'https://billing.example.com/hooks', ARRAY['invoice.*', 'customer.subscription.*'], 'active'),
                  ('connect', 'partner-app', 'https://partner.example.com/hooks', ARRAY['payment_intent.*', 'charge.*'], 'paused')) d(endpoint, name, url, types, state)
     JOIN endpoint ep ON ep.name = d.endpoint`,
  );
  await step(
    "destination deliveries",
    `INSERT INTO destination_delivery (destination_id, event_id, ordering_key, status, attempts, next_attempt_at, deadline, last_error, last_status_code, delivered_at, created_at)
     SELECT d.id, e.id, e.customer_id, s.status,
            CASE s.status WHEN 'dead' THEN 12 WHEN 'pending' THEN 0 ELSE CASE WHEN s.r < 0.05 THEN 2 ELSE 1 END END,
            CASE WHEN s.status = 'pending' THEN e.processed_at ELSE e.processed_at + interval '1 second' END,
            e.processed_at + interval '72 hours',
            CASE s.status WHEN 'dead' THEN 'gave up after 12 attempts (the retry window ended): answered 503' END,
            CASE s.status WHEN 'dead' THEN 503 WHEN 'delivered' THEN 200 END,
            CASE WHEN s.status = 'delivered' THEN e.processed_at + make_interval(secs => CASE WHEN s.r < 0.05 THEN 12 ELSE 0.2 END) END,
            e.processed_at
     FROM (SELECT *, random() AS r FROM stripe_event WHERE status = 'processed') e
     JOIN destination d ON d.endpoint_id = e.endpoint_id AND EXISTS (SELECT 1 FROM unnest(d.event_types) AS p WHERE ${sqlMatchesEventType("p", "e.type")})
     CROSS JOIN LATERAL (
       SELECT e.r, CASE WHEN d.state = 'paused' AND e.processed_at > d.paused_at THEN 'pending'
                        WHEN e.processed_at > now() - interval '2 minutes' THEN 'pending'
                        WHEN e.r > 0.9995 THEN 'dead' ELSE 'delivered' END AS status
     ) s
     ORDER BY e.processed_at, d.name`,
  );
  await step(
    "destination attempts",
    `INSERT INTO destination_attempt (delivery_id, destination_id, at, outcome, status_code, latency_ms, error, response_excerpt)
     SELECT x.id, x.destination_id, x.created_at + make_interval(secs => 10 * (power(2, n - 1) - 1)),
            CASE WHEN x.status = 'delivered' AND n = x.attempts THEN 'delivered' ELSE 'failed' END,
            CASE WHEN x.status = 'delivered' AND n = x.attempts THEN 200 ELSE 503 END,
            20 + floor(random() * 180)::int,
            CASE WHEN x.status = 'delivered' AND n = x.attempts THEN NULL ELSE 'answered 503' END,
            CASE WHEN x.status = 'delivered' AND n = x.attempts THEN 'ok' ELSE 'upstream unavailable, retry later' END
     FROM destination_delivery x CROSS JOIN LATERAL generate_series(1, x.attempts) n
     ORDER BY x.id, n`,
  );
}
