import { pool } from "../db";
import { stripeKeyState, type StripeKeyState } from "./stripe-key-state";

export type EndpointStripeKey = { name: string; thin: boolean; stripeKey: StripeKeyState };

/** Every endpoint's name, thin mode and Stripe key state (one read of the small endpoint table): what a reconciliation can be started on. */
export async function listEndpointStripeKeys(): Promise<EndpointStripeKey[]> {
  const rows = await pool().query<{ name: string; thin: boolean; stripe_api_key_fingerprint: string | null }>(
    `SELECT name, thin, stripe_api_key_fingerprint FROM endpoint ORDER BY name`,
  );
  return rows.rows.map((row) => ({ name: row.name, thin: row.thin, stripeKey: stripeKeyState({ name: row.name, stripeApiKeyFingerprint: row.stripe_api_key_fingerprint }) }));
}
