import { disconnect } from "./db";
import type { Runtime } from "./embedded/prepare-runtime";
import { queueMode } from "./env";
import { startBackgroundWork, stopBackgroundWork } from "./start-background-work";

/** What a worker prints once it is claiming work (scripts and tests wait for this line). */
export const WORKER_READY = "Hookwarden worker ready";

/**
 * HOOKWARDEN_ROLE=worker (`npm start` with that setting): this process runs a server's
 * background work (the embedded runner, the ledger sweeper, the schedules) against the
 * shared database and serves no HTTP. Any number of workers and `web` processes can share
 * one database: every claim is atomic, so each event's effect still happens once.
 * SIGTERM or SIGINT: stop claiming, finish the events in hand, close the pool, exit 0.
 */
export async function startWorker(runtime: Runtime): Promise<void> {
  await startBackgroundWork();
  const database = runtime.embedded ? "embedded PostgreSQL" : "DATABASE_URL";
  const queue = queueMode() === "embedded" ? "embedded runner" : "Inngest mode: sweeper only, Inngest runs the functions";
  console.log(`${WORKER_READY} (${queue}, ${database}); it serves no HTTP`);

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await stopBackgroundWork();
    await disconnect();
    await runtime.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown());
  process.on("SIGTERM", () => void shutdown());
}
