import { pool } from "../db";

/** Every endpoint's name, in order: for a form's choice of endpoint (one probe of a table of a few rows, no counts). */
export async function listEndpointNames(): Promise<string[]> {
  const { rows } = await pool().query<{ name: string }>(`SELECT name FROM endpoint ORDER BY name`);
  return rows.map((row) => row.name);
}
