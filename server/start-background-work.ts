import { startAlertDispatch } from "./alerts/start-alert-dispatch";
import { oidcClientSecret } from "./auth/oidc-client-secret";
import { loadKeyring } from "./crypto/load-keyring";
import { applyConfiguredSecrets } from "./endpoints/apply-configured-secrets";
import { env, oidcConfig, queueMode } from "./env";
import { log } from "./log";
import { startEmbeddedRunner } from "./queue/embedded-runner";
import { startSweeper } from "./queue/sweep-ledger";
import { startReconciliationSchedule } from "./reconcile/run-scheduled-reconciliations";
import { startDemoStripe } from "./reconcile/start-demo-stripe";
import { startGatekeeperSchedule } from "./gatekeeper/run-gatekeeper-tick";
import { startRotationSchedule } from "./rotation/run-rotation-schedule";
import { startRetentionSchedule } from "./retention/run-scheduled-retention";
import { startDestinationDispatch } from "./destinations/start-destination-dispatch";

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
  if (config.HOOKWARDEN_DEMO_STRIPE) await startDemoStripe();
  startSweeper();
  startGatekeeperSchedule();
  startDestinationDispatch();
  if (queueMode() === "embedded") {
    startEmbeddedRunner();
    startReconciliationSchedule();
    startRotationSchedule();
    startRetentionSchedule();
    startAlertDispatch();
  }
  log.info("background work started", { queue: queueMode() });
}
