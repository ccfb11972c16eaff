import { randomBytes } from "node:crypto";
import { afterAll } from "vitest";
import { setEndpointStripeKey } from "@/server/endpoints/set-endpoint-stripe-key";
import { reloadEnv } from "@/server/env";
import { FakeStripe, type FakeStripeOptions } from "@/server/stripe-fake/fake-stripe";
import { endpointWithSecret } from "./intake";
import { cliContext } from "./users";

/**
 * Starts the local Stripe fake for this test file and points Hookwarden's Stripe client at
 * it (HOOKWARDEN_STRIPE_API_BASE), with a high read rate and short backoff unless a test
 * asks otherwise. Stopped after the file.
 */
export async function useFakeStripe(options: FakeStripeOptions & { readRate?: number; retryBaseMs?: number } = {}): Promise<FakeStripe> {
  const fake = await FakeStripe.start(options);
  process.env.HOOKWARDEN_STRIPE_API_BASE = fake.url;
  process.env.HOOKWARDEN_STRIPE_READ_RATE = String(options.readRate ?? 1000);
  process.env.HOOKWARDEN_STRIPE_RETRY_BASE_MS = String(options.retryBaseMs ?? 20);
  reloadEnv();
  afterAll(() => fake.close());
  return fake;
}

/** An endpoint with a signing secret and its own restricted Stripe key (each endpoint is its own account, so its own rate limiter). */
export async function endpointWithStripeKey(options: { secrets?: number } = {}) {
  const endpoint = await endpointWithSecret(options);
  const apiKey = `rk_test_${randomBytes(12).toString("hex")}`;
  await setEndpointStripeKey({ name: endpoint.name, apiKey }, cliContext);
  return { ...endpoint, apiKey };
}
