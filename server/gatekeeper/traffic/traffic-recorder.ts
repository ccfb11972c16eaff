import { pool } from "../../db";
import { log } from "../../log";
import type { DeliveryKind } from "../../ledger/event-status";
import { isStripeAddress } from "../sources/source-addresses";
import { noteVerifiedSource } from "../sources/source-limiter";
import { isSuccessEvent } from "../success-event-types";

/**
 * What intake saw, per endpoint and minute, counted in memory (no query per delivery) and added to
 * `traffic_minute` in one batch at every flush: every FLUSH_INTERVAL_MS and at every gatekeeper
 * tick. Counters from several instances add up in the table. A crash loses at most the last
 * seconds of counts, never a delivery: the ledger is the record, this is the gatekeeper's view.
 */
const FLUSH_INTERVAL_MS = 2_000;
/** Distinct sources kept per minute row; `source_count` keeps counting past it. */
const MAX_SOURCES = 64;
/** A first delivery whose Stripe `created` is older than this is Stripe catching up (after our outage, or its own). */
export const STALE_EVENT_MS = 60 * 60_000;
/** A source outside Stripe's addresses first seen verified less than this long ago is unusual. */
export const UNUSUAL_SOURCE_MS = 60 * 60_000;
const MAX_ROWS = 10_000;

type SourceCounts = { deliveries: number; types: Record<string, number> };
type MinuteCounts = {
  endpointId: string;
  minute: number;
  deliveries: number;
  firstDeliveries: number;
  retries: number;
  replays: number;
  successEvents: number;
  outsideDeliveries: number;
  staleEvents: number;
  rejected: number;
  signatureFailures: number;
  refused: number;
  throttled: number;
  shed: number;
  payloadBytes: number;
  signatureAgeMs: number;
  typeCounts: Record<string, number>;
  replayTypeCounts: Record<string, number>;
  sources: Map<string, SourceCounts>;
};

const rows = new Map<string, MinuteCounts>();
let timer: NodeJS.Timeout | undefined;
let flushing: Promise<void> | undefined;

function rowFor(endpointId: string, at: Date): MinuteCounts {
  const minute = Math.floor(at.getTime() / 60_000) * 60_000;
  const key = `${endpointId}|${minute}`;
  let row = rows.get(key);
  if (!row) {
    if (rows.size >= MAX_ROWS) rows.clear();
    row = {
      endpointId, minute, deliveries: 0, firstDeliveries: 0, retries: 0, replays: 0, successEvents: 0, outsideDeliveries: 0, staleEvents: 0,
      rejected: 0, signatureFailures: 0, refused: 0, throttled: 0, shed: 0, payloadBytes: 0, signatureAgeMs: 0,
      typeCounts: {}, replayTypeCounts: {}, sources: new Map(),
    };
    rows.set(key, row);
  }
  timer ??= setTimeout(() => void flushTraffic(), FLUSH_INTERVAL_MS).unref();
  return row;
}

const add = (counts: Record<string, number>, key: string) => (counts[key] = (counts[key] ?? 0) + 1);

export type VerifiedDelivery = {
  endpointId: string;
  receivedAt: Date;
  sourceIp: string | null;
  kind: DeliveryKind;
  type: string;
  /** Stripe's `created`, in seconds. */
  created: number;
  signatureTimestamp: number;
  payloadSize: number;
};

/** Counts one verified, recorded delivery. */
export function noteVerifiedDelivery(delivery: VerifiedDelivery): void {
  const row = rowFor(delivery.endpointId, delivery.receivedAt);
  row.deliveries += 1;
  row.payloadBytes += delivery.payloadSize;
  row.signatureAgeMs += Math.max(0, delivery.receivedAt.getTime() - delivery.signatureTimestamp * 1000);
  if (delivery.kind === "first") {
    row.firstDeliveries += 1;
    add(row.typeCounts, delivery.type);
    if (isSuccessEvent(delivery.type)) row.successEvents += 1;
    if (delivery.receivedAt.getTime() - delivery.created * 1000 > STALE_EVENT_MS) row.staleEvents += 1;
  } else if (delivery.kind === "retry") row.retries += 1;
  else {
    row.replays += 1;
    add(row.replayTypeCounts, delivery.type);
  }
  noteVerifiedSource(delivery.sourceIp, delivery.receivedAt);
  const source = delivery.sourceIp ?? "unknown";
  if (!isStripeAddress(delivery.sourceIp)) row.outsideDeliveries += 1;
  const counts = row.sources.get(source) ?? { deliveries: 0, types: {} };
  counts.deliveries += 1;
  add(counts.types, delivery.type);
  row.sources.set(source, counts);
}

export type RefusedRequest = { endpointId: string; receivedAt: Date; outcome: "signature" | "malformed" | "refused" | "throttled" | "shed"; payloadSize: number };

/** Counts one request that was answered without being recorded. */
export function noteRefusedRequest(request: RefusedRequest): void {
  const row = rowFor(request.endpointId, request.receivedAt);
  if (request.outcome === "shed") row.shed += 1;
  else {
    row.rejected += 1;
    if (request.outcome === "signature") row.signatureFailures += 1;
    if (request.outcome === "refused") row.refused += 1;
    if (request.outcome === "throttled") row.throttled += 1;
  }
  row.payloadBytes += request.payloadSize;
}

/** Writes the counts so far (every instance adds to the same rows); concurrent calls share one flush. */
export async function flushTraffic(): Promise<void> {
  if (flushing) await flushing;
  if (timer) clearTimeout(timer);
  timer = undefined;
  if (rows.size === 0) return;
  const batch = [...rows.values()];
  rows.clear();
  flushing = writeBatch(batch).finally(() => (flushing = undefined));
  await flushing;
}

type SourceRow = { endpointId: string; address: string; minute: number; outside: boolean; deliveries: number; types: Record<string, number> };

async function writeBatch(batch: MinuteCounts[]): Promise<void> {
  try {
    const sourceRows: SourceRow[] = batch.flatMap((row) =>
      [...row.sources].map(([address, counts]) => ({ endpointId: row.endpointId, address, minute: row.minute, outside: !isStripeAddress(address), ...counts })),
    );
    const unusual = await unusualSources(sourceRows);
    const insert = batch.map((row) => {
      const unusualTypes: Record<string, number> = {};
      let unusualDeliveries = 0;
      for (const source of sourceRows) {
        if (source.endpointId !== row.endpointId || source.minute !== row.minute || !unusual.has(`${source.endpointId}|${source.address}`)) continue;
        unusualDeliveries += source.deliveries;
        for (const [type, count] of Object.entries(source.types)) unusualTypes[type] = (unusualTypes[type] ?? 0) + count;
      }
      return { row, unusualDeliveries, unusualTypes, sources: [...row.sources.keys()].slice(0, MAX_SOURCES) };
    });
    await pool().query(
      `INSERT INTO traffic_minute AS t (endpoint_id, minute, deliveries, first_deliveries, retries, replays, success_events, outside_deliveries,
         unusual_deliveries, stale_events, rejected, signature_failures, refused, throttled, shed, payload_bytes, signature_age_ms,
         type_counts, unusual_type_counts, replay_type_counts, sources, source_count)
       SELECT endpoint_id, minute, deliveries, first_deliveries, retries, replays, success_events, outside_deliveries, unusual_deliveries,
         stale_events, rejected, signature_failures, refused, throttled, shed, payload_bytes, signature_age_ms, type_counts, unusual_type_counts,
         replay_type_counts, ARRAY(SELECT jsonb_array_elements_text(sources)), jsonb_array_length(sources)
       FROM jsonb_to_recordset($1::jsonb) AS x(endpoint_id uuid, minute timestamptz, deliveries int, first_deliveries int, retries int, replays int,
         success_events int, outside_deliveries int, unusual_deliveries int, stale_events int, rejected int, signature_failures int, refused int,
         throttled int, shed int, payload_bytes bigint, signature_age_ms bigint, type_counts jsonb, unusual_type_counts jsonb, replay_type_counts jsonb, sources jsonb)
       ON CONFLICT (endpoint_id, minute) DO UPDATE SET
         deliveries = t.deliveries + EXCLUDED.deliveries, first_deliveries = t.first_deliveries + EXCLUDED.first_deliveries,
         retries = t.retries + EXCLUDED.retries, replays = t.replays + EXCLUDED.replays, success_events = t.success_events + EXCLUDED.success_events,
         outside_deliveries = t.outside_deliveries + EXCLUDED.outside_deliveries, unusual_deliveries = t.unusual_deliveries + EXCLUDED.unusual_deliveries,
         stale_events = t.stale_events + EXCLUDED.stale_events, rejected = t.rejected + EXCLUDED.rejected,
         signature_failures = t.signature_failures + EXCLUDED.signature_failures, refused = t.refused + EXCLUDED.refused,
         throttled = t.throttled + EXCLUDED.throttled, shed = t.shed + EXCLUDED.shed, payload_bytes = t.payload_bytes + EXCLUDED.payload_bytes,
         signature_age_ms = t.signature_age_ms + EXCLUDED.signature_age_ms,
         type_counts = hookwarden_jsonb_add_counts(t.type_counts, EXCLUDED.type_counts),
         unusual_type_counts = hookwarden_jsonb_add_counts(t.unusual_type_counts, EXCLUDED.unusual_type_counts),
         replay_type_counts = hookwarden_jsonb_add_counts(t.replay_type_counts, EXCLUDED.replay_type_counts),
         sources = ARRAY(SELECT DISTINCT s FROM unnest(t.sources || EXCLUDED.sources) s LIMIT ${MAX_SOURCES}),
         source_count = GREATEST(t.source_count, EXCLUDED.source_count,
           (SELECT count(DISTINCT s)::int FROM unnest(t.sources || EXCLUDED.sources) s))`,
      [
        JSON.stringify(
          insert.map(({ row, unusualDeliveries, unusualTypes, sources }) => ({
            endpoint_id: row.endpointId, minute: new Date(row.minute).toISOString(), deliveries: row.deliveries, first_deliveries: row.firstDeliveries,
            retries: row.retries, replays: row.replays, success_events: row.successEvents, outside_deliveries: row.outsideDeliveries,
            unusual_deliveries: unusualDeliveries, stale_events: row.staleEvents, rejected: row.rejected, signature_failures: row.signatureFailures,
            refused: row.refused, throttled: row.throttled, shed: row.shed, payload_bytes: row.payloadBytes, signature_age_ms: row.signatureAgeMs,
            type_counts: row.typeCounts, unusual_type_counts: unusualTypes, replay_type_counts: row.replayTypeCounts, sources,
          })),
        ),
      ],
    );
  } catch (error) {
    log.warn("could not record traffic counts", { error, rows: batch.length });
  }
}

/**
 * The (endpoint, address) pairs among these sources that are unusual: outside Stripe's addresses
 * and not seen verified on the endpoint before the last UNUSUAL_SOURCE_MS. Records every pair as seen.
 */
async function unusualSources(sources: SourceRow[]): Promise<Set<string>> {
  if (sources.length === 0) return new Set();
  const pairs = new Map<string, { endpointId: string; address: string; first: number; last: number; outside: boolean }>();
  for (const source of sources) {
    const key = `${source.endpointId}|${source.address}`;
    const pair = pairs.get(key) ?? { endpointId: source.endpointId, address: source.address, first: source.minute, last: source.minute, outside: source.outside };
    pair.first = Math.min(pair.first, source.minute);
    pair.last = Math.max(pair.last, source.minute + 59_999);
    pairs.set(key, pair);
  }
  const list = [...pairs.values()];
  const seen = await pool().query<{ endpoint_id: string; address: string; first_seen_at: Date }>(
    `INSERT INTO traffic_source AS s (endpoint_id, address, first_seen_at, last_seen_at)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::timestamptz[])
     ON CONFLICT (endpoint_id, address) DO UPDATE SET first_seen_at = LEAST(s.first_seen_at, EXCLUDED.first_seen_at), last_seen_at = GREATEST(s.last_seen_at, EXCLUDED.last_seen_at)
     RETURNING endpoint_id, address, first_seen_at`,
    [list.map((p) => p.endpointId), list.map((p) => p.address), list.map((p) => new Date(p.first)), list.map((p) => new Date(p.last))],
  );
  const unusual = new Set<string>();
  for (const row of seen.rows) {
    const pair = pairs.get(`${row.endpoint_id}|${row.address}`);
    if (pair?.outside && pair.first - row.first_seen_at.getTime() < UNUSUAL_SOURCE_MS) unusual.add(`${row.endpoint_id}|${row.address}`);
  }
  return unusual;
}
