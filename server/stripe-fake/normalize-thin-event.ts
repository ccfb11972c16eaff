import { isPlainObject } from "./normalize-object";

export type ThinEvent = { id: string; object: "v2.core.event"; type: string; created: string; [key: string]: unknown };

/**
 * A v2 thin event as the fake stores it: string `id` and `type`, `object`
 * "v2.core.event" (filled in when absent), `created` an ISO 8601 time (default now),
 * `livemode` (default false) and, when present, `related_object` `{ id, type, url }` with
 * a url on this API (stripe-node's fetchRelatedObject() GETs it). Throws TypeError with
 * a message fit for a 400.
 */
export function normalizeThinEvent(input: unknown, nowMs: number): ThinEvent {
  if (!isPlainObject(input)) throw new TypeError("a thin event must be a JSON object");
  if (typeof input.id !== "string" || input.id === "") throw new TypeError("a thin event needs a non-empty string id");
  if (typeof input.type !== "string" || input.type === "") throw new TypeError(`${input.id}: a thin event needs a non-empty string type`);
  if (input.object !== undefined && input.object !== "v2.core.event") throw new TypeError(`${input.id}: a thin event has object "v2.core.event"`);
  const created = input.created ?? new Date(nowMs).toISOString();
  if (typeof created !== "string" || Number.isNaN(Date.parse(created))) throw new TypeError(`${input.id}: created must be an ISO 8601 time`);
  const related = input.related_object;
  if (related !== undefined && related !== null) {
    if (!isPlainObject(related) || typeof related.id !== "string" || typeof related.type !== "string" || typeof related.url !== "string" || !related.url.startsWith("/")) {
      throw new TypeError(`${input.id}: related_object must be { id, type, url } with url a path such as /v1/customers/cus_123`);
    }
  }
  return { id: input.id, object: "v2.core.event", livemode: false, ...input, type: input.type, created };
}
