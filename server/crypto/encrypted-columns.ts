/**
 * Every column that holds ciphertexts at rest (sealAtRest), in one list: a key rotation
 * re-encrypts exactly these, `hookwarden keys status` counts them, and a test fails when a
 * bytea column appears in the schema that is neither here nor in NOT_ENCRYPTED_BYTEA_COLUMNS
 * (server/crypto/encrypted-columns.test.ts). A new encrypted column is one line here.
 */
export type EncryptedColumn = {
  table: string;
  column: string;
  /** The table's primary key: rotation walks the table in batches in its order. */
  key: string;
  keyType: "uuid";
  /** What it holds, for people. */
  holds: string;
};

export const ENCRYPTED_COLUMNS: readonly EncryptedColumn[] = [
  { table: "stripe_event", column: "payload_ciphertext", key: "id", keyType: "uuid", holds: "raw Stripe event payloads" },
  { table: "signing_secret", column: "ciphertext", key: "id", keyType: "uuid", holds: "webhook signing secrets, whsec_..." },
  { table: "endpoint", column: "stripe_api_key_ciphertext", key: "id", keyType: "uuid", holds: "endpoints' restricted Stripe API keys" },
  { table: "alert_channel", column: "target_ciphertext", key: "id", keyType: "uuid", holds: "alert channels' destinations: Slack and webhook URLs, SMTP URLs with their passwords" },
  { table: "alert_channel", column: "signing_secret_ciphertext", key: "id", keyType: "uuid", holds: "webhook alert channels' signing secrets, hwsec_..." },
  { table: "destination", column: "secret_ciphertext", key: "id", keyType: "uuid", holds: "destinations' Standard Webhooks signing secrets, whsec_..." },
  { table: "destination", column: "previous_secret_ciphertext", key: "id", keyType: "uuid", holds: "destinations' previous signing secrets, during a rotation's grace period" },
];

/** bytea columns that are not sealed with the keyring, each with the reason. */
export const NOT_ENCRYPTED_BYTEA_COLUMNS: Record<string, string> = {
  "encryption_key.wrapped_key": "data keys, wrapped by the master key itself: re-wrapping them is a master-key rotation, not a data-key one",
};

export function columnName(column: EncryptedColumn): string {
  return `${column.table}.${column.column}`;
}
