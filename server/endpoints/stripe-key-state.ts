import { fingerprint } from "../crypto/cipher";
import { env } from "../env";
import { stripeKeySource, type EndpointStripeAccess } from "../stripe-api/stripe-api-for-endpoint";

export type StripeKeyState = {
  /** Where the key Hookwarden would use comes from; null: none, so Stripe cannot be asked for this endpoint. */
  source: EndpointStripeAccess["source"] | null;
  /** The key's fingerprint (never the key); null for none and for demo mode's local fake. */
  fingerprint: string | null;
};

/** An endpoint's Stripe API key as a page may show it: where it comes from and its fingerprint, never the key. */
export function stripeKeyState(endpoint: { name: string; stripeApiKeyFingerprint: string | null }): StripeKeyState {
  const source = stripeKeySource({ name: endpoint.name, hasOwnKey: endpoint.stripeApiKeyFingerprint !== null });
  if (source === "endpoint") return { source, fingerprint: endpoint.stripeApiKeyFingerprint };
  if (source === "environment") return { source, fingerprint: fingerprint(env().STRIPE_API_KEY!) };
  return { source, fingerprint: null };
}
