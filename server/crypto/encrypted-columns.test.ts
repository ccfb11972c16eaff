import { afterAll, describe, expect, it } from "vitest";
import { disconnect, pool } from "../db";
import { columnName, ENCRYPTED_COLUMNS, NOT_ENCRYPTED_BYTEA_COLUMNS } from "./encrypted-columns";

afterAll(() => disconnect());

describe("the registry of encrypted columns", () => {
  it("names every bytea column of the schema, or says why it is not sealed with the keyring", async () => {
    const { rows } = await pool().query<{ name: string }>(
      `SELECT table_name || '.' || column_name AS name FROM information_schema.columns
       WHERE table_schema = current_schema() AND data_type = 'bytea' ORDER BY 1`,
    );
    const registered = [...ENCRYPTED_COLUMNS.map(columnName), ...Object.keys(NOT_ENCRYPTED_BYTEA_COLUMNS)].sort();
    expect(rows.map((row) => row.name)).toEqual(registered);
  });

  it("walks each encrypted table by its primary key, of the type it declares", async () => {
    for (const column of ENCRYPTED_COLUMNS) {
      const { rows } = await pool().query<{ key: string; type: string }>(
        `SELECT a.attname AS key, format_type(a.atttypid, a.atttypmod) AS type
         FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
         WHERE i.indrelid = $1::regclass AND i.indisprimary`,
        [column.table],
      );
      expect(rows, column.table).toEqual([{ key: column.key, type: column.keyType }]);
    }
  });
});
