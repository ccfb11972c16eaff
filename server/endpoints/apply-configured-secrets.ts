import { pool } from "../db";
import { env } from "../env";
import { isUniqueViolation } from "../errors";
import { addSigningSecret } from "./add-signing-secret";
import { DEFAULT_ENDPOINT } from "./endpoint-name";

/**
 * Start-up: makes sure the default endpoint exists and holds every secret named in
 * STRIPE_WEBHOOK_SECRET. Secrets are only added here, never removed: retiring one
 * is an explicit act (`hookwarden secret` and, later, the console). Several instances
 * starting at once on one database all succeed: a row another instance wrote a moment
 * before is taken as it is (found by test:faults, where two web instances start together).
 */
export async function applyConfiguredSecrets(): Promise<void> {
  await pool().query(`INSERT INTO endpoint (id, name) VALUES (gen_random_uuid(), $1) ON CONFLICT (name) DO NOTHING`, [DEFAULT_ENDPOINT]);
  for (const secret of env().STRIPE_WEBHOOK_SECRET) {
    try {
      await addSigningSecret({ endpointName: DEFAULT_ENDPOINT, secret, source: "env", label: "STRIPE_WEBHOOK_SECRET" });
    } catch (error) {
      // Another instance added the same secret between this one's check and its insert: added once is what we want.
      if (!isUniqueViolation(error)) throw error;
      await addSigningSecret({ endpointName: DEFAULT_ENDPOINT, secret, source: "env", label: "STRIPE_WEBHOOK_SECRET" });
    }
  }
}
