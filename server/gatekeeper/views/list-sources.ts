import { env } from "../../env";
import { STRIPE_WEBHOOK_ADDRESSES_SOURCE } from "../sources/stripe-webhook-addresses";
import { listSourceAddresses, type SourceAddressView } from "./list-source-addresses";
import { listSourceBlocks, type SourceBlocks } from "./list-source-blocks";
import { listSourcePolicies, type SourcePolicyView } from "./list-source-policies";

export type SourcesView = {
  addresses: SourceAddressView[];
  blocks: SourceBlocks;
  policies: SourcePolicyView[];
  /** Where the list comes from: the shipped copy's date, and the URL a refresh reads. */
  list: { shippedAsOf: string; refreshUrl: string; page: string };
  /** Settings that shape what the gatekeeper does with sources. */
  settings: { failureLimit: number; blockMinutes: number; trustedProxies: string[] };
};

/** Everything about traffic sources at once: Stripe's addresses, the flood limiter's blocks, each endpoint's policy. */
export async function listSources(now = new Date()): Promise<SourcesView> {
  const [addresses, blocks, policies] = await Promise.all([listSourceAddresses(), listSourceBlocks(now), listSourcePolicies(now)]);
  const config = env();
  return {
    addresses,
    blocks,
    policies,
    list: { shippedAsOf: STRIPE_WEBHOOK_ADDRESSES_SOURCE.asOf, refreshUrl: config.HOOKWARDEN_STRIPE_IPS_URL, page: STRIPE_WEBHOOK_ADDRESSES_SOURCE.page },
    settings: { failureLimit: config.HOOKWARDEN_SOURCE_FAILURE_LIMIT, blockMinutes: config.HOOKWARDEN_SOURCE_BLOCK_MINUTES, trustedProxies: config.HOOKWARDEN_TRUSTED_PROXIES },
  };
}
