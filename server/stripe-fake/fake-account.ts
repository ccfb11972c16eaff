import { FakeApiError } from "./fake-api-error";
import { FakeWebhookEndpoints } from "./fake-webhook-endpoints";
import { FAKE_COLLECTION_NAMES, FAKE_COLLECTIONS, referenceId, type FakeCollection } from "./fake-collections";
import { normalizeEvent } from "./normalize-event";
import { normalizeObject } from "./normalize-object";
import { normalizeThinEvent, type ThinEvent } from "./normalize-thin-event";
import { OrderedCollection, type Page, type StoredObject } from "./ordered-collection";
import { parseListParams, type ListParams } from "./parse-list-params";
import { queryList, type QueryTree } from "./parse-stripe-query";

/** Stripe keeps events retrievable and listable for 30 days, then forgets them. */
export const EVENT_RETENTION_SECONDS = 30 * 24 * 60 * 60;
export const MAX_EVENT_TYPES = 20;

type StoredEvent = StoredObject & { type: string };

export type ListAnswer = { object: "list"; url: string; has_more: boolean; data: StoredObject[] };

function listAnswer(url: string, page: Page<StoredObject>): ListAnswer {
  return { object: "list", url, has_more: page.hasMore, data: page.data };
}

/** `invoice.*`, `*.succeeded`: Stripe's event type wildcard, `*` standing for any characters. */
function eventTypePattern(pattern: string): RegExp {
  return new RegExp(`^${pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
}

/** Where a collection has Stripe's `customer=` filter, objects are partitioned by customer so that filter reads one partition. */
function customerOf(object: StoredObject): string | undefined {
  const customer = referenceId(object.customer);
  return typeof customer === "string" ? customer : undefined;
}

/**
 * The scripted state of one Stripe account: the objects of six collections, the v1
 * snapshot events (with whether every delivery of each succeeded) and the v2 thin
 * events, read the way the API reads them. Time comes from `now` (milliseconds), so a
 * test can move it to watch events fall out of the 30-day window.
 */
export class FakeAccount {
  private readonly collections = new Map<FakeCollection, OrderedCollection<StoredObject>>(
    FAKE_COLLECTION_NAMES.map((collection) => [collection, new OrderedCollection<StoredObject>(FAKE_COLLECTIONS[collection].filters.customer && customerOf)]),
  );
  private readonly events = new OrderedCollection<StoredEvent>();
  private readonly deliveryFailed = new Set<string>();
  private readonly thinEvents = new Map<string, ThinEvent>();

  /** The account's webhook endpoints (what an API-driven secret rotation creates and deletes). */
  readonly webhookEndpoints: FakeWebhookEndpoints;

  constructor(private readonly now: () => number) {
    this.webhookEndpoints = new FakeWebhookEndpoints(() => this.nowSeconds());
  }

  nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }

  putObject(collection: FakeCollection, object: unknown): void {
    this.collection(collection).put(normalizeObject(collection, object, this.nowSeconds()));
  }

  getObject(collection: FakeCollection, id: string): StoredObject | undefined {
    return this.collection(collection).get(id);
  }

  deleteObject(collection: FakeCollection, id: string): void {
    this.collection(collection).delete(id);
  }

  addEvent(event: unknown, options: { deliverySuccess?: unknown; storeObject?: unknown } = {}): void {
    const input = normalizeEvent(event, options, this.nowSeconds());
    if (input.storedObject) this.collection(input.storedObject.collection).put(input.storedObject.object);
    this.events.put(input.event);
    if (input.deliverySuccess) this.deliveryFailed.delete(input.event.id);
    else this.deliveryFailed.add(input.event.id);
  }

  setDeliverySuccess(eventId: string, success: boolean): void {
    if (!this.events.get(eventId)) throw new TypeError(`no event ${eventId} to set delivery success on`);
    if (success) this.deliveryFailed.delete(eventId);
    else this.deliveryFailed.add(eventId);
  }

  addThinEvent(event: unknown): void {
    const thinEvent = normalizeThinEvent(event, this.now());
    this.thinEvents.set(thinEvent.id, thinEvent);
  }

  hasEvent(id: string): boolean {
    return this.events.get(id) !== undefined || this.thinEvents.has(id);
  }

  removeEvent(id: string): void {
    this.events.delete(id);
    this.deliveryFailed.delete(id);
    this.thinEvents.delete(id);
  }

  reset(): void {
    for (const collection of this.collections.values()) collection.clear();
    this.events.clear();
    this.deliveryFailed.clear();
    this.thinEvents.clear();
    this.webhookEndpoints.reset();
  }

  /** GET /v1/<collection>: newest first, cursors, `created`, and the collection's own filters. */
  listObjects(collection: FakeCollection, query: QueryTree): ListAnswer {
    const spec = FAKE_COLLECTIONS[collection];
    const params = parseListParams(query, Object.keys(spec.filters));
    const predicates = [...params.filters].map(([name, value]) => {
      if (typeof value !== "string") throw FakeApiError.invalidRequest(`Invalid ${name}: must be a string.`, name);
      return spec.filters[name]!(value);
    });
    if (spec.defaultFilter && !params.filters.has(spec.defaultFilter.param)) predicates.push(spec.defaultFilter.matches);
    const customer = params.filters.get("customer");
    return listAnswer(spec.path, this.page(this.collection(collection), params, predicates, spec.objectName, typeof customer === "string" ? customer : undefined));
  }

  /** GET /v1/<collection>/:id. `expand` is accepted and ignored: the fake stores objects as they should be read. */
  retrieveObject(collection: FakeCollection, id: string, query: QueryTree): StoredObject {
    for (const name of Object.keys(query)) if (name !== "expand") throw FakeApiError.unknownParameter(name);
    const object = this.collection(collection).get(id);
    if (!object) throw FakeApiError.resourceMissing(FAKE_COLLECTIONS[collection].objectName, id);
    return object;
  }

  /** GET /v1/events: the last 30 days only, with `type` (wildcards), `types` (up to 20) and `delivery_success`. */
  listEvents(query: QueryTree): ListAnswer {
    const params = parseListParams(query, ["type", "types", "delivery_success"]);
    const predicates: ((event: StoredEvent) => boolean)[] = [];
    const type = params.filters.get("type");
    const types = params.filters.get("types");
    if (type !== undefined && types !== undefined) throw FakeApiError.invalidRequest("You may pass either type or types, but not both.", "types");
    if (type !== undefined) {
      if (typeof type !== "string") throw FakeApiError.invalidRequest("Invalid type: must be a string.", "type");
      const pattern = eventTypePattern(type);
      predicates.push((event) => pattern.test(event.type));
    }
    if (types !== undefined) {
      const wanted = new Set(queryList(types, "types"));
      if (wanted.size > MAX_EVENT_TYPES) throw FakeApiError.invalidRequest(`Invalid types: at most ${MAX_EVENT_TYPES} event types can be given.`, "types");
      predicates.push((event) => wanted.has(event.type));
    }
    const deliverySuccess = params.filters.get("delivery_success");
    if (deliverySuccess !== undefined) {
      if (deliverySuccess !== "true" && deliverySuccess !== "false") throw FakeApiError.invalidRequest("Invalid boolean: delivery_success must be true or false.", "delivery_success");
      const failed = deliverySuccess === "false";
      predicates.push((event) => this.deliveryFailed.has(event.id) === failed);
    }
    const oldest = this.nowSeconds() - EVENT_RETENTION_SECONDS;
    params.created = { ...params.created, min: Math.max(params.created.min ?? oldest, oldest) };
    const cursors: [string, string | undefined][] = [["starting_after", params.startingAfter], ["ending_before", params.endingBefore]];
    for (const [param, cursor] of cursors) {
      if (cursor !== undefined && !this.isRetained(this.events.get(cursor))) throw FakeApiError.resourceMissing("event", cursor, param);
    }
    return listAnswer("/v1/events", this.page(this.events, params, predicates, "event"));
  }

  /** GET /v1/events/:id, for the last 30 days only. */
  retrieveEvent(id: string, query: QueryTree): StoredEvent {
    for (const name of Object.keys(query)) if (name !== "expand") throw FakeApiError.unknownParameter(name);
    const event = this.events.get(id);
    if (!event || !this.isRetained(event)) throw FakeApiError.resourceMissing("event", id);
    return event;
  }

  /** GET /v2/core/events/:id, for the last 30 days only, with v2's error shape. */
  retrieveThinEvent(id: string): ThinEvent {
    const event = this.thinEvents.get(id);
    if (!event || Date.parse(event.created) / 1000 < this.nowSeconds() - EVENT_RETENTION_SECONDS) {
      throw new FakeApiError(404, { type: "not_found", code: "not_found", message: `The resource ${id} was not found.` });
    }
    return event;
  }

  private isRetained(event: StoredEvent | undefined): event is StoredEvent {
    return event !== undefined && event.created >= this.nowSeconds() - EVENT_RETENTION_SECONDS;
  }

  private collection(collection: FakeCollection): OrderedCollection<StoredObject> {
    const found = this.collections.get(collection);
    if (!found) throw new TypeError(`unknown collection ${JSON.stringify(collection)}; one of ${FAKE_COLLECTION_NAMES.join(", ")}`);
    return found;
  }

  private page<T extends StoredObject>(collection: OrderedCollection<T>, params: ListParams, predicates: ((object: T) => boolean)[], objectName: string, partition?: string): Page<T> {
    const page = collection.page({
      partition,
      limit: params.limit,
      created: params.created,
      startingAfter: params.startingAfter,
      endingBefore: params.endingBefore,
      matches: (object) => predicates.every((matches) => matches(object)),
    });
    if (page === "unknown cursor") {
      const param = params.startingAfter !== undefined ? "starting_after" : "ending_before";
      throw FakeApiError.resourceMissing(objectName, params.startingAfter ?? params.endingBefore ?? "", param);
    }
    return page;
  }
}
