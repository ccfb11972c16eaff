import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";
import { E2E_OIDC_CLIENT } from "./e2e/support/oidc-provider";

// The end-to-end run starts the product as the README's production path does (`npm run build`, then
// `npm start`), with its own embedded PostgreSQL in a temporary data folder and its own port. A built
// server answers every page at once; `npm run dev` compiles each page on its first visit, which made
// the run twice as long. E2E_DEV=1 runs against `npm run dev` instead (no build, for a quick local try).
export const PRODUCT_COMMAND = process.env.E2E_DEV === "1" ? "npm run dev" : "npm run build && npm start";
const port = Number(process.env.E2E_PORT || 3100);
const dataDir = process.env.E2E_DATA_DIR || mkdtempSync(path.join(tmpdir(), "hookwarden-e2e-"));
process.env.E2E_DATA_DIR = dataDir;
process.env.E2E_PORT = String(port);
// SSO is on for the whole run, against a local OpenID provider (e2e/support/oidc-provider.ts).
const oidcPort = Number(process.env.E2E_OIDC_PORT || 3199);
process.env.E2E_OIDC_PORT = String(oidcPort);
const oidcIssuer = `http://127.0.0.1:${oidcPort}`;

export default defineConfig({
  testDir: "e2e",
  timeout: 90_000,
  expect: { timeout: 20_000 },
  workers: 1,
  reporter: [["list"]],
  // One database serves the whole run, so an empty ledger exists only before any spec sends an
  // event. The empty states are checked in their own project, which the rest depends on: Playwright
  // runs it first in every run, whichever specs are picked (`--no-deps` leaves it out). The other
  // specs need nothing from it, but they do not start if it fails.
  projects: [
    { name: "empty-ledger", testMatch: "empty-ledger.spec.ts" },
    // e2e/demo/ needs a server in demo mode: playwright.demo.config.ts runs it.
    { name: "console", testIgnore: ["empty-ledger.spec.ts", "demo/**"], dependencies: ["empty-ledger"] },
  ],
  use: {
    baseURL: `http://localhost:${port}`,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    },
  },
  // Two processes, started in this order and stopped at the end by Playwright: the OpenID provider
  // first, so it listens before the product starts, then the product. As webServers (not
  // globalSetup) each is waited for at its own URL, refuses a port that is already taken (never
  // a stale provider or server of another run), and stops even when the run is interrupted.
  webServer: [
    {
      name: "OIDC",
      command: "node --import tsx e2e/support/serve-oidc-provider.ts",
      url: `${oidcIssuer}/.well-known/openid-configuration`,
      timeout: 30_000,
      reuseExistingServer: false,
      env: {
        E2E_OIDC_PORT: String(oidcPort),
        E2E_OIDC_REDIRECT_URI: `http://localhost:${port}/api/auth/callback/oidc`,
      },
    },
    {
      name: "Hookwarden",
      command: PRODUCT_COMMAND,
      url: `http://localhost:${port}/api/health`,
      timeout: 300_000,
      reuseExistingServer: false,
      stdout: "pipe",
      env: {
        PORT: String(port),
        HOOKWARDEN_DATA_DIR: dataDir,
        STRIPE_WEBHOOK_SECRET: "whsec_e2e_playwright_secret_0001",
        // The metadata keys e2e/pii-masking.spec.ts's careless integration fills with personal data.
        HOOKWARDEN_MASK_METADATA_KEYS: "customer_email,support_note",
        // Tests start reconciliation runs themselves: the schedule never starts one behind their back.
        HOOKWARDEN_RECOVERY_INTERVAL_MINUTES: "0",
        HOOKWARDEN_DRIFT_AUDIT_INTERVAL_MINUTES: "0",
        HOOKWARDEN_OIDC_ISSUER: oidcIssuer,
        HOOKWARDEN_OIDC_CLIENT_ID: E2E_OIDC_CLIENT.id,
        HOOKWARDEN_OIDC_CLIENT_SECRET: E2E_OIDC_CLIENT.secret,
        NEXT_TELEMETRY_DISABLED: "1",
      },
    },
  ],
});
