import { ciphertextVersion } from "@/server/crypto/cipher";
import { columnName, ENCRYPTED_COLUMNS } from "@/server/crypto/encrypted-columns";
import { openAtRest } from "@/server/crypto/keys";
import { pool } from "@/server/db";

export type EncryptedRecord = { record: string; version: number | null; plaintext: string | null; error: string | null };

/**
 * Every ciphertext of every registered column, opened with this process's keyring: which key
 * version it names, and what it decrypts to (or why it does not). `record` is `table.column:key`.
 */
export async function encryptedRecords(): Promise<EncryptedRecord[]> {
  const records: EncryptedRecord[] = [];
  for (const column of ENCRYPTED_COLUMNS) {
    const { rows } = await pool().query<{ key: string; ciphertext: Buffer }>(
      `SELECT "${column.key}"::text AS key, "${column.column}" AS ciphertext FROM "${column.table}" WHERE "${column.column}" IS NOT NULL ORDER BY 1`,
    );
    for (const row of rows) {
      const record = `${columnName(column)}:${row.key}`;
      try {
        records.push({ record, version: ciphertextVersion(row.ciphertext), plaintext: openAtRest(row.ciphertext).toString("utf8"), error: null });
      } catch (error) {
        records.push({ record, version: ciphertextVersion(row.ciphertext), plaintext: null, error: error instanceof Error ? error.message : String(error) });
      }
    }
  }
  return records;
}

/** Record → plaintext, to compare before and after a rotation. */
export async function plaintexts(): Promise<Map<string, string | null>> {
  return new Map((await encryptedRecords()).map((record) => [record.record, record.plaintext]));
}

/** How many ciphertexts name each key version, over every registered column. */
export function versionsOf(records: EncryptedRecord[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const record of records) counts[String(record.version)] = (counts[String(record.version)] ?? 0) + 1;
  return counts;
}
