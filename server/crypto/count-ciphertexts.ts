import { pool } from "../db";
import type { EncryptedColumn } from "./encrypted-columns";

// A ciphertext's second byte is its key version (cipher.ts). substring() of a bytea reads only
// the first bytes of a value stored out of line (ciphertexts do not compress), so counting by
// version costs a scan of the table, not a read of every payload.

/** How many ciphertexts of the column each key version holds; `null` counts values that are not Hookwarden ciphertexts. */
export async function countCiphertextsByVersion(column: EncryptedColumn): Promise<Map<number | null, number>> {
  const { rows } = await pool().query<{ head: Buffer; count: string }>(
    `SELECT substring("${column.column}" from 1 for 2) AS head, count(*) AS count
     FROM "${column.table}" WHERE "${column.column}" IS NOT NULL GROUP BY 1`,
  );
  const counts = new Map<number | null, number>();
  for (const row of rows) {
    const version = row.head.length === 2 && row.head[0] === 0x01 ? row.head[1]! : null;
    counts.set(version, (counts.get(version) ?? 0) + Number(row.count));
  }
  return counts;
}

/** How many ciphertexts of the column name another version than `version`. */
export async function countCiphertextsNotIn(column: EncryptedColumn, version: number): Promise<number> {
  const { rows } = await pool().query<{ count: string }>(
    `SELECT count(*) AS count FROM "${column.table}"
     WHERE "${column.column}" IS NOT NULL AND substring("${column.column}" from 2 for 1) <> $1::bytea`,
    [Buffer.from([version])],
  );
  return Number(rows[0]!.count);
}
