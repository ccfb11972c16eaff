import { pool } from "../db";
import { queueMode } from "../env";
import { within } from "./within";

/** Liveness must answer well inside a probe's timeout (Kubernetes' default is 1 s), database or not. */
const LEDGER_PING_MS = 500;

export type Health = { ok: true; ledger: "up" | "down"; queue: "inngest" | "embedded" };

/**
 * Liveness: this process serves HTTP, so it is alive (`ok` is always true). Whether the ledger
 * answers is information only: a database outage must not make an orchestrator restart every
 * instance. Whether an instance should get traffic is readiness (checkReadiness).
 */
export async function checkHealth(): Promise<Health> {
  try {
    await within(pool().query("SELECT 1"), LEDGER_PING_MS);
    return { ok: true, ledger: "up", queue: queueMode() };
  } catch {
    return { ok: true, ledger: "down", queue: queueMode() };
  }
}
