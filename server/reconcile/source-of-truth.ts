import type Stripe from "stripe";
import type { StripeObject } from "../processing/handler-types";
import type { Evidence } from "../quarantine/quarantine-reasons";
import { StripeNotFoundError, type StripeApi } from "../stripe-api/stripe-api";
import { canFetch, fetchStripeObject, OBJECT_PATHS, withoutResponse } from "./fetch-stripe-object";
import { materialDifferences } from "./material-facts";

/** A v1 event as the events API returns it. */
export type StripeEventJson = { id: string; type: string; livemode: boolean; created: number; data: { object: StripeObject } };

/** A thin event as Stripe delivers it (v2 event destinations). */
export type ThinEventJson = { id: string; type: string; livemode: boolean; created: string; related_object?: { id: string; type: string; url?: string } | null };

export type Confirmation = { confirmed: true } | { confirmed: false; evidence: Evidence; summary: string };

/** Stripe's copy of an event (events it created in the last 30 days). */
export async function fetchStripeEvent(api: StripeApi, eventId: string): Promise<StripeEventJson> {
  const event = await api.request(`event ${eventId}`, (stripe) => stripe.events.retrieve(eventId));
  return withoutResponse(event) as unknown as StripeEventJson;
}

/**
 * Confirm with source: asks Stripe for the delivered event and compares. Stripe not
 * knowing it, or holding a materially different object (amount, currency, customer,
 * status, reference...), means the delivery did not come from Stripe although its
 * signature verified: a leaked secret. StripeUnavailableError propagates (the event is
 * retried later, never applied unconfirmed).
 */
export async function confirmWithSource(api: StripeApi, delivered: { id: string; type: string; livemode: boolean; object: StripeObject }): Promise<Confirmation> {
  let stripes: StripeEventJson;
  try {
    stripes = await fetchStripeEvent(api, delivered.id);
  } catch (error) {
    if (!(error instanceof StripeNotFoundError)) throw error;
    return {
      confirmed: false,
      evidence: [{ field: "event", expected: "an event Stripe's API knows", received: `${delivered.id}: unknown to Stripe${error.requestId ? ` (request ${error.requestId})` : ""}` }],
      summary: `Stripe does not know ${delivered.id}`,
    };
  }
  const evidence: Evidence = [];
  if (stripes.type !== delivered.type) evidence.push({ field: "type", expected: stripes.type, received: delivered.type });
  if (stripes.livemode !== delivered.livemode) evidence.push({ field: "livemode", expected: stripes.livemode, received: delivered.livemode });
  evidence.push(...materialDifferences(stripes.data.object, delivered.object));
  if (evidence.length === 0) return { confirmed: true };
  return { confirmed: false, evidence, summary: `Stripe's copy of ${delivered.id} differs in ${evidence.map((row) => row.field).join(", ")}` };
}

/**
 * The reconciliation fetch: the event's object as Stripe holds it now, to process an
 * event that failed with what it carried (or carried nothing usable). Asks for the event
 * first (which also proves Stripe knows it), then for its object's current state.
 */
export async function fetchCurrentObject(api: StripeApi, eventId: string): Promise<StripeObject> {
  const event = await fetchStripeEvent(api, eventId);
  const snapshot = event.data?.object;
  if (!snapshot?.id || !snapshot.object) throw new Error(`Stripe's copy of ${eventId} has no object`);
  if (!canFetch(snapshot.object)) return snapshot;
  return fetchStripeObject(api, snapshot.object, snapshot.id);
}

/**
 * Stripe's own copy of a thin event (the v2 events API), which proves Stripe created it:
 * confirm with source for thin events. Null when Stripe does not know it.
 */
export async function fetchThinEvent(api: StripeApi, id: string): Promise<ThinEventJson | null> {
  try {
    return withoutResponse(await api.request(`thin event ${id}`, (stripe: Stripe) => stripe.v2.core.events.retrieve(id))) as unknown as ThinEventJson;
  } catch (error) {
    if (error instanceof StripeNotFoundError) return null;
    throw error;
  }
}

/**
 * A thin event carries only `related_object`: fetch the object it names (by its URL,
 * which Stripe gives, or by its type and id) so the same handlers apply to it.
 */
export async function fetchThinEventObject(api: StripeApi, thin: ThinEventJson): Promise<StripeObject> {
  const related = thin.related_object;
  if (!related?.id) throw new Error(`thin event ${thin.id} names no related object`);
  const path = related.url ?? (OBJECT_PATHS[related.type] ? `${OBJECT_PATHS[related.type]}/${related.id}` : null);
  if (!path || !path.startsWith("/v1/")) throw new Error(`Hookwarden cannot fetch the ${related.type} of thin event ${thin.id}`);
  const object = await api.request(`${related.type} ${related.id}`, (stripe: Stripe) => stripe.rawRequest("GET", path));
  return withoutResponse(object) as StripeObject;
}
