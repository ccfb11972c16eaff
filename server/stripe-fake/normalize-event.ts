import { collectionOfObject, type FakeCollection } from "./fake-collections";
import { isPlainObject, normalizeObject } from "./normalize-object";
import type { StoredObject } from "./ordered-collection";

export type EventInput = { event: StoredObject & { type: string }; deliverySuccess: boolean; storedObject?: { collection: FakeCollection; object: StoredObject } };

/**
 * A v1 snapshot event as the fake stores it: string `id` and `type`, integer `created`
 * (default now), `object` "event" (filled in when absent), and a `data.object`. With
 * `storeObject`, `data.object` must be an object of a collection the fake holds; it is
 * normalised as putObject would. Throws TypeError with a message fit for a 400.
 */
export function normalizeEvent(input: unknown, options: { deliverySuccess?: unknown; storeObject?: unknown }, nowSeconds: number): EventInput {
  if (!isPlainObject(input)) throw new TypeError("an event must be a JSON object");
  if (typeof input.id !== "string" || input.id === "") throw new TypeError("an event needs a non-empty string id");
  if (typeof input.type !== "string" || input.type === "") throw new TypeError(`${input.id}: an event needs a non-empty string type`);
  if (input.object !== undefined && input.object !== "event") throw new TypeError(`${input.id}: a snapshot event has object "event"`);
  const created = input.created ?? nowSeconds;
  if (typeof created !== "number" || !Number.isSafeInteger(created)) throw new TypeError(`${input.id}: created must be an integer (unix seconds)`);
  if (!isPlainObject(input.data) || !isPlainObject(input.data.object)) throw new TypeError(`${input.id}: an event needs data.object`);
  if (options.deliverySuccess !== undefined && typeof options.deliverySuccess !== "boolean") throw new TypeError(`${input.id}: deliverySuccess must be a boolean`);
  if (options.storeObject !== undefined && typeof options.storeObject !== "boolean") throw new TypeError(`${input.id}: storeObject must be a boolean`);
  const event = { id: input.id, object: "event", ...input, type: input.type, created };
  const normalized: EventInput = { event, deliverySuccess: options.deliverySuccess ?? true };
  if (options.storeObject) {
    const collection = collectionOfObject(input.data.object.object);
    if (!collection) throw new TypeError(`${input.id}: storeObject, but data.object.object ${JSON.stringify(input.data.object.object)} is not held by the fake`);
    normalized.storedObject = { collection, object: normalizeObject(collection, input.data.object, nowSeconds) };
  }
  return normalized;
}
