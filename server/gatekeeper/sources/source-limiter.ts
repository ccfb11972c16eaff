import { recordAlert } from "../../alerts/record-alert";
import { pool } from "../../db";
import { env } from "../../env";
import { log } from "../../log";
import { recordDecision } from "../decisions";
import { isLoopback } from "../../intake/client-address";
import { SlidingMinuteCounts } from "../sliding-minute-counts";
import { isStripeAddress } from "./source-addresses";

/**
 * The flood limiter: a source outside Stripe's addresses that sends HOOKWARDEN_SOURCE_FAILURE_LIMIT
 * forged or malformed requests within a minute is answered 429 before its body is read or any
 * signature is computed, for HOOKWARDEN_SOURCE_BLOCK_MINUTES (doubled at each repeat within a day,
 * at most a day). Counting is in memory, per process, with a sliding minute (this minute plus the
 * previous one weighted by what is left of it), so a flood costs no query per request; a block is
 * written once (table `source_block` and a `source_blocked` decision) and every instance picks it up
 * at its next gatekeeper tick.
 * Never blocked: Stripe's own addresses (their failures mean a secret problem, which the rotation
 * alerts explain), this machine (loopback: the Stripe CLI, a local proxy), the trusted proxies, and
 * any address that delivered a verified event in the last week: blocking a shared address (a
 * load balancer whose clients are not unwrapped) would refuse Stripe too, so a few forged requests
 * could hold up genuine ones. Those floods are still seen per endpoint (traffic anomalies).
 */
export type SourceBlock = { until: number; blockedAt: number; repeats: number };

const MAX_COUNTERS = 50_000;
const DAY_MS = 86_400_000;
const VERIFIED_SOURCE_MS = 7 * DAY_MS;
const counters = new SlidingMinuteCounts(MAX_COUNTERS);
/** What each source's refused requests were, since its last block (for the block's explanation). */
const reasonsBySource = new Map<string, Record<string, number>>();
/** Addresses that delivered verified events, with when last (ms). */
const verifiedSources = new Map<string, number>();
const blocks = new Map<string, SourceBlock>();
const pendingWrites = new Set<Promise<void>>();

/** When the source's block ends (ms), or null when it is not blocked at `nowMs`. */
export function sourceBlockedUntil(address: string | null, nowMs: number): number | null {
  if (address === null) return null;
  const block = blocks.get(address);
  return block && block.until > nowMs ? block.until : null;
}

/** Counts one refused request of a source; blocks it when it passes the limit. */
export function noteSourceFailure(address: string | null, reason: string, endpoint: string, now: Date): void {
  const nowMs = now.getTime();
  if (address === null || !blockable(address, nowMs)) return;
  const inWindow = counters.add(address, nowMs);
  if (!reasonsBySource.has(address) && reasonsBySource.size >= MAX_COUNTERS) reasonsBySource.clear();
  const reasonCounts = reasonsBySource.get(address) ?? {};
  reasonCounts[reason] = (reasonCounts[reason] ?? 0) + 1;
  reasonsBySource.set(address, reasonCounts);
  const limit = env().HOOKWARDEN_SOURCE_FAILURE_LIMIT;
  if (inWindow < limit || sourceBlockedUntil(address, nowMs) !== null) return;

  const earlier = blocks.get(address);
  const repeats = earlier && nowMs - earlier.blockedAt < DAY_MS ? earlier.repeats + 1 : 0;
  const minutes = Math.min(24 * 60, env().HOOKWARDEN_SOURCE_BLOCK_MINUTES * 2 ** repeats);
  const block = { until: nowMs + minutes * 60_000, blockedAt: nowMs, repeats };
  blocks.set(address, block);
  const failures = Math.round(inWindow);
  const reasons = reasonCounts;
  reasonsBySource.delete(address);
  track(persistBlock(address, now, block, { failures, limit, minutes, reasons, endpoint }));
}

function blockable(address: string, nowMs: number): boolean {
  if (isStripeAddress(address) || isLoopback(address) || env().HOOKWARDEN_TRUSTED_PROXIES.includes(address)) return false;
  const verifiedAt = verifiedSources.get(address);
  return verifiedAt === undefined || nowMs - verifiedAt > VERIFIED_SOURCE_MS;
}

/** A verified delivery came from this address: it is never blocked (see above). */
export function noteVerifiedSource(address: string | null, at: Date): void {
  if (address === null) return;
  if (verifiedSources.size >= MAX_COUNTERS) verifiedSources.clear();
  verifiedSources.set(address, Math.max(verifiedSources.get(address) ?? 0, at.getTime()));
}

function track(write: Promise<void>): void {
  pendingWrites.add(write);
  void write.finally(() => pendingWrites.delete(write));
}

async function persistBlock(address: string, now: Date, block: SourceBlock, facts: { failures: number; limit: number; minutes: number; reasons: Record<string, number>; endpoint: string }): Promise<void> {
  try {
    await pool().query(`INSERT INTO source_block (address, blocked_at, until, failures, reason) VALUES ($1, $2, $3, $4, $5)`, [
      address,
      now,
      new Date(block.until),
      facts.failures,
      `${facts.failures} forged or malformed requests within a minute (limit ${facts.limit})`,
    ]);
    await recordAlert({
      kind: "source_blocked",
      severity: "warning",
      subject: `source:${address}`,
      message: `${address} is answered 429 for ${facts.minutes} min: ${facts.failures} forged or malformed requests within a minute`,
      detail: { until: new Date(block.until).toISOString(), reasons: facts.reasons },
    });
    await recordDecision({
      at: now,
      endpointId: null,
      kind: "source_blocked",
      subject: `source:${address}`,
      summary: `${address} sent ${facts.failures} forged or malformed requests within a minute (limit ${facts.limit}): answered 429 for ${facts.minutes} min`,
      explanation: {
        attack: true,
        features: [{ feature: "refused requests per minute", value: facts.failures, limit: facts.limit }],
        reasons: facts.reasons,
        stripeAddress: false,
        lastEndpoint: facts.endpoint,
        blockedUntil: new Date(block.until).toISOString(),
        repeat: block.repeats,
      },
    });
  } catch (error) {
    // The block holds in this process anyway; other instances learn it from their own counting.
    log.warn("could not record a source block", { error, address });
  }
}

/** Waits for block records still being written (the gatekeeper tick, tests, the evaluation harness). */
export async function settleSourceBlocks(): Promise<void> {
  await Promise.all([...pendingWrites]);
}

/**
 * Brings this process's blocks in line with the table: blocks from other instances are added,
 * blocks an admin lifted are dropped, expired counters are forgotten.
 */
export async function refreshSourceBlocks(now: Date): Promise<void> {
  const nowMs = now.getTime();
  counters.prune(nowMs);
  const rows = await pool().query<{ address: string; until: Date; blocked_at: Date; lifted_at: Date | null }>(
    `SELECT DISTINCT ON (address) address, until, blocked_at, lifted_at FROM source_block WHERE blocked_at > $1 ORDER BY address, blocked_at DESC`,
    [new Date(nowMs - DAY_MS)],
  );
  for (const row of rows.rows) {
    const local = blocks.get(row.address);
    if (row.lifted_at) {
      if (local && local.blockedAt <= row.blocked_at.getTime()) blocks.set(row.address, { ...local, until: 0 });
      continue;
    }
    if (!local || local.until < row.until.getTime()) blocks.set(row.address, { until: row.until.getTime(), blockedAt: row.blocked_at.getTime(), repeats: local?.repeats ?? 0 });
  }
  for (const [address, block] of blocks) if (nowMs - block.blockedAt > DAY_MS && block.until <= nowMs) blocks.delete(address);
  const verified = await pool().query<{ address: string; last_seen_at: Date }>(
    `SELECT address, max(last_seen_at) AS last_seen_at FROM traffic_source WHERE last_seen_at > $1 GROUP BY address LIMIT ${MAX_COUNTERS}`,
    [new Date(nowMs - VERIFIED_SOURCE_MS)],
  );
  for (const row of verified.rows) noteVerifiedSource(row.address, row.last_seen_at);
}

/** Forgets every count and block of this process (tests). */
export function resetSourceLimiter(): void {
  counters.clear();
  reasonsBySource.clear();
  blocks.clear();
  verifiedSources.clear();
}
