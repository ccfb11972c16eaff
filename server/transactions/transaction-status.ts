/** States of a registered payment. */
export const TRANSACTION_STATUSES = ["pending", "paid", "failed", "refunded", "disputed", "expired"] as const;
export type TransactionStatus = (typeof TRANSACTION_STATUSES)[number];
