import { pool } from "../db";
import { log } from "../log";
import type { RejectionReason } from "./event-status";

/**
 * Rejected requests are kept for the gatekeeper, compactly and with bounded cost:
 * - `rejection_tally` holds exact counts per minute, endpoint, source address and
 *   reason. At most MAX_TALLY_KEYS keys are held per flush; past that, further
 *   sources of the minute are folded into the source `*`.
 * - `rejected_delivery` holds individual samples (time, endpoint, source, reason,
 *   body hash and size; never the body), at most SAMPLES_PER_MINUTE per endpoint
 *   and reason per minute.
 * Both are buffered in memory and written in one batch every FLUSH_INTERVAL_MS,
 * so a flood of forged requests costs the database a few statements a second, not
 * one per request. A rejected request was never acknowledged, so losing a buffer
 * in a crash loses no promise made to Stripe.
 */
export const SAMPLES_PER_MINUTE = 20;
export const MAX_TALLY_KEYS = 5_000;
const FLUSH_INTERVAL_MS = 2_000;

export type Rejection = {
  receivedAt: Date;
  endpoint: string;
  sourceIp: string | null;
  reason: RejectionReason;
  bodySha256: string | null;
  bodySize: number;
};

type Tally = { minute: Date; endpoint: string; sourceIp: string; reason: string; count: number; totalBytes: number };

const tallies = new Map<string, Tally>();
const samples: Rejection[] = [];
const samplesPerBucket = new Map<string, number>();
let timer: NodeJS.Timeout | undefined;
let flushing: Promise<void> | undefined;

function minuteOf(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 60_000) * 60_000);
}

/** Buffers one rejection; never throws and never waits for the database. */
export function recordRejection(rejection: Rejection): void {
  const minute = minuteOf(rejection.receivedAt);
  let sourceIp = rejection.sourceIp ?? "unknown";
  let key = `${minute.getTime()}|${rejection.endpoint}|${sourceIp}|${rejection.reason}`;
  if (!tallies.has(key) && tallies.size >= MAX_TALLY_KEYS) {
    sourceIp = "*";
    key = `${minute.getTime()}|${rejection.endpoint}|*|${rejection.reason}`;
  }
  const tally = tallies.get(key) ?? { minute, endpoint: rejection.endpoint, sourceIp, reason: rejection.reason, count: 0, totalBytes: 0 };
  tally.count += 1;
  tally.totalBytes += rejection.bodySize;
  tallies.set(key, tally);

  const bucket = `${minute.getTime()}|${rejection.endpoint}|${rejection.reason}`;
  const taken = samplesPerBucket.get(bucket) ?? 0;
  if (taken < SAMPLES_PER_MINUTE) {
    samplesPerBucket.set(bucket, taken + 1);
    samples.push(rejection);
  }
  timer ??= setTimeout(() => void flushRejections(), FLUSH_INTERVAL_MS).unref();
}

/** Writes the buffer now (tests, shutdown); concurrent calls share one flush. */
export async function flushRejections(): Promise<void> {
  if (flushing) await flushing;
  if (timer) clearTimeout(timer);
  timer = undefined;
  if (tallies.size === 0 && samples.length === 0) return;
  const batch = [...tallies.values()];
  const sampleBatch = samples.splice(0);
  tallies.clear();
  pruneSampleBuckets();
  flushing = writeBatch(batch, sampleBatch).finally(() => (flushing = undefined));
  await flushing;
}

function pruneSampleBuckets(): void {
  const current = minuteOf(new Date()).getTime();
  for (const bucket of samplesPerBucket.keys()) {
    if (Number(bucket.split("|", 1)[0]) < current - 60_000) samplesPerBucket.delete(bucket);
  }
}

async function writeBatch(batch: Tally[], sampleBatch: Rejection[]): Promise<void> {
  try {
    if (batch.length > 0) {
      await pool().query(
        `INSERT INTO rejection_tally (minute, endpoint, source_ip, reason, count, total_bytes)
         SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::int[], $6::bigint[])
         ON CONFLICT (minute, endpoint, source_ip, reason) DO UPDATE SET
           count = rejection_tally.count + EXCLUDED.count,
           total_bytes = rejection_tally.total_bytes + EXCLUDED.total_bytes`,
        [
          batch.map((t) => t.minute),
          batch.map((t) => t.endpoint),
          batch.map((t) => t.sourceIp),
          batch.map((t) => t.reason),
          batch.map((t) => t.count),
          batch.map((t) => t.totalBytes),
        ],
      );
    }
    if (sampleBatch.length > 0) {
      await pool().query(
        `INSERT INTO rejected_delivery (received_at, endpoint, source_ip, reason, body_sha256, body_size)
         SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[])`,
        [
          sampleBatch.map((s) => s.receivedAt),
          sampleBatch.map((s) => s.endpoint),
          sampleBatch.map((s) => s.sourceIp),
          sampleBatch.map((s) => s.reason),
          sampleBatch.map((s) => s.bodySha256),
          sampleBatch.map((s) => s.bodySize),
        ],
      );
    }
  } catch (error) {
    log.warn("could not record rejected requests", { error, tallies: batch.length, samples: sampleBatch.length });
  }
}
