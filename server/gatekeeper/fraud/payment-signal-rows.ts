import type { Sql } from "../../db";
import type { PaymentOutcome, PaymentSignal, PaymentSignalType } from "./payment-signal";

/** The columns of `payment_signal` a signal is read from (prefix with a table alias as needed). */
export const SIGNAL_COLUMNS = `event_id, event_type, occurred_at, attempt_key, outcome, customer_id, card_hash, email_hash, address_hash, card_brand,
  card_last4, payment_method_id, payment_intent_id, amount, currency, decline_code, merchant_initiated`;

export type SignalRow = {
  event_id: string;
  event_type: PaymentSignalType;
  occurred_at: Date;
  attempt_key: string;
  outcome: PaymentOutcome;
  customer_id: string | null;
  card_hash: string | null;
  email_hash: string | null;
  address_hash: string | null;
  card_brand: string | null;
  card_last4: string | null;
  payment_method_id: string | null;
  payment_intent_id: string | null;
  amount: string | number | null;
  currency: string | null;
  decline_code: string | null;
  merchant_initiated: boolean;
};

export type StoredSignal = PaymentSignal & { eventId: string };

export function signalFromRow(row: SignalRow): StoredSignal {
  return {
    eventId: row.event_id,
    eventType: row.event_type,
    occurredAt: row.occurred_at,
    attemptKey: row.attempt_key,
    outcome: row.outcome,
    customerId: row.customer_id,
    cardHash: row.card_hash,
    emailHash: row.email_hash,
    addressHash: row.address_hash,
    cardBrand: row.card_brand,
    cardLast4: row.card_last4,
    paymentMethodId: row.payment_method_id,
    paymentIntentId: row.payment_intent_id,
    amount: row.amount === null ? null : Number(row.amount),
    currency: row.currency,
    declineCode: row.decline_code,
    merchantInitiated: row.merchant_initiated,
  };
}

/** Records the signal of one ledger event; false when it was recorded before (a replay, a retry, a re-claim). */
export async function recordPaymentSignal(sql: Sql, event: { id: string; endpointId: string }, signal: PaymentSignal): Promise<boolean> {
  const rows = await sql.query<{ event_id: string }>(
    `INSERT INTO payment_signal (event_id, endpoint_id, event_type, occurred_at, attempt_key, outcome, customer_id, card_hash, email_hash, address_hash,
       card_brand, card_last4, payment_method_id, payment_intent_id, amount, currency, decline_code, merchant_initiated)
     VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
     ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
    [
      event.id,
      event.endpointId,
      signal.eventType,
      signal.occurredAt,
      signal.attemptKey,
      signal.outcome,
      signal.customerId,
      signal.cardHash,
      signal.emailHash,
      signal.addressHash,
      signal.cardBrand,
      signal.cardLast4,
      signal.paymentMethodId,
      signal.paymentIntentId,
      signal.amount,
      signal.currency,
      signal.declineCode,
      signal.merchantInitiated,
    ],
  );
  return rows.length === 1;
}
