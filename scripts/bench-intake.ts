/**
 * `npm run bench:intake`: what does our intake cost, compared with its two floors?
 *
 * It builds the production server (skip with --no-build), starts it as `npm start`
 * does, with a fresh embedded PostgreSQL in a temporary folder, and fires realistic
 * signed Stripe deliveries (distinct event ids, 5% duplicates) with autocannon at:
 *   (a) our intake, POST /api/stripe/webhook: verify, record in the ledger, answer;
 *   (b) a no-op route in the same Next.js server, POST /api/bench/noop: reads the
 *       body and answers 200. The framework's floor: (a) − (b) is what intake adds;
 *   (c) a bare node:http server in its own process that only verifies with the
 *       official SDK (stripe.webhooks.constructEvent). The verification floor.
 * Each target gets a warm-up (discarded) and then a measured run. It prints
 * requests/s, p50/p99 latency, non-2xx answers, errors, and the peak RSS of the
 * server (its process tree without PostgreSQL, sampled from /proc every 200 ms; the
 * embedded PostgreSQL is reported apart, as PSS), the CPU used by server,
 * PostgreSQL and load generator, then the ratios against the
 * goals: intake ≥ 60% of the no-op's throughput, intake p99 ≤ 1.5× the no-op's,
 * server RSS < 400 MB. Finally it checks the promise behind every 200: each event
 * acknowledged by intake is in the ledger (stripe_event), with a delivery row per 2xx.
 *
 * Order: the no-op runs first on the fresh server, then intake (whose backlog the
 * embedded runner keeps processing afterwards), then the Hookwarden server is
 * stopped so that the verify-only run has the machine to itself.
 *
 * The load generator runs in this process, on the same machine: absolute figures
 * include its share of the CPU (printed per run). The ratios are the comparison.
 *
 * Exit code: 0 when the figures were measured (even when a goal is missed);
 * 1 when a server failed, nothing was acknowledged, an acknowledged delivery is
 * missing from the ledger, or a process we started outlived the run.
 *
 * Flags: --no-build, --connections N (32), --duration SECONDS (20), --warmup SECONDS (3).
 */
import { parseArgs } from "node:util";
import { AckLedger, type Target } from "./bench/fire";
import { checkLedger, ledgerExitCode, type LedgerReport } from "./bench/ledger-check";
import { integerOption, machineLine, runMain } from "./bench/cli";
import { prepareRun, type Cleanup } from "./bench/cleanup";
import { measure } from "./bench/measure";
import { hookwardenGroups, machineBusyPercent, peakRssKb, processTree, type ProcessGroup } from "./bench/proc-sampler";
import { groupUsage, printDetails, printGoals, printLedger, printTable, type Goal, type TargetResult } from "./bench/report";
import { buildProductionServer, freePort, SET_BY_BENCHMARK, startHookwarden, startVerifyOnly, waitUntilHealthy, type ServerProcess } from "./bench/servers";

/** A fixed test secret: the `default` endpoint gets it through STRIPE_WEBHOOK_SECRET. */
const SECRET = "whsec_hookwarden_bench_0f3c9a51d7e24b8c";
const GOALS = { throughputRatio: 0.6, p99Ratio: 1.5, serverRssMb: 400 };

type Options = { build: boolean; connections: number; duration: number; warmup: number };

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      "no-build": { type: "boolean", default: false },
      connections: { type: "string", default: "32" },
      duration: { type: "string", default: "20" },
      warmup: { type: "string", default: "3" },
    },
  });
  return {
    build: !values["no-build"],
    connections: integerOption("connections", values.connections),
    duration: integerOption("duration", values.duration),
    warmup: integerOption("warmup", values.warmup),
  };
}

function singleProcessGroups(serverPid: number): ProcessGroup[] {
  return [
    { name: "server", memory: "rss", pids: () => [serverPid] },
    { name: "load generator", memory: "rss", pids: () => [process.pid] },
  ];
}

function goals(intake: TargetResult, noop: TargetResult, verify: TargetResult, serverPeakMb: number): Goal[] {
  const throughput = intake.figures.requestsPerSecond / noop.figures.requestsPerSecond;
  const p99 = intake.figures.p99Ms / noop.figures.p99Ms;
  const versusVerify = intake.figures.requestsPerSecond / verify.figures.requestsPerSecond;
  return [
    { label: "intake / no-op throughput", value: `${(100 * throughput).toFixed(1)}%`, goal: `goal ≥ ${100 * GOALS.throughputRatio}%`, met: throughput >= GOALS.throughputRatio },
    { label: "intake p99 / no-op p99", value: `${p99.toFixed(2)}×`, goal: `goal ≤ ${GOALS.p99Ratio}×`, met: p99 <= GOALS.p99Ratio },
    { label: "intake / verify-only throughput", value: `${(100 * versusVerify).toFixed(1)}%`, goal: "(no goal: the verification floor)", met: null },
    {
      label: "server peak RSS (node, both runs)",
      value: `${serverPeakMb.toFixed(1)} MB`,
      goal: `goal < ${GOALS.serverRssMb} MB (PostgreSQL not included)`,
      met: serverPeakMb < GOALS.serverRssMb,
    },
  ];
}

async function runHookwardenTargets(options: Options, dataDir: string, cleanup: Cleanup, seenPids: Set<number>) {
  const port = await freePort();
  const server = startHookwarden({ port, dataDir, secret: SECRET });
  cleanup.add(() => server.stop());
  await waitUntilHealthy(server, `${server.baseUrl}/api/health`, 180_000);
  const tree = processTree(server.pid);
  tree.forEach((p) => seenPids.add(p.pid));
  console.log(`Hookwarden: what \`npm start\` runs (NODE_ENV=production node --import tsx scripts/serve.ts), spawned directly: pid ${server.pid}, port ${port}`);
  console.log(`  process tree: ${tree.map((p) => `${p.comm}(${p.pid})`).join(" ")}`);

  const groups = hookwardenGroups(server.pid);
  const noop = await measure({ key: "noop", label: "(b) Next.js no-op POST /api/bench/noop", baseUrl: server.baseUrl, path: "/api/bench/noop" }, groups, new AckLedger(), { ...options, secret: SECRET });
  const intakeAcks = new AckLedger();
  const intake = await measure({ key: "intake", label: "(a) intake POST /api/stripe/webhook", baseUrl: server.baseUrl, path: "/api/stripe/webhook" }, groups, intakeAcks, { ...options, secret: SECRET });
  for (const result of [noop, intake]) {
    result.usage.groups.filter((group) => group.name !== "load generator").forEach((group) => group.pids.forEach((pid) => seenPids.add(pid)));
  }

  const ledger = await checkLedger(dataDir, intakeAcks);
  const serverHwmMb = peakRssKb(server.pid) / 1024;
  await server.stop();
  return { noop, intake, ledger, serverHwmMb };
}

async function runVerifyOnly(options: Options, cleanup: Cleanup, seenPids: Set<number>): Promise<TargetResult> {
  const port = await freePort();
  const server: ServerProcess = startVerifyOnly({ port, secret: SECRET });
  cleanup.add(() => server.stop());
  seenPids.add(server.pid);
  await waitUntilHealthy(server, server.baseUrl, 30_000);
  const target: Target = { key: "verify", label: "(c) node:http + stripe constructEvent", baseUrl: server.baseUrl, path: "/" };
  const result = await measure(target, singleProcessGroups(server.pid), new AckLedger(), { ...options, secret: SECRET });
  await server.stop();
  return result;
}

function printReport(results: { intake: TargetResult; noop: TargetResult; verify: TargetResult }, ledger: LedgerReport, serverHwmMb: number): void {
  const { intake, noop, verify } = results;
  console.log("");
  printTable([intake, noop, verify]);
  printDetails([intake, noop, verify]);
  const sampledPeak = Math.max(groupUsage(intake.usage, "server")?.peakMb ?? 0, groupUsage(noop.usage, "server")?.peakMb ?? 0);
  printGoals(goals(intake, noop, verify, sampledPeak));
  console.log(`  (kernel's VmHWM of the server process over its whole life, start-up included: ${serverHwmMb.toFixed(1)} MB)`);
  printLedger(ledger, intake.acks, verify.acks);
}

async function main(): Promise<number> {
  const options = parseOptions();
  console.log(`bench:intake: ${options.connections} connections, ${options.duration} s per target after a ${options.warmup} s warm-up`);
  console.log(machineLine());
  const inherited = Object.keys(process.env).filter((name) => (name.startsWith("HOOKWARDEN_") || name === "NODE_OPTIONS") && !SET_BY_BENCHMARK.includes(name));
  if (inherited.length > 0) console.log(`settings passed on to the servers from this environment: ${inherited.map((name) => `${name}=${process.env[name]}`).join(" ")}`);
  if (options.build) buildProductionServer();
  console.log(`machine before the servers start: ${(await machineBusyPercent(2_000)).toFixed(0)}% busy over 2 s (other processes)`);

  const { dataDir, cleanup, seenPids } = prepareRun("hookwarden-bench-");
  try {
    const { noop, intake, ledger, serverHwmMb } = await runHookwardenTargets(options, dataDir, cleanup, seenPids);
    const verify = await runVerifyOnly(options, cleanup, seenPids);
    printReport({ intake, noop, verify }, ledger, serverHwmMb);
    return ledgerExitCode(ledger);
  } finally {
    await cleanup.finish(seenPids, dataDir);
  }
}

runMain(main);
