/**
 * The benchmark's phases. Each runs in its own child process with its own
 * DATABASE_URL (server/db.ts keeps one pool per process), and prints its result as
 * one `BENCH_RESULT {json}` line on stdout.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import path from "node:path";
import pg from "pg";
import type { StripeEventJson } from "../../cli/simulate/stripe-events";
import { sha256Hex } from "../../server/crypto/cipher";
import { sealAtRest } from "../../server/crypto/keys";
import { disconnect, pool } from "../../server/db";
import { addEndpoint } from "../../server/endpoints/add-endpoint";
import { addSigningSecret } from "../../server/endpoints/add-signing-secret";
import { parseStripeEvent, type StripeEventSummary } from "../../server/intake/parse-stripe-event";
import { recordDelivery, type RecordDeliveryInput } from "../../server/ledger/record-delivery";
import { drainQueue, startEmbeddedRunner, stopEmbeddedRunner, wakeEmbeddedRunner } from "../../server/queue/embedded-runner";
import { registerTransaction } from "../../server/transactions/register-transaction";
import { printChildResult } from "../bench/child-phase";
import { cpuSplit, sampleCpu, type CpuSplit } from "./proc";
import { percentiles, type Percentiles } from "./stats";
import type { Delivery, Workload } from "./workload";

const ENDPOINT = "bench";
const SECRET = "whsec_hookwarden_bench_processing_5e1f";
/** Statuses after which nothing more happens to an event without an operator. */
export const FINAL = ["processed", "ignored", "quarantined", "dead", "held"];
/** Statuses that mean the runner still has work. */
const PENDING = ["received", "queued", "processing"];

export type StatusCounts = Record<string, number>;

export type DrainResult = {
  events: number;
  deliveries: number;
  setupMs: number;
  recordMs: number;
  flipMs: number;
  /** From t0 (all events queued) until the last one was settled. */
  drainMs: number;
  handled: number;
  drainRounds: number;
  statuses: StatusCounts;
  claims: number;
  awaitTransitions: number;
  queries: number;
  /** The most frequent statements in the measured window, with their counts. */
  statements: [string, number][];
  cpu: CpuSplit;
};

export type LatencyResult = {
  events: number;
  deliveries: number;
  setupMs: number;
  rate: number;
  /** From the first delivery until the last one was recorded. */
  sendMs: number;
  /** From the first delivery until every event was settled. */
  settleMs: number;
  schedulerLagMs: Percentiles;
  recordMs: Percentiles;
  recordErrors: number;
  latencyAll: Percentiles;
  latencyDirect: Percentiles;
  latencyAwaited: Percentiles;
  statuses: StatusCounts;
  claims: number;
  queries: number;
  cpu: CpuSplit;
};

type Prepared = { summary: StripeEventSummary; body: Buffer; ciphertext: Uint8Array; sha256: string };

let queryCount = 0;
let statementKinds = new Map<string, number>();
/** The start of a statement's text, whitespace folded: enough to tell the kinds apart. */
function statementKind(arg: unknown): string {
  const text = typeof arg === "string" ? arg : arg && typeof arg === "object" && "text" in arg ? String((arg as { text: unknown }).text) : "?";
  return text.replace(/\s+/g, " ").trim().slice(0, 90);
}
/** Counts every statement sent to PostgreSQL by this process, by kind (the pool and Prisma share pg's Client). */
function countQueries(): void {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function counted(this: unknown, ...args: unknown[]) {
    queryCount += 1;
    const kind = statementKind(args[0]);
    statementKinds.set(kind, (statementKinds.get(kind) ?? 0) + 1);
    return original.apply(this, args);
  };
}
function topStatements(limit = 15): [string, number][] {
  return [...statementKinds].sort((a, b) => b[1] - a[1]).slice(0, limit);
}

function postmasterPid(): number | null {
  const value = Number(process.env.BENCH_PG_PID);
  return Number.isInteger(value) && value > 0 ? value : null;
}

async function setup(workload: Workload): Promise<{ endpointId: string; secretId: string }> {
  const endpoint = await addEndpoint({ name: ENDPOINT });
  const secret = await addSigningSecret({ endpointName: ENDPOINT, secret: SECRET, source: "cli" });
  await inParallel(workload.transactions, 8, async (terms) => {
    await registerTransaction(terms);
  });
  return { endpointId: endpoint.id, secretId: secret.id };
}

async function inParallel<T>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await fn(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

function prepare(event: StripeEventJson): Prepared {
  const body = Buffer.from(JSON.stringify(event));
  const summary = parseStripeEvent(body);
  if (!summary) throw new Error(`the workload's event ${event.id} does not parse`);
  return { summary, body, ciphertext: sealAtRest(body), sha256: sha256Hex(body) };
}

/** What intake writes for one verified delivery; each attempt of an event has its own signature (a retry). */
function deliveryInput(ids: { endpointId: string; secretId: string }, prepared: Prepared, delivery: Delivery, receivedAt: Date, initialStatus: "received" | "queued"): RecordDeliveryInput {
  return {
    endpointId: ids.endpointId,
    event: prepared.summary,
    payloadCiphertext: prepared.ciphertext,
    payloadSha256: prepared.sha256,
    payloadSize: prepared.body.length,
    receivedAt,
    signatureTimestamp: Math.floor(receivedAt.getTime() / 1000) + delivery.attempt,
    matchedSignature: createHash("sha256").update(`${prepared.summary.id}:${delivery.attempt}`).digest("hex"),
    matchedSecretId: ids.secretId,
    sourceIp: "127.0.0.1",
    initialStatus,
  };
}

async function statusCounts(): Promise<StatusCounts> {
  const { rows } = await pool().query<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM stripe_event GROUP BY status ORDER BY status`);
  return Object.fromEntries(rows.map((row) => [row.status, row.n]));
}

async function transitions(to: string): Promise<number> {
  const { rows } = await pool().query<{ n: number }>(`SELECT count(*)::int AS n FROM event_status_change WHERE to_status = $1`, [to]);
  return rows[0]?.n ?? 0;
}

async function counts(): Promise<{ events: number; deliveries: number }> {
  const { rows } = await pool().query<{ events: number; deliveries: number }>(
    `SELECT (SELECT count(*)::int FROM stripe_event) AS events, (SELECT count(*)::int FROM delivery) AS deliveries`,
  );
  return rows[0]!;
}

/** Pending work and retryable failures left in the ledger. */
async function leftover(): Promise<{ pending: number; failed: number; nextAttemptAt: Date | null }> {
  const { rows } = await pool().query<{ pending: number; failed: number; next: Date | null }>(
    `SELECT count(*) FILTER (WHERE status = ANY($1))::int AS pending,
            count(*) FILTER (WHERE status = 'failed')::int AS failed,
            min(next_attempt_at) FILTER (WHERE status = 'failed') AS next
     FROM stripe_event`,
    [PENDING],
  );
  const row = rows[0]!;
  return { pending: row.pending, failed: row.failed, nextAttemptAt: row.next };
}

/** With BENCH_CPU_PROF=DIR, a V8 CPU profile of the measured window only, written to DIR/<name>.cpuprofile. */
async function startProfile(name: string): Promise<() => Promise<void>> {
  const dir = process.env.BENCH_CPU_PROF;
  if (!dir) return async () => undefined;
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 500 });
  await session.post("Profiler.start");
  return async () => {
    const { profile } = await session.post("Profiler.stop");
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Records the deliveries in this order (status `received`: nothing is processed yet),
 * then at t0 queues every event in one statement and drains the queue with the
 * embedded runner's scheduler until nothing is left to do (failed attempts are
 * retried when their backoff is over, for at most `retryBudgetMs`).
 */
export async function runDrainPhase(name: string, workload: Workload, order: Delivery[], concurrency: number, retryBudgetMs = 120_000): Promise<DrainResult> {
  countQueries();
  const setupStarted = performance.now();
  const ids = await setup(workload);
  const prepared = workload.events.map(prepare);
  const setupMs = performance.now() - setupStarted;

  const recordStarted = performance.now();
  // Strictly increasing receipt times in the given order: the runner takes events by first receipt.
  const base = Date.now() - order.length - 60_000;
  await inParallel(order, 8, async (delivery, index) => {
    await recordDelivery(deliveryInput(ids, prepared[delivery.event]!, delivery, new Date(base + index), "received"));
  });
  const recordMs = performance.now() - recordStarted;
  const recorded = await counts();

  const stopProfile = await startProfile(name);
  const cpuBefore = sampleCpu(postmasterPid());
  const queriesBefore = queryCount;
  statementKinds = new Map();
  const flipStarted = performance.now();
  await pool().query(
    `WITH moved AS (UPDATE stripe_event SET status = 'queued', enqueued_at = now() WHERE status = 'received' RETURNING id)
     INSERT INTO event_status_change (event_id, from_status, to_status, reason) SELECT id, 'received', 'queued', 'benchmark: queued at t0' FROM moved`,
  );
  const t0 = performance.now();
  let handled = 0;
  let rounds = 0;
  for (;;) {
    rounds += 1;
    handled += await drainQueue({ concurrency });
    const left = await leftover();
    if (left.pending === 0 && left.failed === 0) break;
    if (performance.now() - t0 > retryBudgetMs) break;
    const wait = left.nextAttemptAt ? left.nextAttemptAt.getTime() - Date.now() : 0;
    await sleep(Math.min(1_000, Math.max(10, wait)));
  }
  const tLast = performance.now();
  const cpu = cpuSplit(cpuBefore, sampleCpu(postmasterPid()));
  const queries = queryCount - queriesBefore;
  const statements = topStatements();
  await stopProfile();

  return {
    ...recorded,
    setupMs,
    recordMs,
    flipMs: t0 - flipStarted,
    drainMs: tLast - t0,
    handled,
    drainRounds: rounds,
    statuses: await statusCounts(),
    claims: await transitions("processing"),
    awaitTransitions: await transitions("awaiting_link"),
    queries,
    statements,
    cpu,
  };
}

/**
 * Runs the embedded runner as the server does (startEmbeddedRunner), and records the
 * deliveries in arrival order at a fixed rate, as intake would (status `queued`,
 * then wakeEmbeddedRunner for a new event). Intake's HTTP and signature work is not
 * included: the deliveries are recorded directly. Latency per event comes from the
 * ledger: the last status change (to its final status) minus its first receipt.
 */
export async function runLatencyPhase(workload: Workload, rate: number, settleBudgetMs = 300_000): Promise<LatencyResult> {
  countQueries();
  const setupStarted = performance.now();
  const ids = await setup(workload);
  const bodies = workload.events.map((event) => Buffer.from(JSON.stringify(event)));
  const setupMs = performance.now() - setupStarted;

  const order = workload.arrival;
  const lags: number[] = [];
  const recordTimes: number[] = [];
  let recordErrors = 0;
  const inFlight = new Set<Promise<void>>();
  const send = (delivery: Delivery, lagMs: number) => {
    lags.push(lagMs);
    const started = performance.now();
    // What intake does once the signature verified: parse, seal, record, wake.
    const body = bodies[delivery.event]!;
    const receivedAt = new Date();
    const summary = parseStripeEvent(body)!;
    const prepared: Prepared = { summary, body, ciphertext: sealAtRest(body), sha256: sha256Hex(body) };
    const run = recordDelivery(deliveryInput(ids, prepared, delivery, receivedAt, "queued"))
      .then((recorded) => {
        recordTimes.push(performance.now() - started);
        if (!recorded.duplicate) wakeEmbeddedRunner();
      })
      .catch(() => {
        recordErrors += 1;
      })
      .finally(() => inFlight.delete(run));
    inFlight.add(run);
  };

  const stopProfile = await startProfile("latency");
  startEmbeddedRunner();
  const cpuBefore = sampleCpu(postmasterPid());
  const queriesBefore = queryCount;
  const start = performance.now();
  const interval = 1000 / rate;
  let next = 0;
  while (next < order.length) {
    const elapsed = performance.now() - start;
    while (next < order.length && next * interval <= elapsed) {
      send(order[next]!, elapsed - next * interval);
      next += 1;
    }
    const wait = next * interval - (performance.now() - start);
    await sleep(Math.max(0, wait));
  }
  await Promise.all([...inFlight]);
  const sendMs = performance.now() - start;
  for (;;) {
    const left = await leftover();
    if (left.pending === 0 && left.failed === 0) break;
    if (performance.now() - start > settleBudgetMs) break;
    await sleep(50);
  }
  const settleMs = performance.now() - start;
  const cpu = cpuSplit(cpuBefore, sampleCpu(postmasterPid()));
  const queries = queryCount - queriesBefore;
  await stopProfile();
  await stopEmbeddedRunner();

  const { rows } = await pool().query<{ ms: number; awaited: boolean }>(
    `SELECT extract(epoch FROM (last.at - e.first_received_at)) * 1000 AS ms,
            EXISTS (SELECT 1 FROM event_status_change c WHERE c.event_id = e.id AND c.to_status = 'awaiting_link') AS awaited
     FROM stripe_event e
     JOIN LATERAL (SELECT at FROM event_status_change c WHERE c.event_id = e.id ORDER BY c.id DESC LIMIT 1) last ON true
     WHERE e.status = ANY($1)`,
    [FINAL],
  );
  const all = rows.map((row) => Number(row.ms));
  return {
    ...(await counts()),
    setupMs,
    rate,
    sendMs,
    settleMs,
    schedulerLagMs: percentiles(lags),
    recordMs: percentiles(recordTimes),
    recordErrors,
    latencyAll: percentiles(all),
    latencyDirect: percentiles(rows.filter((row) => !row.awaited).map((row) => Number(row.ms))),
    latencyAwaited: percentiles(rows.filter((row) => row.awaited).map((row) => Number(row.ms))),
    statuses: await statusCounts(),
    claims: await transitions("processing"),
    queries,
    cpu,
  };
}

export function readWorkload(file: string): Workload {
  return JSON.parse(readFileSync(file, "utf8")) as Workload;
}

export async function finish(result: unknown): Promise<void> {
  await disconnect();
  printChildResult(result);
}
