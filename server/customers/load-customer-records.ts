import { openAtRest } from "../crypto/keys";
import type { Sql } from "../db";
import { AppError } from "../errors";
import { transactionSubject } from "../transactions/transaction-subject";
import { CustomerIdSchema } from "./customer-id";
import { personalValues } from "./personal-values";

export type CustomerEventRow = {
  id: string;
  stripe_event_id: string;
  endpoint: string;
  type: string;
  status: string;
  livemode: boolean;
  object_id: string | null;
  amount: string | null;
  currency: string | null;
  stripe_created_at: Date;
  first_received_at: Date;
  last_received_at: Date;
  delivery_count: number;
  origin: string;
  last_error: string | null;
  payload_ciphertext: Buffer | null;
  masked_payload: unknown;
  payload_removed_at: Date | null;
  payload_removed_by: string | null;
};

export type TransactionRow = { id: string; reference: string; customer: string | null; [column: string]: unknown };

/** Parses a customer id for a data-subject request, or says what one looks like. */
export function parseCustomerId(input: string): string {
  const parsed = CustomerIdSchema.safeParse(input);
  if (!parsed.success) throw new AppError("invalid_request", `${JSON.stringify(input)} is not a customer id: ${parsed.error.issues[0]?.message ?? "cus_..."}`);
  return parsed.data;
}

/**
 * Everything the ledger and the books hold about one Stripe customer, read in the caller's
 * transaction (locked FOR UPDATE when `lock`): the events that name them, the registered
 * payments that name them, that they paid or that were registered under an e-mail address of
 * theirs, their subscriptions and invoices; with the raw payloads opened, the personal values
 * those hold, and the subjects (`event:`, `transaction:`, `subscription:`) other rows use to
 * point at them. Throws not_found when nothing names the customer.
 */
export async function loadCustomerRecords(sql: Sql, customerId: string, options: { lock: boolean }) {
  const lock = options.lock ? "FOR UPDATE OF e" : "";
  const events = await sql.query<CustomerEventRow>(
    `SELECT e.id, e.stripe_event_id, ep.name AS endpoint, e.type, e.status, e.livemode, e.object_id, e.amount::text AS amount, e.currency,
            e.stripe_created_at, e.first_received_at, e.last_received_at, e.delivery_count, e.origin, e.last_error,
            e.payload_ciphertext, e.masked_payload, e.payload_removed_at, e.payload_removed_by
     FROM stripe_event e JOIN endpoint ep ON ep.id = e.endpoint_id
     WHERE e.customer_id = $1 ORDER BY e.first_received_at, e.id ${lock}`,
    [customerId],
  );
  const payloads = new Map<string, unknown>();
  const personal = new Set<string>();
  for (const event of events) {
    if (event.payload_ciphertext === null) continue;
    const payload = JSON.parse(openAtRest(event.payload_ciphertext).toString("utf8")) as unknown;
    payloads.set(event.id, payload);
    for (const value of personalValues(payload)) personal.add(value);
  }
  const emails = [...personal].filter((value) => value.includes("@"));
  const transactions = await sql.query<TransactionRow>(
    `SELECT * FROM payment_transaction WHERE customer = $1 OR paid_by_customer = $1 OR lower(customer) = ANY($2::text[]) ORDER BY created_at, id ${options.lock ? "FOR UPDATE" : ""}`,
    [customerId, emails],
  );
  for (const transaction of transactions) if (transaction.customer && transaction.customer.includes("@")) personal.add(transaction.customer.toLowerCase());
  const subscriptions = await sql.query<{ id: string; [column: string]: unknown }>(`SELECT * FROM subscription WHERE customer_id = $1 ORDER BY id`, [customerId]);
  const invoices = await sql.query<{ id: string; [column: string]: unknown }>(`SELECT * FROM subscription_invoice WHERE customer_id = $1 ORDER BY id`, [customerId]);
  if (events.length === 0 && transactions.length === 0 && subscriptions.length === 0 && invoices.length === 0) {
    throw new AppError("not_found", `Hookwarden knows nothing of ${customerId}: no event, registered payment or subscription names them. Nothing changed.`);
  }
  const subjects = [
    ...events.map((event) => `event:${event.stripe_event_id}`),
    ...transactions.map((transaction) => transactionSubject(transaction.reference)),
    ...subscriptions.map((subscription) => `subscription:${subscription.id}`),
    ...invoices.map((invoice) => `invoice:${invoice.id}`),
  ];
  return { customerId, events, payloads, personal: [...personal], transactions, subscriptions, invoices, subjects, eventIds: events.map((event) => event.id) };
}
