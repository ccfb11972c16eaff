import { startAlertDispatch } from "./alerts/start-alert-dispatch";
import { oidcClientSecret } from "./auth/oidc-client-secret";
import { loadKeyring } from "./crypto/load-keyring";
import { applyConfiguredSecrets } from "./endpoints/apply-configured-secrets";
import { env, oidcConfig, queueMode, type ProcessRole } from "./env";
import { log } from "./log";
import { startEmbeddedRunner, stopEmbeddedRunner } from "./queue/embedded-runner";
import { startSweeper, stopSweeper } from "./queue/sweep-ledger";
import { startReconciliationSchedule } from "./reconcile/run-scheduled-reconciliations";
import { startDemoStripe } from "./reconcile/start-demo-stripe";
import { startGatekeeperSchedule } from "./gatekeeper/run-gatekeeper-tick";
import { startRotationSchedule } from "./rotation/run-rotation-schedule";
import { startRetentionSchedule } from "./retention/run-scheduled-retention";
import { startDestinationDispatch } from "./destinations/start-destination-dispatch";
import { stopMinuteSchedules } from "./start-minute-schedule";

export type BackgroundLoops = {
  /** Loops that belong with intake: the gatekeeper (it flushes this process's traffic counts) and the demo Stripe. */
  intake: boolean;
  /** The embedded runner and the embedded schedules (reconciliation, rotation, retention, alert dispatch). */
  queue: boolean;
  /** Sending to destinations (each instance claims with SKIP LOCKED; Inngest's cron function does it too): every role but web, in both modes. */
  destinations: boolean;
};

/**
 * Which loops a process runs, by HOOKWARDEN_ROLE and the queue mode. The ledger sweeper runs in
 * every process (its claims use SKIP LOCKED). In Inngest mode Inngest runs the queue's work, so
 * no role runs the embedded queue.
 */
export function backgroundLoops(role: ProcessRole, mode: "inngest" | "embedded"): BackgroundLoops {
  return { intake: role !== "worker", queue: role !== "web" && mode === "embedded", destinations: role !== "web" };
}

/** Start-up of a server process: configuration and encryption keys first (both fail loudly), then the loops. */
export async function startBackgroundWork(): Promise<void> {
  const config = env();
  const publicUrl = config.NEXTAUTH_URL ?? "";
  if (process.env.NODE_ENV === "production" && publicUrl.startsWith("http://") && !/^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:|\/|$)/.test(publicUrl)) {
    log.warn("NEXTAUTH_URL is plain http: console session cookies cannot be Secure. Serve the console over https and set NEXTAUTH_URL to it.");
  }
  await loadKeyring();
  await applyConfiguredSecrets();
  if (oidcConfig(config) && (await oidcClientSecret()) === null) {
    // Not fatal: intake and password sign-in work; SSO starts working once the provider answers (an alert is open).
    log.error("the OIDC client secret could not be read from its provider: SSO is unavailable until it can be", { reference: config.HOOKWARDEN_OIDC_CLIENT_SECRET });
  }
  const loops = backgroundLoops(config.HOOKWARDEN_ROLE, queueMode());
  if (loops.intake && config.HOOKWARDEN_DEMO_STRIPE) await startDemoStripe();
  startSweeper();
  if (loops.intake) startGatekeeperSchedule();
  if (loops.destinations) startDestinationDispatch();
  if (loops.queue) {
    startEmbeddedRunner();
    startReconciliationSchedule();
    startRotationSchedule();
    startRetentionSchedule();
    startAlertDispatch();
  }
  log.info("background work started", { queue: queueMode(), role: config.HOOKWARDEN_ROLE });
}

/** Stops claiming work: the runner finishes the events it holds, then the sweeper and the schedules stop. */
export async function stopBackgroundWork(): Promise<void> {
  await stopEmbeddedRunner();
  stopSweeper();
  await stopMinuteSchedules();
}
