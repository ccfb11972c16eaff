import { pool } from "../db";
import { env } from "../env";
import { AppError } from "../errors";
import { databaseProvider } from "../secrets/database-provider";
import { readCachedSecret } from "../secrets/read-cached-secret";
import { parseSecretReference } from "../secrets/secret-reference";
import { StripeApi } from "./stripe-api";
import { readRateFor } from "./stripe-read-rate";

/** The key demo mode uses against the local Stripe fake; it never reaches Stripe. */
export const DEMO_STRIPE_API_KEY = "sk_test_hookwarden_demo";

export type EndpointStripeAccess = { apiKey: string; apiBase: string | undefined; source: "endpoint" | "environment" | "demo" };

export type EndpointKeyRow = { name: string; stripe_api_key_ciphertext: Buffer | null; stripe_api_key_reference: string | null };

/**
 * Which key and base URL reach this endpoint's Stripe account: the endpoint's own restricted
 * key (encrypted in the database, or read through the secret cache from its provider, the last
 * good value during an outage); else STRIPE_API_KEY for the `default` endpoint; else, in demo
 * mode, the local fake. Null when Hookwarden cannot ask Stripe for it. A referenced key that has
 * never been readable is a `secret_unavailable` error (processing retries; an alert is open).
 */
export async function stripeAccessFor(row: EndpointKeyRow): Promise<EndpointStripeAccess | null> {
  const config = env();
  const apiBase = config.HOOKWARDEN_STRIPE_API_BASE ?? (config.HOOKWARDEN_DEMO_STRIPE ? `http://127.0.0.1:${config.HOOKWARDEN_DEMO_STRIPE_PORT}` : undefined);
  switch (stripeKeySource({ name: row.name, hasOwnKey: hasOwnStripeKey(row) })) {
    case "endpoint": {
      if (row.stripe_api_key_ciphertext) return { apiKey: await databaseProvider.read({ provider: "database", ciphertext: row.stripe_api_key_ciphertext }), apiBase, source: "endpoint" };
      const apiKey = await readCachedSecret(parseSecretReference(row.stripe_api_key_reference!));
      if (apiKey === null) throw new AppError("secret_unavailable", `the Stripe API key of "${row.name}" lives at ${row.stripe_api_key_reference}, which could not be read yet (see the open alert)`);
      return { apiKey, apiBase, source: "endpoint" };
    }
    case "environment":
      return { apiKey: config.STRIPE_API_KEY!, apiBase, source: "environment" };
    case "demo":
      return { apiKey: DEMO_STRIPE_API_KEY, apiBase, source: "demo" };
    default:
      return null;
  }
}

/** The endpoint has a key of its own: stored encrypted, or referenced at a secret provider. */
export function hasOwnStripeKey(row: Pick<EndpointKeyRow, "stripe_api_key_ciphertext" | "stripe_api_key_reference">): boolean {
  return row.stripe_api_key_ciphertext !== null || row.stripe_api_key_reference !== null;
}

/** Where an endpoint's Stripe key comes from (the rule of stripeAccessFor), without opening it: for pages that show the key's state. */
export function stripeKeySource(endpoint: { name: string; hasOwnKey: boolean }): EndpointStripeAccess["source"] | null {
  const config = env();
  if (endpoint.hasOwnKey) return "endpoint";
  if (endpoint.name === "default" && config.STRIPE_API_KEY) return "environment";
  if (config.HOOKWARDEN_DEMO_STRIPE) return "demo";
  return null;
}

/** A fresh client (its own counters, the account's shared rate limiter) for an endpoint, or null without a key. */
export async function stripeApiForEndpoint(endpointId: string): Promise<StripeApi | null> {
  const rows = await pool().query<EndpointKeyRow>(`SELECT name, stripe_api_key_ciphertext, stripe_api_key_reference FROM endpoint WHERE id = $1`, [endpointId]);
  const row = rows.rows[0];
  if (!row) return null;
  const access = await stripeAccessFor(row);
  if (!access) return null;
  return new StripeApi({ apiKey: access.apiKey, apiBase: access.apiBase, ratePerSecond: readRateFor(access.apiKey, env().HOOKWARDEN_STRIPE_READ_RATE), backoffMs: env().HOOKWARDEN_STRIPE_RETRY_BASE_MS });
}
