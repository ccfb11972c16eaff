/** One target's saturation measurement, as bench:intake makes it: a warm-up (discarded), then the measured run with the processes sampled. */
import { fire, type AckLedger, type Target } from "./fire";
import { ProcessSampler, type ProcessGroup } from "./proc-sampler";
import type { TargetResult } from "./report";
import { RequestPool } from "./request-pool";

const POOL_FOR_WARMUP = 40_000;
/** The measured run's pool: the warm-up's busiest second times the duration, plus this much headroom... */
const POOL_HEADROOM = 1.3;
/** ...but no more than this (about 1.3 GB of memory in this process); past it, requests are built during the run. */
const POOL_MAX = 500_000;

export type MeasureOptions = {
  connections: number;
  /** Seconds of the measured run, and of the warm-up before it. */
  duration: number;
  warmup: number;
  /** The signing secret of the endpoint under test. */
  secret: string;
  /** Added to every request (a Stripe address in X-Forwarded-For, say). */
  headers?: Record<string, string>;
};

export async function measure(target: Target, groups: ProcessGroup[], acks: AckLedger, options: MeasureOptions): Promise<TargetResult> {
  const pool = new RequestPool(options.secret);
  pool.fill(POOL_FOR_WARMUP);
  const shared = { target, pool, ledger: acks, connections: options.connections, headers: options.headers };
  process.stdout.write(`${target.label}: warm-up ${options.warmup} s`);
  const warmup = await fire({ ...shared, seconds: options.warmup });
  pool.fill(Math.min(POOL_MAX, Math.ceil(warmup.peakSecondRate * options.duration * POOL_HEADROOM) + 5_000));
  const builtBefore = pool.builtDuringRun;
  process.stdout.write(`, pool of ${pool.remaining} signed requests, measuring ${options.duration} s... `);
  const sampler = new ProcessSampler(groups);
  sampler.start();
  const figures = await fire({ ...shared, seconds: options.duration }).catch((error: unknown) => {
    sampler.stop();
    throw error;
  });
  const usage = sampler.stop();
  console.log(`${figures.requestsPerSecond.toFixed(0)} req/s`);
  return { target, figures, usage, warmup, acks, builtDuringRun: pool.builtDuringRun - builtBefore };
}
