import { FAKE_COLLECTIONS, type FakeCollection } from "./fake-collections";
import type { StoredObject } from "./ordered-collection";

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * An object as the fake stores it: a non-empty string `id`, an integer `created` (unix
 * seconds; `nowSeconds` when absent) and the `object` name its collection holds (filled
 * in when absent, refused when it names another collection's objects). A shallow copy:
 * the caller's object is never modified. Throws TypeError with a message fit for a 400.
 */
export function normalizeObject(collection: FakeCollection, input: unknown, nowSeconds: number): StoredObject {
  const objectName = FAKE_COLLECTIONS[collection].objectName;
  if (!isPlainObject(input)) throw new TypeError(`a ${objectName} must be a JSON object`);
  if (typeof input.id !== "string" || input.id === "") throw new TypeError(`a ${objectName} needs a non-empty string id`);
  if (input.object !== undefined && input.object !== objectName) {
    throw new TypeError(`${input.id} has object ${JSON.stringify(input.object)}; the ${collection} collection holds ${objectName} objects`);
  }
  const created = input.created ?? nowSeconds;
  if (typeof created !== "number" || !Number.isSafeInteger(created)) throw new TypeError(`${input.id}: created must be an integer (unix seconds)`);
  return { id: input.id, object: objectName, ...input, created };
}
