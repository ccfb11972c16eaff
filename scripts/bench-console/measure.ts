/**
 * The measuring child process: one database (its DATABASE_URL), every probe timed
 * round-robin (so a passing disturbance spreads over all of them), then each probe's
 * statements captured once and run again under EXPLAIN (ANALYZE, BUFFERS) to say which
 * indexes they use. scripts/bench-console.ts prints the result as one `BENCH_RESULT {json}` line.
 */
import { loadavg } from "node:os";
import pg from "pg";
import { disconnect, pool } from "../../server/db";
import { percentiles } from "../bench-processing/stats";
import { probes, readInputs } from "./probes";

const WARM_UP_RUNS = 3;

export type PlanSummary = { statements: number; indexes: string[]; seqScans: string[]; executionMs: number; sharedHit: number; sharedRead: number; plans: string[] };
export type ProbeResult = { name: string; input: string; p50: number; p95: number; min: number; max: number; samples: number[]; plan: PlanSummary };
export type MeasureResult = { events: number; runs: number; load: number[]; probes: ProbeResult[] };

type Captured = { text: string; values: unknown[] };
let capturing: Captured[] | null = null;

/** Records the statements this process sends while `capturing` is set (Prisma and the pool share pg's Client). */
function captureStatements(): void {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function captured(this: unknown, ...args: unknown[]) {
    const [first, second] = args;
    if (capturing) {
      if (typeof first === "string") capturing.push({ text: first, values: Array.isArray(second) ? second : [] });
      else if (first && typeof first === "object" && "text" in first) {
        const config = first as { text: string; values?: unknown[] };
        capturing.push({ text: config.text, values: config.values ?? [] });
      }
    }
    return original.apply(this, args);
  };
}

function summarise(plans: string[]): Omit<PlanSummary, "statements" | "plans"> {
  const indexes = new Set<string>();
  const seqScans = new Set<string>();
  let executionMs = 0;
  let sharedHit = 0;
  let sharedRead = 0;
  for (const plan of plans) {
    for (const match of plan.matchAll(/(?:Index Scan|Index Only Scan|Index Scan Backward|Index Only Scan Backward) using (\S+)|Bitmap Index Scan on (\S+)/g)) indexes.add((match[1] ?? match[2])!);
    // A sequential scan, with how many rows it read: fine on a three-row table, a finding on a big one.
    for (const match of plan.matchAll(/Seq Scan on (\S+)(?: \S+)?  \(.*?actual time=\S+ rows=([\d.]+) loops=(\d+)\)(?:(?:\n[^\n]*?){1,2}?Rows Removed by Filter: (\d+))?/g)) {
      seqScans.add(`${match[1]} (${Math.round(Number(match[2]) * Number(match[3]) + Number(match[4] ?? 0))} rows)`);
    }
    executionMs += Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? 0);
    const top = /Buffers: shared((?: \w+=\d+)+)/.exec(plan)?.[1] ?? "";
    sharedHit += Number(/hit=(\d+)/.exec(top)?.[1] ?? 0);
    sharedRead += Number(/read=(\d+)/.exec(top)?.[1] ?? 0);
  }
  return { indexes: [...indexes], seqScans: [...seqScans], executionMs, sharedHit, sharedRead };
}

async function explain(statements: Captured[]): Promise<PlanSummary> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  const plans: string[] = [];
  try {
    for (const statement of statements) {
      if (!/^\s*(WITH|SELECT)\b/i.test(statement.text) || /^\s*WITH\s+ended\s+AS\s*\(\s*DELETE/i.test(statement.text)) continue; // reads only: the tally fold writes
      const result = await client.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${statement.text}`, statement.values);
      plans.push(result.rows.map((row) => row["QUERY PLAN"]).join("\n"));
    }
  } finally {
    await client.end();
  }
  return { statements: statements.length, plans, ...summarise(plans) };
}

export async function measure(options: { runs: number }): Promise<MeasureResult> {
  captureStatements();
  const inputs = await readInputs(Math.max(options.runs, 10));
  const list = probes(inputs);
  for (let round = 0; round < WARM_UP_RUNS; round++) for (const probe of list) await probe.run(round + 1_000);
  const samples = list.map(() => [] as number[]);
  const load: number[] = [loadavg()[0]!];
  for (let round = 0; round < options.runs; round++) {
    for (const [index, probe] of list.entries()) {
      const started = performance.now();
      await probe.run(round);
      samples[index]!.push(performance.now() - started);
    }
  }
  load.push(loadavg()[0]!);
  const results: ProbeResult[] = [];
  for (const [index, probe] of list.entries()) {
    capturing = [];
    await probe.run(0);
    const statements = capturing;
    capturing = null;
    const p = percentiles(samples[index]!);
    results.push({ name: probe.name, input: probe.input, p50: p.p50, p95: p.p95, min: Math.min(...samples[index]!), max: p.max, samples: samples[index]!, plan: await explain(statements) });
  }
  const events = Number((await pool().query<{ n: string }>(`SELECT count(*) AS n FROM stripe_event`)).rows[0]!.n);
  await disconnect();
  return { events, runs: options.runs, load, probes: results };
}
