/**
 * Intake's p99 latency with the gatekeeper off and on (HOOKWARDEN_GATEKEEPER), the way bench:intake measures
 * it: the production server (`npm start`) on a fresh embedded PostgreSQL, signed deliveries with 5% duplicates
 * fired by autocannon after a warm-up. The two servers run one after the other, never at once. As in production,
 * the deliveries come from one of Stripe's addresses: the load generator is a trusted proxy (127.0.0.1) that
 * names it in X-Forwarded-For, so the gatekeeper sees Stripe's traffic, not a stranger's.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { AckLedger, fire, type RunFigures } from "../bench/fire";
import { RequestPool } from "../bench/request-pool";
import { freePort, startHookwarden, waitUntilHealthy } from "../bench/servers";
import { STRIPE_WEBHOOK_ADDRESSES } from "../../server/gatekeeper/sources/stripe-webhook-addresses";

const SECRET = "whsec_hookwarden_bench_detection_5be1c0";
/** Requests built before each run: more than 32 connections answer in the warm-up and the measured run together. */
const POOL_SIZE = 40_000;

export type IntakeRun = { gatekeeper: "on" | "off"; figures: RunFigures; loadAverage: number };

async function measure(gatekeeper: "on" | "off", options: { connections: number; seconds: number; warmup: number }, say: (text: string) => void): Promise<IntakeRun> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "hookwarden-bench-detection-"));
  const port = await freePort();
  const server = startHookwarden({ port, dataDir, secret: SECRET, env: { HOOKWARDEN_GATEKEEPER: gatekeeper, HOOKWARDEN_TRUSTED_PROXIES: "127.0.0.1,::1" } });
  try {
    await waitUntilHealthy(server, `${server.baseUrl}/api/health`, 180_000);
    const pool = new RequestPool(SECRET);
    pool.fill(POOL_SIZE);
    const target = { key: "intake" as const, label: `intake, gatekeeper ${gatekeeper}`, baseUrl: server.baseUrl, path: "/api/stripe/webhook" };
    const acks = new AckLedger();
    const headers = { "x-forwarded-for": STRIPE_WEBHOOK_ADDRESSES[0]! };
    await fire({ target, pool, ledger: acks, connections: options.connections, seconds: options.warmup, headers });
    const load = loadavg()[0]!;
    const figures = await fire({ target, pool, ledger: acks, connections: options.connections, seconds: options.seconds, headers });
    say(`  gatekeeper ${gatekeeper}: ${figures.requestsPerSecond.toFixed(0)} req/s, p50 ${figures.p50Ms.toFixed(1)} ms, p99 ${figures.p99Ms.toFixed(1)} ms, non-2xx ${figures.non2xx} (load average ${load.toFixed(2)} at the start)`);
    return { gatekeeper, figures, loadAverage: load };
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Off, then on: the p99 of each and their ratio. */
export async function intakeP99(options: { connections: number; seconds: number; warmup: number }, say: (text: string) => void): Promise<{ off: IntakeRun; on: IntakeRun; ratio: number }> {
  const off = await measure("off", options, say);
  const on = await measure("on", options, say);
  return { off, on, ratio: on.figures.p99Ms / off.figures.p99Ms };
}
