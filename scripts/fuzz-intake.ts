/**
 * `npm run fuzz:intake`: an HTTP fuzzer for Stripe webhook intake, against the real production server.
 *
 * It builds the production server (skip with --no-build) and starts it as `npm start` does, in its own
 * process, on a fresh embedded PostgreSQL in a temporary folder, with two active signing secrets and this
 * process as a trusted proxy (HOOKWARDEN_TRUSTED_PROXIES=127.0.0.1,::1). Then it sends --requests
 * requests (100,000) over --connections keep-alive connections (16), each drawn with fast-check from
 * --seed (scripts/fuzz-intake/requests.ts): random and mutated Stripe-Signature headers and bodies from
 * the property tests' arbitraries (tests/support/hostile-deliveries.ts: bit flips, stale t, downgrades,
 * whitespace, duplicates, case, invalid UTF-8, deep JSON, duplicate keys, odd field values, empty and
 * oversized bodies, every content type), plus wrong methods, odd paths, headers near and over Node's
 * limit, chunked bodies and malformed HTTP on raw sockets. One request in 10 is a correctly signed
 * Stripe event (5% of those repeats, as Stripe retries).
 *
 * The flood limiter answers 429 to a source outside Stripe's list after 5 refused requests a minute,
 * before any signature work. So that most requests reach the signature check, 85% of them name one of
 * Stripe's addresses in X-Forwarded-For (never blocked), 5% none (this machine: never blocked); 7% come
 * from 20 outside addresses and 3% forge X-Forwarded-For, and their 429s are counted apart.
 *
 * It verifies: no 5xx from intake's routes but deliberate 503s (a breaker shedding: `shedding`;
 * `ledger_unavailable` is the designed answer when the database cannot record, but the database stays up
 * here, so each one counts as a failure), and reports apart any 5xx Next.js gives on a path no intake
 * route serves (a malformed multipart/form-data body to a path with no route handler: README); the server
 * never crashed (same pid alive, /api/health 200 at the end); memory flat, two ways, each at most +10%:
 * server RSS every 2 s (the median of the last 10% of the run against the median of 10%–20%), and the
 * live JS heap after full collections (the server runs with --trace-gc: the first full collection past the
 * 10% mark against the last), which tells a leak from garbage V8 has not collected yet; and nothing
 * accepted without a valid signature: every 2xx is for an event the fuzzer signed, the ledger holds only
 * events the fuzzer signed, and every signed event answered 2xx is in it.
 *
 * Exit code: 0 when the run completed and every invariant held (a missed memory or throughput figure is
 * reported, not failed); 1 when the run could not complete or an invariant broke (an unexpected 5xx, a
 * crash, an unsigned request accepted, an acknowledged event missing).
 *
 * Flags: --no-build, --requests N (100000), --seed S (random, printed), --connections C (16).
 */
import http, { maxHeaderSize } from "node:http";
import { parseArgs } from "node:util";
import { materialize, type Materialized } from "../tests/support/hostile-deliveries";
import { integerOption, machineLine, runMain } from "./bench/cli";
import { prepareRun } from "./bench/cleanup";
import { checkAcknowledged, recordedEventIds, type LedgerReport } from "./bench/ledger-check";
import { GcTrace, TRACE_GC_FLAG, type FullCollection } from "./bench/gc-trace";
import { median, MemorySeries, type MemorySample } from "./bench/memory-series";
import { hookwardenGroups, processTree } from "./bench/proc-sampler";
import { buildProductionServer, freePort, startHookwarden, waitUntilHealthy, type ServerProcess } from "./bench/servers";
import { httpSpec, rawBytes } from "./fuzz-intake/build";
import { FuzzRequests, SIGNED_EVERY, TOLERANCE_SECONDS, type FuzzRequest } from "./fuzz-intake/requests";
import { sendHttp, sendRaw, type Answer } from "./fuzz-intake/send";
import { DELIBERATE_503_CODES, FuzzTally, GROUPS } from "./fuzz-intake/tally";

/** Two active secrets (a roll in progress), and one the server does not hold. */
const SECRETS = ["whsec_hookwarden_fuzz_first_4f1c9a", "whsec_hookwarden_fuzz_second_8d2e7b"];
const FOREIGN_SECRET = "whsec_hookwarden_fuzz_foreign_0a3b5c";
const REQUEST_TIMEOUT_MS = 30_000;
const MEMORY_SAMPLE_MS = 2_000;
/** "Memory flat": the end of the run at most this much above its 10%–20% stretch. */
const MEMORY_GROWTH_LIMIT = 0.1;
/** Recent signed deliveries a repeat may send again. */
const RECENT_SIGNED = 2_000;

type Options = { build: boolean; requests: number; seed: number; connections: number };

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      "no-build": { type: "boolean", default: false },
      requests: { type: "string", default: "100000" },
      seed: { type: "string" },
      connections: { type: "string", default: "16" },
    },
  });
  return {
    build: !values["no-build"],
    requests: integerOption("requests", values.requests),
    seed: values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : integerOption("seed", values.seed, 0),
    connections: integerOption("connections", values.connections),
  };
}

const mb = (kb: number) => (kb / 1024).toFixed(1);
const percent = (part: number, whole: number) => `${((100 * part) / Math.max(1, whole)).toFixed(1)}%`;

/** Sends every request, `connections` at a time, and tallies the answers. */
async function fuzz(options: Options, server: ServerProcess, port: number, tally: FuzzTally, memory: MemorySeries): Promise<number> {
  const requests = new FuzzRequests(options.seed, SECRETS.length);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const recentSigned: { eventId: string; body: Buffer }[] = [];
  const started = performance.now();
  let next = 0;
  let nextReport = 1;

  const sendOne = async (index: number) => {
    const plan: FuzzRequest = requests.at(index);
    if (plan.kind === "raw") {
      const { bytes, halfClose } = rawBytes(plan, port);
      tally.record(plan, null, await sendRaw(port, bytes, { halfClose }, REQUEST_TIMEOUT_MS));
      return;
    }
    const keys = { active: SECRETS, foreign: FOREIGN_SECRET, toleranceSeconds: TOLERANCE_SECONDS, now: Math.floor(Date.now() / 1000) };
    const earlier = plan.repeat && recentSigned.length > 0 ? recentSigned[(index * 7_919) % recentSigned.length]! : null;
    // A repeat sends an earlier event's exact bytes again, signed now: what Stripe does when it retries.
    const made: Materialized = earlier ? materialize({ body: { kind: "bytes", bytes: earlier.body }, signature: plan.delivery.signature }, keys) : materialize(plan.delivery, keys);
    const eventId = FuzzTally.eventIdOf(plan, earlier?.eventId ?? null);
    const answer: Answer = await sendHttp(agent, port, httpSpec(plan, made), REQUEST_TIMEOUT_MS);
    tally.record(plan, { ...made, eventId }, answer);
    if (plan.share === "signed" && !earlier && eventId !== null) {
      recentSigned.push({ eventId, body: made.body });
      if (recentSigned.length > RECENT_SIGNED) recentSigned.shift();
    }
  };

  const worker = async () => {
    while (next < options.requests) {
      if (server.hasExited()) throw new Error(`the server exited during the run:\n${server.recentOutput()}`);
      await sendOne(next++);
      if (tally.sent >= (nextReport * options.requests) / 10) {
        nextReport += 1;
        const seconds = (performance.now() - started) / 1000;
        const sample = memory.samples.at(-1);
        console.log(
          `  ${percent(tally.sent, options.requests).padStart(6)}  ${tally.sent} requests in ${seconds.toFixed(0)} s (${(tally.sent / seconds).toFixed(0)}/s); ` +
            `2xx ${tally.answers2xx}, 429 ${tally.count("429")}, 5xx ${tally.fiveXX()}; server RSS ${mb(sample?.kb.server ?? 0)} MB, PostgreSQL ${mb(sample?.kb.postgres ?? 0)} MB`,
        );
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: options.connections }, worker));
  } finally {
    agent.destroy();
  }
  return (performance.now() - started) / 1000;
}

type MemoryVerdict = { first: number; atTenPercent: number; last: number; peak: number; baseline: number; end: number; growth: number; samples: number };

/** Server RSS: the median of the samples from 10% to 20% of the requests against the median of the last 10%. */
function memoryVerdict(samples: MemorySample[], requests: number, group: string): MemoryVerdict {
  const kb = (sample: MemorySample) => sample.kb[group] ?? 0;
  const during = (from: number, to: number) => samples.filter((s) => s.progress >= from * requests && s.progress <= to * requests).map(kb);
  const atTen = samples.find((s) => s.progress >= 0.1 * requests) ?? samples[0]!;
  const baselineSamples = during(0.1, 0.2);
  const baseline = median(baselineSamples.length > 0 ? baselineSamples : [kb(atTen)]);
  const end = median(during(0.9, 1));
  return {
    first: kb(samples[0]!),
    atTenPercent: kb(atTen),
    last: kb(samples.at(-1)!),
    peak: Math.max(...samples.map(kb)),
    baseline,
    end,
    growth: end / baseline - 1,
    samples: samples.length,
  };
}

type Liveness = { alive: boolean; samePid: boolean; health: number; pid: number };

async function liveness(server: ServerProcess, pidAtStart: number): Promise<Liveness> {
  const health = await fetch(`${server.baseUrl}/api/health`, { signal: AbortSignal.timeout(10_000) }).then(
    (response) => response.status,
    () => 0,
  );
  const alive = !server.hasExited() && processTree(pidAtStart).length > 0;
  return { alive, samePid: alive && server.pid === pidAtStart, health, pid: pidAtStart };
}

type LedgerFacts = { report: LedgerReport; ledgerIds: string[]; neverSigned: string[] };

async function ledgerFacts(dataDir: string, tally: FuzzTally): Promise<LedgerFacts> {
  const report = await checkAcknowledged({ dataDir }, tally.acknowledged, tally.answers2xx);
  const ledgerIds = await recordedEventIds(dataDir);
  return { report, ledgerIds, neverSigned: ledgerIds.filter((id) => !tally.signedEventIds.has(id)) };
}

function printAnswers(tally: FuzzTally, seconds: number): void {
  const sorted = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]);
  console.log(`\nAnswers by status (${tally.sent} requests in ${seconds.toFixed(0)} s, ${(tally.sent / seconds).toFixed(0)}/s):`);
  for (const [status, n] of sorted(tally.byStatus)) console.log(`  ${status.padEnd(28)} ${String(n).padStart(7)}  ${percent(n, tally.sent)}`);
  console.log("\nBy kind of request:");
  for (const group of GROUPS) {
    const answers = tally.byGroup.get(group);
    if (!answers) continue;
    const total = [...answers.values()].reduce((sum, n) => sum + n, 0);
    console.log(`  ${group.padEnd(42)} ${String(total).padStart(7)}:  ${sorted(answers).map(([status, n]) => `${status} ${n}`).join(", ")}`);
  }
  console.log(`\nIntake's error codes: ${sorted(tally.byCode).map(([code, n]) => `${code} ${n}`).join(", ")}`);
  if (tally.other2xx.size > 0) console.log(`2xx that record nothing (no "received"): ${sorted(tally.other2xx).map(([what, n]) => `${what} ×${n}`).join(", ")}`);
  const reached = tally.reachedSignatureCheck();
  console.log(`Reached the signature check (or past it): ${reached} of ${tally.sent} (${percent(reached, tally.sent)})`);
  console.log(`Flood limiter: ${tally.count("429")} answered 429 source_blocked, before any signature work (outside and forged sources only)`);
  console.log(`Node's header limit (${maxHeaderSize} bytes): ${tally.count("431")} answered 431 by Node before intake`);
  console.log(`5xx: ${tally.fiveXX()} (deliberate 503s: ${tally.deliberate503.size === 0 ? "none" : sorted(tally.deliberate503).map(([code, n]) => `${code} ${n}`).join(", ")})`);
  if (tally.unexpected5xx.size > 0) {
    console.log(`  unexpected, on intake's routes: ${sorted(tally.unexpected5xx).map(([what, n]) => `${what} ×${n}`).join(", ")}`);
    for (const example of tally.unexpected5xxExamples) console.log(`    e.g. ${example}`);
  }
  if (tally.outsideIntake5xx.size > 0) {
    console.log(`  on paths no intake route serves (Next.js's own answer): ${sorted(tally.outsideIntake5xx).map(([what, n]) => `${what} ×${n}`).join(", ")}`);
    for (const example of tally.outsideIntake5xxExamples) console.log(`    e.g. ${example}`);
  }
  if (tally.unsignedAccepted > 0) for (const example of tally.unsignedAcceptedExamples) console.log(`  ACCEPTED UNSIGNED: ${example}`);
}

type HeapVerdict = { points: FullCollection[]; baseline: FullCollection | null; end: FullCollection | null; growth: number | null; requests: number };

/** The live heap after full collections: the first one past 10% of the requests against the last one. */
function heapVerdict(collections: FullCollection[], requests: number): HeapVerdict {
  const baseline = collections.find((collection) => collection.progress >= 0.1 * requests) ?? null;
  const end = collections.at(-1) ?? null;
  const growth = baseline && end && end !== baseline ? end.afterMb / baseline.afterMb - 1 : null;
  return { points: collections, baseline, end, growth, requests };
}

function printMemory(server: MemoryVerdict, postgres: MemoryVerdict, heap: HeapVerdict): void {
  console.log(`\nMemory, sampled every ${MEMORY_SAMPLE_MS / 1000} s (${server.samples} samples):`);
  console.log(`  server RSS: first ${mb(server.first)} MB, at the 10% mark ${mb(server.atTenPercent)} MB, last ${mb(server.last)} MB, peak ${mb(server.peak)} MB`);
  console.log(
    `    median of 10%–20% of the run ${mb(server.baseline)} MB → median of the last 10% ${mb(server.end)} MB: ${server.growth >= 0 ? "+" : ""}${(100 * server.growth).toFixed(1)}%`,
  );
  const points = heap.points.map((point) => `${point.afterMb.toFixed(0)} (${percent(point.progress, heap.requests)})`);
  console.log(`  server's live JS heap after each full collection, MB (at what share of the requests): ${points.length > 0 ? points.join(", ") : "none yet"}`);
  if (heap.growth !== null) console.log(`    first past the 10% mark ${heap.baseline!.afterMb.toFixed(1)} MB → last ${heap.end!.afterMb.toFixed(1)} MB: ${heap.growth >= 0 ? "+" : ""}${(100 * heap.growth).toFixed(1)}%`);
  console.log(
    `  embedded PostgreSQL PSS (apart): first ${mb(postgres.first)} MB, last ${mb(postgres.last)} MB, peak ${mb(postgres.peak)} MB; 10%–20% → last 10%: ${(100 * postgres.growth).toFixed(1)}%`,
  );
}

function printLedgerFacts(facts: LedgerFacts, tally: FuzzTally): void {
  const { report } = facts;
  console.log("\nLedger (the server's database, read directly after the run):");
  console.log(`  stripe_event rows: ${facts.ledgerIds.length}; by status ${JSON.stringify(report.eventsByStatus)}; delivery rows: ${report.deliveryRows}`);
  console.log(`  events the fuzzer signed correctly (sent, answered or not): ${tally.signedEventIds.size}`);
  console.log(`  in the ledger but never signed by the fuzzer: ${facts.neverSigned.length}${facts.neverSigned.length > 0 ? ` (${facts.neverSigned.slice(0, 5).join(", ")})` : ""}`);
  console.log(`  acknowledged (2xx) events: ${report.acknowledgedEvents} (${tally.answers2xx} answers, ${tally.duplicatesAnswered} of them "duplicate":true); missing from the ledger: ${report.missingFromLedger.length}`);
  if (report.missingFromLedger.length > 0) console.log(`    first missing: ${report.missingFromLedger.slice(0, 10).join(", ")}`);
  console.log(`  events with more 2xx answers than delivery rows: ${report.underRecordedEvents}`);
}

type Figure = { label: string; value: string; met: boolean; invariant: boolean };

function printFigures(figures: Figure[]): void {
  console.log("\nFigures:");
  const width = Math.max(...figures.map((figure) => figure.label.length));
  for (const figure of figures) console.log(`  ${figure.met ? "MET   " : "MISSED"}  ${figure.label.padEnd(width)}  ${figure.value}${figure.invariant ? "" : "  (target, not an invariant)"}`);
}

async function main(): Promise<number> {
  const options = parseOptions();
  console.log(`fuzz:intake: ${options.requests} requests, ${options.connections} connections, seed ${options.seed} (replay with --seed ${options.seed})`);
  console.log(`${machineLine()}, header limit ${maxHeaderSize} bytes`);
  if (options.build) buildProductionServer();

  const { dataDir, cleanup, seenPids } = prepareRun("hookwarden-fuzz-");
  try {
    const port = await freePort();
    const tally = new FuzzTally(maxHeaderSize);
    const gc = new GcTrace(() => tally.sent);
    const server = startHookwarden({
      port,
      dataDir,
      secret: SECRETS.join(","),
      env: { HOOKWARDEN_TRUSTED_PROXIES: "127.0.0.1,::1", HOOKWARDEN_TOLERANCE_SECONDS: String(TOLERANCE_SECONDS) },
      nodeFlags: [TRACE_GC_FLAG],
      reader: (line) => gc.consume(line),
    });
    cleanup.add(() => server.stop());
    await waitUntilHealthy(server, `${server.baseUrl}/api/health`, 180_000);
    const pidAtStart = server.pid;
    processTree(pidAtStart).forEach((p) => seenPids.add(p.pid));
    console.log(`Hookwarden (npm start's command, spawned directly): pid ${pidAtStart}, port ${port}, data in ${dataDir}`);
    console.log(`One request in ${SIGNED_EVERY} is a correctly signed Stripe event; deliberate 503s: ${DELIBERATE_503_CODES.join(", ")}\n`);

    const memory = new MemorySeries(hookwardenGroups(pidAtStart), MEMORY_SAMPLE_MS, () => tally.sent);
    memory.start();
    const seconds = await fuzz(options, server, port, tally, memory).finally(() => memory.stop());
    processTree(pidAtStart).forEach((p) => seenPids.add(p.pid));

    const live = await liveness(server, pidAtStart);
    const serverMemory = memoryVerdict(memory.samples, options.requests, "server");
    const postgresMemory = memoryVerdict(memory.samples, options.requests, "postgres");
    const heap = heapVerdict(gc.mainThread(), options.requests);
    const facts = await ledgerFacts(dataDir, tally);
    printAnswers(tally, seconds);
    printMemory(serverMemory, postgresMemory, heap);
    printLedgerFacts(facts, tally);

    const signed2xx = [...tally.signedAnswers].filter(([status]) => status.startsWith("2")).reduce((sum, [, n]) => sum + n, 0);
    const signedOther = [...tally.signedAnswers].filter(([status]) => !status.startsWith("2")).map(([status, n]) => `${status} ×${n}`);
    const figures: Figure[] = [
      {
        label: "no 5xx from intake's routes but deliberate 503s",
        value: `${FuzzTally.total(tally.unexpected5xx)} unexpected, ${FuzzTally.total(tally.deliberate503)} deliberate`,
        met: tally.unexpected5xx.size === 0,
        invariant: true,
      },
      {
        label: "no 5xx on other paths either",
        value: `${FuzzTally.total(tally.outsideIntake5xx)}${tally.outsideIntake5xx.size > 0 ? " (examples above)" : ""}`,
        met: tally.outsideIntake5xx.size === 0,
        invariant: false,
      },
      { label: "server never crashed", value: `pid ${live.pid} ${live.alive ? "alive" : "GONE"}${live.samePid ? ", same pid" : ""}, /api/health ${live.health}`, met: live.alive && live.samePid && live.health === 200, invariant: true },
      { label: "nothing accepted unless correctly signed", value: `${tally.unsignedAccepted} accepted of ${tally.sent - tally.signedRequests} requests not correctly signed`, met: tally.unsignedAccepted === 0, invariant: true },
      { label: "ledger holds only events the fuzzer signed", value: `${facts.neverSigned.length} others among ${facts.ledgerIds.length}`, met: facts.neverSigned.length === 0, invariant: true },
      {
        label: "every signed event answered 2xx is in the ledger",
        value: `${facts.report.missingFromLedger.length} missing of ${facts.report.acknowledgedEvents}, ${facts.report.underRecordedEvents} under-recorded`,
        met: facts.report.missingFromLedger.length === 0 && facts.report.underRecordedEvents === 0,
        invariant: true,
      },
      {
        label: `memory flat (server RSS growth ≤ +${100 * MEMORY_GROWTH_LIMIT}%)`,
        value: `${serverMemory.growth >= 0 ? "+" : ""}${(100 * serverMemory.growth).toFixed(1)}% (${mb(serverMemory.baseline)} → ${mb(serverMemory.end)} MB, peak ${mb(serverMemory.peak)} MB)`,
        met: serverMemory.growth <= MEMORY_GROWTH_LIMIT,
        invariant: false,
      },
      {
        label: `memory flat (live heap after full GCs ≤ +${100 * MEMORY_GROWTH_LIMIT}%)`,
        value:
          heap.growth === null
            ? "n/a: fewer than two full collections past the 10% mark"
            : `${heap.growth >= 0 ? "+" : ""}${(100 * heap.growth).toFixed(1)}% (${heap.baseline!.afterMb.toFixed(1)} → ${heap.end!.afterMb.toFixed(1)} MB, ${heap.points.length} full collections)`,
        met: heap.growth !== null && heap.growth <= MEMORY_GROWTH_LIMIT,
        invariant: false,
      },
      {
        label: "correctly signed Stripe events answered 2xx",
        value: `${signed2xx} of ${tally.signedSent}${signedOther.length > 0 ? ` (others: ${signedOther.join(", ")})` : ""}`,
        met: signed2xx === tally.signedSent,
        invariant: false,
      },
    ];
    printFigures(figures);
    const broken = figures.some((figure) => figure.invariant && !figure.met);
    if (broken) console.error(`\nAn invariant broke. The server's last lines:\n${server.recentOutput().split("\n").slice(-15).join("\n")}`);
    return broken ? 1 : 0;
  } finally {
    await cleanup.finish(seenPids, dataDir);
  }
}

runMain(main);
