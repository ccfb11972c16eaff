import { pool } from "../db";
import { resolveAlert } from "../alerts/resolve-alert";
import { offShutdown, onShutdown } from "../lifecycle/shutdown-state";
import { startMinuteSchedule, stopMinuteSchedule } from "../start-minute-schedule";
import { advanceBreakers, type BreakerProgress } from "./breaker/advance-breakers";
import { refreshSheddingBreakers } from "./breaker/shedding-breakers";
import { evaluateTraffic, resolveQuietAnomalies, type Finding } from "./detect/evaluate-traffic";
import { HISTORY_DAYS } from "./detect/endpoint-model";
import { settleFailureFloods } from "./detect/failure-flood";
import { gatekeeperOn } from "./gatekeeper-on";
import { isGatekeeperLeader, releaseGatekeeperLeadership } from "./gatekeeper-leader";
import { settleOutsideSources } from "./sources/note-outside-source";
import { loadStripeAddresses } from "./sources/source-addresses";
import { refreshSourceBlocks, settleSourceBlocks } from "./sources/source-limiter";
import { flushTraffic } from "./traffic/traffic-recorder";

/** How often the embedded schedule ticks. */
export const GATEKEEPER_TICK_MS = 5_000;
const PRUNE_EVERY_MS = 3_600_000;
let lastPrune = 0;

export type GatekeeperTick = { evaluated: boolean; findings: Finding[]; breakers: BreakerProgress | null };

/**
 * One turn of the gatekeeper, every few seconds in every instance, and at every virtual step of
 * `hookwarden detect --replay`: `now` is the gatekeeper's clock, never read from the machine inside.
 * It writes what this process counted and what it decided at intake, refreshes what intake keeps in
 * memory (Stripe's addresses, source blocks, shedding breakers); then, in the one instance holding
 * the leader lock (or when `evaluate` is forced), scores each endpoint's traffic against its
 * baselines, trips or advances the breakers, and closes alerts whose problem is over.
 */
export async function runGatekeeperTick(now: Date, options: { evaluate?: boolean } = {}): Promise<GatekeeperTick> {
  await flushIntakeCounts();
  await Promise.all([loadStripeAddresses(), refreshSourceBlocks(now), refreshSheddingBreakers()]);
  const evaluate = options.evaluate ?? (await isGatekeeperLeader());
  if (!evaluate) return { evaluated: false, findings: [], breakers: null };
  const findings = await evaluateTraffic(now);
  const breakers = await advanceBreakers(now);
  await resolveQuietAnomalies(now);
  await resolveEndedBlocks(now);
  if (now.getTime() - lastPrune >= PRUNE_EVERY_MS || now.getTime() < lastPrune) {
    lastPrune = now.getTime();
    await pool().query(`DELETE FROM traffic_minute WHERE minute < $1`, [new Date(now.getTime() - (HISTORY_DAYS + 1) * 86_400_000)]);
  }
  return { evaluated: true, findings, breakers };
}

async function resolveEndedBlocks(now: Date): Promise<void> {
  const open = await pool().query<{ subject: string }>(
    `SELECT a.subject FROM alert a WHERE a.kind = 'source_blocked' AND a.resolved_at IS NULL
       AND NOT EXISTS (SELECT 1 FROM source_block b WHERE 'source:' || b.address = a.subject AND b.until > $1 AND b.lifted_at IS NULL)`,
    [now],
  );
  for (const { subject } of open.rows) await resolveAlert("source_blocked", subject);
}

/** What intake counted and decided in this process's memory, written to the database. */
async function flushIntakeCounts(): Promise<void> {
  await Promise.all([flushTraffic(), settleSourceBlocks(), settleOutsideSources(), settleFailureFloods()]);
}

/**
 * The embedded schedule: a tick every GATEKEEPER_TICK_MS in this process, whatever the queue mode (each
 * instance flushes its own counts). At shutdown, once the last request is answered, the counts are
 * flushed one last time (the last seconds of traffic still reach the baselines) and the leadership is
 * given up, so that another instance evaluates from its next tick (and the pool can close).
 */
export function startGatekeeperSchedule(): void {
  if (!gatekeeperOn()) return;
  startMinuteSchedule("gatekeeper", () => runGatekeeperTick(new Date()), 2_000, GATEKEEPER_TICK_MS);
  onShutdown("flush", "gatekeeper", finalGatekeeperWrites);
}

async function finalGatekeeperWrites(): Promise<void> {
  await flushIntakeCounts();
  await releaseGatekeeperLeadership();
}

export async function stopGatekeeperSchedule(): Promise<void> {
  await stopMinuteSchedule("gatekeeper");
  offShutdown("flush", "gatekeeper");
  await finalGatekeeperWrites();
}
