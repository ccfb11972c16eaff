/**
 * `npm run bench:soak`: does intake stay as fast and as small after ten minutes as after two?
 *
 * It builds the production server (skip with --no-build) and starts it as `npm start` does, in its own
 * process, on a fresh embedded PostgreSQL in a temporary folder. Deliveries come from one of Stripe's
 * addresses, named in X-Forwarded-For by this process as a trusted proxy, as in production.
 *  1. Capacity: a short saturation run on intake, as bench:intake measures it (a warm-up, then
 *     --capacity-seconds at --connections), gives the requests per second intake can answer.
 *  2. Soak: --minutes (10) of realistic signed deliveries (distinct events, 5% duplicates: the traffic of
 *     bench:intake) at half that capacity (--rate to set it), printing per minute: throughput, p50/p99,
 *     errors (non-2xx answers, failed requests), the server's RSS (its node processes; median and peak of
 *     samples every 5 s), its live JS heap after the minute's last full collection (the server runs with
 *     --trace-gc: RSS also holds garbage V8 has not collected yet) and, apart, the embedded PostgreSQL's PSS.
 *  3. Targets, from minute 2 to the last: p99 drift under 20% and server RSS growth under 10% (minute 1
 *     is the server settling into the new rate). Then the ledger check of bench:intake: every delivery
 *     answered 2xx is in the ledger, with a delivery row per 2xx.
 *
 * Exit code: 0 when the figures were measured, targets met or not; 1 when the server failed, nothing was
 * acknowledged, an acknowledged delivery is missing from the ledger, or a process we started outlived the run.
 *
 * Flags: --no-build, --minutes N (10), --rate R (requests/s; default half the measured capacity),
 * --connections N (32), --capacity-seconds S (20), --warmup S (3).
 */
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { STRIPE_WEBHOOK_ADDRESSES } from "../server/gatekeeper/sources/stripe-webhook-addresses";
import { integerOption, machineLine, runMain } from "./bench/cli";
import { prepareRun } from "./bench/cleanup";
import { AckLedger, fire, type Target } from "./bench/fire";
import { GcTrace, TRACE_GC_FLAG } from "./bench/gc-trace";
import { checkLedger, ledgerExitCode } from "./bench/ledger-check";
import { measure } from "./bench/measure";
import { median, MemorySeries, type MemorySample } from "./bench/memory-series";
import { hookwardenGroups, machineBusyPercent, processTree } from "./bench/proc-sampler";
import { printLedger } from "./bench/report";
import { RequestPool } from "./bench/request-pool";
import { buildProductionServer, freePort, startHookwarden, waitUntilHealthy } from "./bench/servers";

const SECRET = "whsec_hookwarden_bench_soak_7c2d41e9";
const TARGETS = { p99Drift: 0.2, rssGrowth: 0.1 };
const MEMORY_SAMPLE_MS = 5_000;
const MINUTE_MS = 60_000;
/** Deliveries come from Stripe, through us as the trusted proxy. */
const FROM_STRIPE = { "x-forwarded-for": STRIPE_WEBHOOK_ADDRESSES[0]! };

type Options = { build: boolean; minutes: number; rate: number | null; connections: number; capacitySeconds: number; warmup: number };

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      "no-build": { type: "boolean", default: false },
      minutes: { type: "string", default: "10" },
      rate: { type: "string" },
      connections: { type: "string", default: "32" },
      "capacity-seconds": { type: "string", default: "20" },
      warmup: { type: "string", default: "3" },
    },
  });
  return {
    build: !values["no-build"],
    minutes: integerOption("minutes", values.minutes),
    rate: values.rate === undefined ? null : integerOption("rate", values.rate),
    connections: integerOption("connections", values.connections),
    capacitySeconds: integerOption("capacity-seconds", values["capacity-seconds"]),
    warmup: integerOption("warmup", values.warmup),
  };
}

/** One minute of the soak: its answers, their latencies, its failures and the memory samples taken in it. */
class Minute {
  readonly latencies: number[] = [];
  answers = 0;
  non2xx = 0;
  errors = 0;
  statuses = new Map<number, number>();

  percentile(fraction: number): number {
    if (this.latencies.length === 0) return Number.NaN;
    const sorted = Float64Array.from(this.latencies).sort();
    return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
  }
}

type MinuteFigures = {
  minute: number;
  perSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  serverMb: number;
  serverPeakMb: number;
  /** The live JS heap after the minute's last full collection (NaN: none in that minute). */
  heapMb: number;
  postgresMb: number;
  load: number;
};

function figuresOf(index: number, minute: Minute, samples: MemorySample[], seconds: number, gc: GcTrace): MinuteFigures {
  const inMinute = samples.filter((sample) => sample.atMs >= index * MINUTE_MS && sample.atMs < (index + 1) * MINUTE_MS);
  const mb = (group: string) => inMinute.map((sample) => (sample.kb[group] ?? 0) / 1024);
  return {
    minute: index + 1,
    perSecond: minute.answers / seconds,
    p50: minute.percentile(0.5),
    p99: minute.percentile(0.99),
    non2xx: minute.non2xx,
    errors: minute.errors,
    serverMb: median(mb("server")),
    serverPeakMb: Math.max(...mb("server")),
    heapMb: gc.mainThread().filter((collection) => collection.progress === index).at(-1)?.afterMb ?? Number.NaN,
    postgresMb: median(mb("postgres")),
    load: loadavg()[0]!,
  };
}

const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : "n/a");

function printMinute(figures: MinuteFigures): void {
  console.log(
    `  ${String(figures.minute).padStart(6)}  ${fixed(figures.perSecond, 0).padStart(7)}  ${fixed(figures.p50, 2).padStart(7)}  ${fixed(figures.p99, 2).padStart(7)}  ${String(figures.non2xx).padStart(7)}  ${String(figures.errors).padStart(6)}  ${fixed(figures.serverMb).padStart(10)}  ${fixed(figures.serverPeakMb).padStart(9)}  ${fixed(figures.heapMb).padStart(7)}  ${fixed(figures.postgresMb).padStart(11)}  ${fixed(figures.load, 2).padStart(5)}`,
  );
}

/** The soak itself: `minutes` of deliveries at `rate`, printed minute by minute. */
/** When the soak started (performance.now()), once it has: full collections are filed under the minute they fall in. */
type SoakClock = { startedAt: number | null };

async function soak(target: Target, rate: number, options: Options, acks: AckLedger, groups: ReturnType<typeof hookwardenGroups>, gc: GcTrace, clock: SoakClock): Promise<MinuteFigures[]> {
  const minutes = Array.from({ length: options.minutes }, () => new Minute());
  const memory = new MemorySeries(groups, MEMORY_SAMPLE_MS);
  const started = performance.now();
  clock.startedAt = started;
  const current = () => minutes[Math.min(options.minutes - 1, Math.floor((performance.now() - started) / MINUTE_MS))]!;
  const printed: MinuteFigures[] = [];
  console.log(`\nSoak: ${options.minutes} min at ${rate} deliveries/s (${options.connections} connections), per minute:`);
  console.log("  minute    req/s   p50 ms   p99 ms  non-2xx  errors  server MB  peak MB  heap MB  postgres MB  load");
  const printDue = () => {
    const finished = Math.min(options.minutes, Math.floor((performance.now() - started) / MINUTE_MS));
    while (printed.length < finished) {
      const figures = figuresOf(printed.length, minutes[printed.length]!, memory.samples, 60, gc);
      printed.push(figures);
      printMinute(figures);
    }
  };
  memory.start();
  const ticker = setInterval(printDue, 1_000);
  try {
    // The pool builds each request when it is taken (a t of now), so a long soak never sends a stale signature.
    await fire({
      target,
      pool: new RequestPool(SECRET),
      ledger: acks,
      connections: options.connections,
      seconds: options.minutes * 60,
      headers: FROM_STRIPE,
      overallRate: rate,
      onAnswer: (status, ms) => {
        const minute = current();
        minute.answers += 1;
        minute.latencies.push(ms);
        if (status < 200 || status > 299) minute.non2xx += 1;
        minute.statuses.set(status, (minute.statuses.get(status) ?? 0) + 1);
      },
      onError: () => {
        current().errors += 1;
      },
    });
  } finally {
    clearInterval(ticker);
    memory.stop();
  }
  // The last minute ends with the run (autocannon stops on the second): print what is left.
  while (printed.length < options.minutes) {
    const index = printed.length;
    const seconds = Math.min(60, (performance.now() - started) / 1000 - index * 60);
    const figures = figuresOf(index, minutes[index]!, memory.samples, Math.max(1, seconds), gc);
    printed.push(figures);
    printMinute(figures);
  }
  const statuses = new Map<number, number>();
  for (const minute of minutes) for (const [status, n] of minute.statuses) statuses.set(status, (statuses.get(status) ?? 0) + n);
  console.log(`  answers by status over the soak: ${JSON.stringify(Object.fromEntries(statuses))}`);
  return printed;
}

/** The heap after the first full collection from minute 2 on, against the last one. */
function heapLine(perMinute: MinuteFigures[]): string {
  const heaps = perMinute.slice(1).filter((minute) => Number.isFinite(minute.heapMb));
  if (heaps.length < 2) return "fewer than two minutes with a full collection from minute 2 on";
  const first = heaps[0]!;
  const last = heaps.at(-1)!;
  return `minute ${first.minute} ${fixed(first.heapMb)} MB → minute ${last.minute} ${fixed(last.heapMb)} MB (${last.heapMb >= first.heapMb ? "+" : ""}${fixed(100 * (last.heapMb / first.heapMb - 1))}%)`;
}

function printTargets(perMinute: MinuteFigures[]): void {
  console.log("\nTargets (minute 2 against the last minute; never a failure, only a report):");
  if (perMinute.length < 3) {
    console.log("  (needs a minute after minute 2: --minutes 3 or more)");
    return;
  }
  const second = perMinute[1]!;
  const last = perMinute.at(-1)!;
  const drift = last.p99 / second.p99 - 1;
  const growth = last.serverMb / second.serverMb - 1;
  const worstDrift = Math.max(...perMinute.slice(2).map((minute) => minute.p99 / second.p99 - 1));
  const sign = (value: number) => `${value >= 0 ? "+" : ""}${fixed(100 * value)}%`;
  const verdict = (met: boolean) => (met ? "MET   " : "MISSED");
  console.log(`  ${verdict(drift < TARGETS.p99Drift)}  p99 drift          ${sign(drift).padEnd(8)} (${fixed(second.p99, 2)} → ${fixed(last.p99, 2)} ms; ratio ${fixed(last.p99 / second.p99, 2)}×; target < +${100 * TARGETS.p99Drift}%)`);
  console.log(`          worst minute after minute 2: ${sign(worstDrift)}`);
  console.log(
    `  ${verdict(growth < TARGETS.rssGrowth)}  server RSS growth  ${sign(growth).padEnd(8)} (median of minute 2 ${fixed(second.serverMb)} MB → last minute ${fixed(last.serverMb)} MB; ratio ${fixed(last.serverMb / second.serverMb, 3)}×; target < +${100 * TARGETS.rssGrowth}%)`,
  );
  console.log(`          live JS heap after full collections (RSS also holds garbage V8 has not collected yet): ${heapLine(perMinute)}
          embedded PostgreSQL PSS, apart: ${fixed(second.postgresMb)} → ${fixed(last.postgresMb)} MB (${sign(last.postgresMb / second.postgresMb - 1)})`);
}

async function main(): Promise<number> {
  const options = parseOptions();
  console.log(`bench:soak: ${options.minutes} min at ${options.rate === null ? "half the measured capacity" : `${options.rate} req/s`}, ${options.connections} connections`);
  console.log(machineLine());
  if (options.build) buildProductionServer();
  console.log(`machine before the server starts: ${(await machineBusyPercent(2_000)).toFixed(0)}% busy over 2 s (other processes)`);

  const { dataDir, cleanup, seenPids } = prepareRun("hookwarden-soak-");
  try {
    const port = await freePort();
    const clock: SoakClock = { startedAt: null };
    const gc = new GcTrace(() => (clock.startedAt === null ? -1 : Math.floor((performance.now() - clock.startedAt) / MINUTE_MS)));
    const server = startHookwarden({ port, dataDir, secret: SECRET, env: { HOOKWARDEN_TRUSTED_PROXIES: "127.0.0.1,::1" }, nodeFlags: [TRACE_GC_FLAG], reader: (line) => gc.consume(line) });
    cleanup.add(() => server.stop());
    await waitUntilHealthy(server, `${server.baseUrl}/api/health`, 180_000);
    processTree(server.pid).forEach((p) => seenPids.add(p.pid));
    console.log(`Hookwarden (npm start's command, spawned directly): pid ${server.pid}, port ${port}\n`);

    const groups = hookwardenGroups(server.pid);
    const target: Target = { key: "intake", label: "intake POST /api/stripe/webhook", baseUrl: server.baseUrl, path: "/api/stripe/webhook" };
    const acks = new AckLedger();
    let rate = options.rate;
    if (rate === null) {
      const capacity = await measure(target, groups, acks, { connections: options.connections, duration: options.capacitySeconds, warmup: options.warmup, secret: SECRET, headers: FROM_STRIPE });
      rate = Math.max(1, Math.round(capacity.figures.requestsPerSecond / 2));
      console.log(
        `Capacity: ${capacity.figures.requestsPerSecond.toFixed(0)} req/s (p50 ${fixed(capacity.figures.p50Ms, 2)} ms, p99 ${fixed(capacity.figures.p99Ms, 2)} ms, non-2xx ${capacity.figures.non2xx}) → soak at ${rate} req/s`,
      );
    }
    const perMinute = await soak(target, rate, options, acks, groups, gc, clock);
    processTree(server.pid).forEach((p) => seenPids.add(p.pid));
    if (server.hasExited()) throw new Error(`the server exited during the soak:\n${server.recentOutput()}`);
    printTargets(perMinute);

    const ledger = await checkLedger(dataDir, acks);
    printLedger(ledger, acks, undefined);
    return ledgerExitCode(ledger);
  } finally {
    await cleanup.finish(seenPids, dataDir);
  }
}

runMain(main);
