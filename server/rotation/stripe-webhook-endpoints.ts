import type Stripe from "stripe";
import { DEFAULT_ENDPOINT } from "../endpoints/endpoint-name";
import { AppError } from "../errors";
import { StripeNotFoundError, type StripeApi } from "../stripe-api/stripe-api";

/** The path Stripe delivers to for a Hookwarden endpoint (the host is the business's own). */
export function webhookPathOf(endpointName: string): string {
  return endpointName === DEFAULT_ENDPOINT ? "/api/stripe/webhook" : `/api/stripe/webhook/${endpointName}`;
}

function pathOf(url: string): string | null {
  try {
    return new URL(url).pathname.replace(/\/+$/, "");
  } catch {
    return null;
  }
}

/**
 * The Stripe webhook endpoint that delivers to this Hookwarden endpoint: the one named
 * (`we_...`), else the one whose URL ends in this endpoint's path. None, or several,
 * is an error that says what to do. Endpoints a rotation created (metadata
 * `hookwarden_rotation`) for another rotation are not candidates.
 */
export async function findStripeWebhookEndpoint(api: StripeApi, endpointName: string, knownId: string | null, rotationId: string): Promise<Stripe.WebhookEndpoint> {
  if (knownId) {
    try {
      return await api.request(`webhook endpoint ${knownId}`, (stripe) => stripe.webhookEndpoints.retrieve(knownId));
    } catch (error) {
      if (error instanceof StripeNotFoundError) throw new AppError("not_found", `Stripe has no webhook endpoint ${knownId} for this account.`);
      throw error;
    }
  }
  const path = webhookPathOf(endpointName);
  const candidates: Stripe.WebhookEndpoint[] = [];
  for await (const page of api.pages("webhook endpoints", (stripe, params) => stripe.webhookEndpoints.list(params))) {
    for (const endpoint of page) {
      if (pathOf(endpoint.url) === path && endpoint.metadata?.hookwarden_rotation !== rotationId) candidates.push(endpoint);
    }
  }
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length === 0) {
    throw new AppError("not_found", `No webhook endpoint of this Stripe account delivers to a URL ending in ${path}. Name the Stripe endpoint (we_...) to rotate.`);
  }
  throw new AppError("ambiguous", `${candidates.length} webhook endpoints of this Stripe account deliver to ${path} (${candidates.map((endpoint) => endpoint.id).join(", ")}). Name the one to rotate.`);
}

/** Deletes a Stripe webhook endpoint; one already gone counts as deleted. */
export async function deleteStripeWebhookEndpoint(api: StripeApi, id: string): Promise<void> {
  try {
    await api.request(`delete webhook endpoint ${id}`, (stripe) => stripe.webhookEndpoints.del(id));
  } catch (error) {
    if (!(error instanceof StripeNotFoundError)) throw error;
  }
}

/** Deletes the Stripe endpoints a rotation created (its metadata names it): what an interrupted rotation may have left. */
export async function deleteStripeEndpointsOfRotation(api: StripeApi, rotationId: string): Promise<string[]> {
  const deleted: string[] = [];
  for await (const page of api.pages("webhook endpoints", (stripe, params) => stripe.webhookEndpoints.list(params))) {
    for (const endpoint of page) {
      if (endpoint.metadata?.hookwarden_rotation !== rotationId) continue;
      await deleteStripeWebhookEndpoint(api, endpoint.id);
      deleted.push(endpoint.id);
    }
  }
  return deleted;
}
