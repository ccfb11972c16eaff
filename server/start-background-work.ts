import { applyConfiguredSecrets } from "./endpoints/apply-configured-secrets";
import { env, queueMode } from "./env";
import { log } from "./log";
import { startEmbeddedRunner } from "./queue/embedded-runner";
import { startSweeper } from "./queue/sweep-ledger";

/** Start-up of a server process: configuration first (fails loudly), then the loops. */
export async function startBackgroundWork(): Promise<void> {
  env();
  await applyConfiguredSecrets();
  startSweeper();
  if (queueMode() === "embedded") startEmbeddedRunner();
  log.info("background work started", { queue: queueMode() });
}
