import { pool } from "../db";
import { migrationStatus, MIGRATIONS_DIR } from "../embedded/migration-status";
import { env, queueMode } from "../env";
import { isShuttingDown } from "../lifecycle/shutdown-state";
import { lastBeat, type WorkLoop } from "./heartbeat";
import { within } from "./within";

/** Long enough for a busy database, short enough for a probe's timeout (3 s or more, see the README). */
const DATABASE_ANSWER_MS = 2_000;

export type ReadinessCheck = { ok: boolean; detail: string };
export type Readiness = {
  ready: boolean;
  checks: { database: ReadinessCheck; migrations: ReadinessCheck; work: ReadinessCheck; shutdown: ReadinessCheck };
};

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

/**
 * The loop that turns this instance's recorded events into processing, and how long it may stay
 * silent: the embedded runner where this process runs it, else the sweeper (Inngest mode, or a
 * HOOKWARDEN_ROLE=web process, whose events workers process).
 */
function workLoop(): { loop: WorkLoop; staleAfterMs: number } {
  const config = env();
  const staleAfterMs = config.HOOKWARDEN_READY_STALE_SECONDS * 1000;
  if (queueMode() === "embedded" && config.HOOKWARDEN_ROLE !== "web") return { loop: "embedded runner", staleAfterMs };
  // The sweeper beats once per interval: never call it stale before two intervals have passed.
  return { loop: "sweeper", staleAfterMs: Math.max(staleAfterMs, 2 * config.HOOKWARDEN_SWEEP_INTERVAL_SECONDS * 1000) };
}

function checkWork(now: Date): ReadinessCheck {
  const { loop, staleAfterMs } = workLoop();
  const last = lastBeat(loop);
  if (!last) return { ok: false, detail: `the ${loop} is not running in this process` };
  const age = Math.max(0, now.getTime() - last.getTime());
  if (age > staleAfterMs) return { ok: false, detail: `the ${loop} has not ticked for ${seconds(age)} (limit ${seconds(staleAfterMs)})` };
  return { ok: true, detail: `the ${loop} ticked ${seconds(age)} ago` };
}

async function checkDatabase(migrationsDir: string): Promise<{ database: ReadinessCheck; migrations: ReadinessCheck }> {
  try {
    // One round trip answers both: the database is reachable, and where its schema stands.
    const status = await within(migrationStatus(pool(), migrationsDir), DATABASE_ANSWER_MS);
    const database = { ok: true, detail: "the database answers" };
    if (status.unfinished.length > 0) {
      return { database, migrations: { ok: false, detail: `${status.unfinished.length} migration(s) failed or are being applied right now` } };
    }
    if (status.pending.length > 0) {
      return { database, migrations: { ok: false, detail: `${status.pending.length} of ${status.shipped} migrations not applied` } };
    }
    return { database, migrations: { ok: true, detail: `all ${status.shipped} migrations applied` } };
  } catch (error) {
    // What failed is said without the error itself: it can name hosts, users or databases.
    const timedOut = error instanceof DOMException && error.name === "TimeoutError";
    return {
      database: { ok: false, detail: timedOut ? `the database did not answer within ${seconds(DATABASE_ANSWER_MS)}` : "the database cannot be reached" },
      migrations: { ok: false, detail: "unknown: the database cannot be read" },
    };
  }
}

/**
 * Readiness: whether this instance should be given traffic. Ready only when the database
 * answers, every migration this build ships is applied (none failed or half-done), the work
 * loop ticks, and the process is not shutting down. Once shutdown has begun it answers at once,
 * without touching the database (whose pool is being closed).
 */
export async function checkReadiness(options: { migrationsDir?: string; now?: Date } = {}): Promise<Readiness> {
  if (isShuttingDown()) {
    const skipped = { ok: false, detail: "not checked: shutting down" };
    return { ready: false, checks: { database: skipped, migrations: skipped, work: skipped, shutdown: { ok: false, detail: "this instance is shutting down" } } };
  }
  const { database, migrations } = await checkDatabase(options.migrationsDir ?? MIGRATIONS_DIR);
  const work = checkWork(options.now ?? new Date());
  const shutdown = { ok: true, detail: "running" };
  return { ready: database.ok && migrations.ok && work.ok && shutdown.ok, checks: { database, migrations, work, shutdown } };
}
