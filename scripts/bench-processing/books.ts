/**
 * The books of one benchmark database, read with plain SQL, and their comparison:
 * registered payments, the subscription mirror, subscription invoices, effects per
 * subject, and each Stripe event's final status.
 */
import pg from "pg";

/** Section → key → a canonical text of the compared fields. */
export type Books = Record<string, Map<string, string>>;

/**
 * What is compared. `issue`: the fields the issue names (a registered payment's status,
 * paidBy, amountRefunded, failedAttempts, disputeStatus; the subscription mirror's
 * status, priceId, quantity, cancelAtPeriodEnd, currentPeriodEnd; invoice statuses;
 * effects per subject). `more`: the rest of the books, checked the same way.
 */
export const SECTIONS: Record<"issue" | "more", Record<string, string>> = {
  issue: {
    transaction: `SELECT reference AS key, status, paid_by, amount_refunded, failed_attempts, dispute_status FROM payment_transaction`,
    subscription: `SELECT id AS key, status, price_id, quantity, cancel_at_period_end, current_period_end FROM subscription`,
    invoice: `SELECT id AS key, status FROM subscription_invoice`,
    "effects per subject": `SELECT COALESCE(subject, '(no subject)') AS key, count(*)::int AS effects FROM effect GROUP BY 1`,
  },
  more: {
    "transaction (more fields)": `SELECT reference AS key, paid_at, paid_by_customer, last_decline_code, checkout_expired, dispute_id FROM payment_transaction`,
    "subscription (more fields)": `SELECT id AS key, customer_id, product_id, trial_end, last_event_created_at, last_event_type FROM subscription`,
    "invoice (more fields)": `SELECT id AS key, subscription_id, customer_id, amount_paid, amount_due, currency FROM subscription_invoice`,
    "event final status": `SELECT stripe_event_id AS key, status FROM stripe_event`,
    "links": `SELECT object_id AS key, t.reference FROM transaction_link l JOIN payment_transaction t ON t.id = l.transaction_id`,
  },
};

function canonical(row: Record<string, unknown>): string {
  return Object.entries(row)
    .filter(([column]) => column !== "key")
    .map(([column, value]) => `${column}=${value instanceof Date ? value.toISOString() : String(value)}`)
    .join(" ");
}

export async function readBooks(url: string): Promise<Books> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const books: Books = {};
    for (const [section, sql] of Object.entries({ ...SECTIONS.issue, ...SECTIONS.more })) {
      const { rows } = await client.query<Record<string, unknown>>(sql);
      books[section] = new Map(rows.map((row) => [String(row.key), canonical(row)]));
    }
    return books;
  } finally {
    await client.end();
  }
}

export type BooksDiff = { identical: boolean; differences: string[]; total: number; bySection: Record<string, number>; sizes: Record<string, number> };

/** The differences between two databases' books ("candidate" against "reference") in these sections; the first 10 are kept. */
export function compareBooks(candidate: Books, reference: Books, sections: Record<string, string>): BooksDiff {
  const differences: string[] = [];
  const sizes: Record<string, number> = {};
  const bySection: Record<string, number> = {};
  for (const section of Object.keys(sections)) {
    const a = candidate[section] ?? new Map<string, string>();
    const b = reference[section] ?? new Map<string, string>();
    sizes[section] = b.size;
    for (const key of [...new Set([...a.keys(), ...b.keys()])].sort()) {
      const left = a.get(key);
      const right = b.get(key);
      if (left !== right) {
        differences.push(`${section} ${key}: ${left ?? "(missing)"}  ≠  reference ${right ?? "(missing)"}`);
        bySection[section] = (bySection[section] ?? 0) + 1;
      }
    }
  }
  return { identical: differences.length === 0, differences: differences.slice(0, 10), total: differences.length, bySection, sizes };
}

export type LedgerCounts = { events: number; deliveries: number; statuses: Record<string, number>; quarantineReasons: Record<string, number>; awaitingLink: { type: string; n: number }[] };

export async function ledgerCounts(url: string): Promise<LedgerCounts> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const totals = await client.query<{ events: number; deliveries: number }>(
      `SELECT (SELECT count(*)::int FROM stripe_event) AS events, (SELECT count(*)::int FROM delivery) AS deliveries`,
    );
    const statuses = await client.query<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM stripe_event GROUP BY status ORDER BY status`);
    const reasons = await client.query<{ reason: string; n: number }>(`SELECT reason, count(*)::int AS n FROM quarantine_item GROUP BY reason ORDER BY reason`);
    const awaiting = await client.query<{ type: string; n: number }>(
      `SELECT type, count(*)::int AS n FROM stripe_event WHERE status = 'awaiting_link' GROUP BY type ORDER BY n DESC`,
    );
    return {
      events: totals.rows[0]!.events,
      deliveries: totals.rows[0]!.deliveries,
      statuses: Object.fromEntries(statuses.rows.map((row) => [row.status, row.n])),
      quarantineReasons: Object.fromEntries(reasons.rows.map((row) => [row.reason, row.n])),
      awaitingLink: awaiting.rows,
    };
  } finally {
    await client.end();
  }
}

/** Details of events still waiting for a link: what they wait for, and whether that object is linked by now. */
export async function awaitingDetails(url: string, limit = 5): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ stripe_event_id: string; type: string; awaiting_object_id: string; linked: boolean; waiting_since: Date; linked_at: Date | null }>(
      `SELECT e.stripe_event_id, e.type, e.awaiting_object_id, l.object_id IS NOT NULL AS linked,
              (SELECT max(at) FROM event_status_change c WHERE c.event_id = e.id AND c.to_status = 'awaiting_link') AS waiting_since,
              (SELECT max(c.at) FROM event_status_change c WHERE c.event_id = l.event_id) AS linked_at
       FROM stripe_event e LEFT JOIN transaction_link l ON l.object_id = e.awaiting_object_id
       WHERE e.status = 'awaiting_link' ORDER BY e.first_received_at LIMIT $1`,
      [limit],
    );
    return rows.map(
      (row) =>
        `${row.type} ${row.stripe_event_id} waits for ${row.awaiting_object_id}: ${row.linked ? `linked (the linking event settled at ${row.linked_at?.toISOString()}, this one started waiting at ${row.waiting_since.toISOString()})` : "never linked"}`,
    );
  } finally {
    await client.end();
  }
}
