export type StoredObject = { id: string; created: number; [key: string]: unknown };

type Entry<T extends StoredObject> = { created: number; insertion: number; object: T };

/** Inclusive bounds on `created` (unix seconds); a missing bound is open. */
export type CreatedRange = { min?: number; max?: number };

export type PageRequest<T> = {
  limit: number;
  /** Read only this partition (see partitionBy); `matches` must still hold the filter. */
  partition?: string;
  created: CreatedRange;
  startingAfter?: string;
  endingBefore?: string;
  matches: (object: T) => boolean;
};

export type Page<T> = { data: T[]; hasMore: boolean };

/**
 * Objects in Stripe's list order: newest `created` first, and for equal `created` the
 * later-inserted first. Stored ascending (so the usual insert, a newer object, is a push)
 * with an id → entry map; a cursor's position is found by binary search on
 * (created, insertion), which is unique. A page therefore costs O(log n + what it scans),
 * whatever the size of the collection. Inserts out of order only mark the array unsorted;
 * the next read sorts once, so bulk loads in any order stay cheap.
 *
 * With `partitionBy` (say, the customer), each partition is kept as its own ordered
 * collection with the same ranks, so a page filtered on it (`customer=`) also costs
 * O(page), not a scan of everyone else's objects.
 */
export class OrderedCollection<T extends StoredObject> {
  private entries: Entry<T>[] = [];
  private readonly byId = new Map<string, Entry<T>>();
  private sorted = true;
  private nextInsertion = 0;
  private readonly partitions = new Map<string, OrderedCollection<T>>();

  constructor(private readonly partitionBy?: (object: T) => string | undefined) {}

  get size(): number {
    return this.byId.size;
  }

  get(id: string): T | undefined {
    return this.byId.get(id)?.object;
  }

  /** Insert, or replace in place: a replaced object keeps its tie-break rank (it moves only if `created` changed). */
  put(object: T): void {
    this.putRanked(object, this.nextInsertion++);
  }

  private putRanked(object: T, insertion: number): void {
    const existing = this.byId.get(object.id);
    if (existing) {
      if (this.partitionBy) {
        const before = this.partitionBy(existing.object);
        const after = this.partitionBy(object);
        if (before !== undefined && before !== after) this.partitions.get(before)?.delete(object.id);
        if (after !== undefined) this.partition(after).putRanked(object, existing.insertion);
      }
      if (existing.created !== object.created) this.sorted = false;
      existing.created = object.created;
      existing.object = object;
      return;
    }
    const entry = { created: object.created, insertion, object };
    const last = this.entries[this.entries.length - 1];
    if (last && (last.created > entry.created || (last.created === entry.created && last.insertion > insertion))) this.sorted = false;
    this.entries.push(entry);
    this.byId.set(object.id, entry);
    const key = this.partitionBy?.(object);
    if (key !== undefined) this.partition(key).putRanked(object, insertion);
  }

  private partition(key: string): OrderedCollection<T> {
    let partition = this.partitions.get(key);
    if (!partition) this.partitions.set(key, (partition = new OrderedCollection<T>()));
    return partition;
  }

  delete(id: string): void {
    const entry = this.byId.get(id);
    if (!entry) return;
    this.ensureSorted();
    this.entries.splice(this.indexOf(entry), 1);
    this.byId.delete(id);
    const key = this.partitionBy?.(entry.object);
    if (key !== undefined) {
      const partition = this.partitions.get(key);
      partition?.delete(id);
      if (partition?.size === 0) this.partitions.delete(key);
    }
  }

  clear(): void {
    this.entries = [];
    this.byId.clear();
    this.partitions.clear();
    this.sorted = true;
  }

  /** One page in list order, or "unknown cursor" when a cursor id is not in the collection. */
  page(request: PageRequest<T>): Page<T> | "unknown cursor" {
    if (request.partition !== undefined && this.partitionBy) {
      const { partition: key, ...rest } = request;
      const partition = this.partitions.get(key);
      const cursor = request.startingAfter ?? request.endingBefore;
      // A cursor from outside the partition still names a place in the list: scan from there.
      if (cursor === undefined || partition?.get(cursor)) return partition ? partition.page(rest) : { data: [], hasMore: false };
      return this.page(rest);
    }
    this.ensureSorted();
    const low = request.created.min === undefined ? 0 : this.firstIndexCreatedAtLeast(request.created.min);
    const high = request.created.max === undefined ? this.entries.length : this.firstIndexCreatedAtLeast(request.created.max + 1);
    const found: T[] = [];
    if (request.endingBefore !== undefined) {
      // The objects just newer than the cursor, closest first, then returned newest first:
      // stripe-node's auto-pagination walks such pages backwards (oldest to newest).
      const cursor = this.byId.get(request.endingBefore);
      if (!cursor) return "unknown cursor";
      for (let index = Math.max(this.indexOf(cursor) + 1, low); index < high && found.length <= request.limit; index++) {
        const object = this.entries[index]!.object;
        if (request.matches(object)) found.push(object);
      }
      const hasMore = found.length > request.limit;
      return { data: found.slice(0, request.limit).reverse(), hasMore };
    }
    let start = high - 1;
    if (request.startingAfter !== undefined) {
      const cursor = this.byId.get(request.startingAfter);
      if (!cursor) return "unknown cursor";
      start = Math.min(this.indexOf(cursor) - 1, start);
    }
    for (let index = start; index >= low && found.length <= request.limit; index--) {
      const object = this.entries[index]!.object;
      if (request.matches(object)) found.push(object);
    }
    const hasMore = found.length > request.limit;
    return { data: hasMore ? found.slice(0, request.limit) : found, hasMore };
  }

  private ensureSorted(): void {
    if (this.sorted) return;
    this.entries.sort((a, b) => a.created - b.created || a.insertion - b.insertion);
    this.sorted = true;
  }

  private indexOf(entry: Entry<T>): number {
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const candidate = this.entries[middle]!;
      if (candidate.created < entry.created || (candidate.created === entry.created && candidate.insertion < entry.insertion)) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private firstIndexCreatedAtLeast(created: number): number {
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.entries[middle]!.created < created) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
