import type { FakeAccount } from "./fake-account";
import { FAKE_COLLECTION_NAMES, type FakeCollection } from "./fake-collections";
import { FaultQueue } from "./fault-queue";
import { normalizeEvent } from "./normalize-event";
import { isPlainObject, normalizeObject } from "./normalize-object";
import { normalizeThinEvent } from "./normalize-thin-event";

export type ControlTarget = {
  account: FakeAccount;
  faults: FaultQueue;
  stats: () => unknown;
  resetStats: () => void;
  reset: () => void;
};

export type ControlAnswer = { status: number; body: unknown };

class ControlInputError extends Error {}

function refuse(status: number, message: string): ControlAnswer {
  return { status, body: { error: { type: "invalid_request_error", message } } };
}

function items(body: unknown): unknown[] {
  if (body === undefined) throw new ControlInputError("a JSON body is required");
  const list = Array.isArray(body) ? body : [body];
  if (list.length === 0) throw new ControlInputError("an empty array changes nothing; send at least one item");
  return list;
}

/** Every item is checked before the first is applied, so a bad batch changes nothing. */
function validateAll<T>(list: unknown[], validate: (item: unknown) => T): T[] {
  return list.map((item, index) => {
    try {
      return validate(item);
    } catch (error) {
      if (error instanceof TypeError) throw new ControlInputError(list.length > 1 ? `item ${index}: ${error.message}` : error.message);
      throw error;
    }
  });
}

/** JSON can carry no RegExp: a fault names its path either exactly (`path`) or as a pattern (`pathPattern`, a RegExp source). */
function faultFromJson(item: unknown): unknown {
  if (!isPlainObject(item) || item.pathPattern === undefined) return item;
  if (item.path !== undefined) throw new TypeError("give either path or pathPattern, not both");
  if (typeof item.pathPattern !== "string") throw new TypeError("pathPattern must be a RegExp source string");
  let path: RegExp;
  try {
    path = new RegExp(item.pathPattern);
  } catch {
    throw new TypeError(`pathPattern is not a valid RegExp: ${item.pathPattern}`);
  }
  const { pathPattern: _pathPattern, ...rest } = item;
  return { ...rest, path };
}

function collectionName(segment: string): FakeCollection {
  const collection = FAKE_COLLECTION_NAMES.find((name) => name === segment);
  if (!collection) throw new ControlInputError(`unknown collection ${JSON.stringify(segment)}; one of ${FAKE_COLLECTION_NAMES.join(", ")}`);
  return collection;
}

type ControlRoute = { method: string; path: string; answer: (target: ControlTarget, params: string[], body: unknown) => ControlAnswer };

const ROUTES: ControlRoute[] = [
  {
    method: "POST",
    path: "objects/:collection",
    answer: ({ account }, [segment], body) => {
      const collection = collectionName(segment!);
      const objects = validateAll(items(body), (item) => normalizeObject(collection, item, account.nowSeconds()));
      for (const object of objects) account.putObject(collection, object);
      return { status: 200, body: { stored: objects.length } };
    },
  },
  {
    method: "DELETE",
    path: "objects/:collection/:id",
    answer: ({ account }, [segment, id]) => {
      account.deleteObject(collectionName(segment!), id!);
      return { status: 200, body: { deleted: id } };
    },
  },
  {
    method: "POST",
    path: "events",
    answer: ({ account }, _params, body) => {
      const inputs = validateAll(items(body), (item) => {
        if (!isPlainObject(item) || !("event" in item)) throw new TypeError("each item must be { event, deliverySuccess?, storeObject? }");
        const unknown = Object.keys(item).filter((name) => !["event", "deliverySuccess", "storeObject"].includes(name));
        if (unknown.length > 0) throw new TypeError(`unknown field ${unknown[0]}; each item is { event, deliverySuccess?, storeObject? }`);
        normalizeEvent(item.event, item, account.nowSeconds());
        return item;
      });
      for (const input of inputs) account.addEvent(input.event, input);
      return { status: 200, body: { stored: inputs.length } };
    },
  },
  {
    method: "DELETE",
    path: "events/:id",
    answer: ({ account }, [id]) => {
      account.removeEvent(id!);
      return { status: 200, body: { deleted: id } };
    },
  },
  {
    method: "POST",
    path: "events/:id/delivery-success",
    answer: ({ account }, [id], body) => {
      if (!isPlainObject(body) || typeof body.success !== "boolean") throw new ControlInputError("the body must be { success: true | false }");
      if (!account.hasEvent(id!)) return refuse(404, `no event ${id}`);
      account.setDeliverySuccess(id!, body.success);
      return { status: 200, body: { id, deliverySuccess: body.success } };
    },
  },
  {
    method: "POST",
    path: "thin-events",
    answer: ({ account }, _params, body) => {
      const events = validateAll(items(body), (item) => {
        normalizeThinEvent(item, account.nowSeconds() * 1000);
        return item;
      });
      for (const event of events) account.addThinEvent(event);
      return { status: 200, body: { stored: events.length } };
    },
  },
  {
    method: "POST",
    path: "faults",
    answer: (target, _params, body) => {
      const faults = validateAll(items(body), (item) => {
        const fault = faultFromJson(item);
        FaultQueue.validate(fault);
        return fault;
      });
      for (const fault of faults) target.faults.add(fault);
      return { status: 200, body: { added: faults.length } };
    },
  },
  { method: "GET", path: "webhook-endpoints", answer: ({ account }) => ({ status: 200, body: { data: account.webhookEndpoints.all() } }) },
  {
    method: "POST",
    path: "webhook-endpoints",
    answer: ({ account }, _params, body) => {
      const inputs = validateAll(items(body), (item) => {
        if (!isPlainObject(item) || typeof item.url !== "string" || !/^https?:\/\/\S+$/.test(item.url)) throw new TypeError("each item must be { url, enabled_events?, secret?, id?, api_version?, description? } with an http(s) url");
        if (item.secret !== undefined && (typeof item.secret !== "string" || !/^whsec_[A-Za-z0-9_]{8,}$/.test(item.secret))) throw new TypeError("secret must look like whsec_...");
        if (item.enabled_events !== undefined && (!Array.isArray(item.enabled_events) || !item.enabled_events.every((type) => typeof type === "string"))) throw new TypeError("enabled_events must be an array of strings");
        return item as Parameters<FakeAccount["webhookEndpoints"]["put"]>[0];
      });
      const stored = inputs.map((input) => account.webhookEndpoints.put(input));
      return { status: 200, body: { data: stored } };
    },
  },
  { method: "GET", path: "stats", answer: (target) => ({ status: 200, body: target.stats() }) },
  {
    method: "POST",
    path: "stats/reset",
    answer: (target) => {
      target.resetStats();
      return { status: 200, body: target.stats() };
    },
  },
  {
    method: "POST",
    path: "reset",
    answer: (target) => {
      target.reset();
      return { status: 200, body: { reset: true } };
    },
  },
];

/** The route these segments name, with the values of its `:params` in order. */
function matchRoute(method: string, segments: string[]): { route: ControlRoute; params: string[] } | undefined {
  for (const route of ROUTES) {
    const pattern = route.path.split("/");
    if (route.method !== method || pattern.length !== segments.length) continue;
    const params: string[] = [];
    if (pattern.every((part, index) => (part.startsWith(":") ? params.push(segments[index]!) > 0 && segments[index] !== "" : part === segments[index]))) {
      return { route, params };
    }
  }
  return undefined;
}

/**
 * The control API under /_fake/, for a fake running in another process (demo mode, the
 * CLI). JSON bodies; where an item is expected, an array of items is taken too.
 *   POST   /_fake/objects/:collection             an object, as putObject
 *   DELETE /_fake/objects/:collection/:id
 *   POST   /_fake/events                          { event, deliverySuccess?, storeObject? }
 *   POST   /_fake/events/:id/delivery-success     { success }
 *   DELETE /_fake/events/:id                      a snapshot or thin event
 *   POST   /_fake/thin-events                     a thin event, as addThinEvent
 *   POST   /_fake/faults                          { method?, path | pathPattern, status, times }
 *   GET    /_fake/webhook-endpoints               every webhook endpoint with its secret (what the Dashboard reveals)
 *   POST   /_fake/webhook-endpoints               { url, enabled_events?, secret?, id? }: one set up in the Dashboard
 *   GET    /_fake/stats, POST /_fake/stats/reset, POST /_fake/reset
 * Answers 400 with a message on bad input, having changed nothing.
 */
export function handleControlRequest(target: ControlTarget, method: string, pathname: string, body: unknown): ControlAnswer {
  let segments: string[];
  try {
    segments = pathname.slice("/_fake/".length).split("/").map(decodeURIComponent);
  } catch {
    return refuse(400, "malformed path");
  }
  const matched = matchRoute(method, segments);
  if (!matched) return refuse(404, `no control endpoint ${method} ${pathname}`);
  try {
    return matched.route.answer(target, matched.params, body);
  } catch (error) {
    if (error instanceof ControlInputError) return refuse(400, error.message);
    throw error;
  }
}
