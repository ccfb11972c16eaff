import { pool } from "../db";
import { queueMode } from "../env";

/** Whether this instance can record deliveries right now (the ledger answers). */
export async function checkHealth(): Promise<{ ok: boolean; ledger: "up" | "down"; queue: "inngest" | "embedded" }> {
  try {
    await pool().query("SELECT 1");
    return { ok: true, ledger: "up", queue: queueMode() };
  } catch {
    return { ok: false, ledger: "down", queue: queueMode() };
  }
}
