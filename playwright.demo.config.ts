// The specs of e2e/demo/, against a server in demo mode (HOOKWARDEN_DEMO_STRIPE=1: it starts a local fake
// of Stripe's API, so reconciliation runs without a Stripe account). Everything else is the main config's:
// its port, data folder, OpenID provider and product command (a build, then `npm start`).   E2E_PORT=3260 npx playwright test -c playwright.demo.config.ts
import { defineConfig } from "@playwright/test";
import base, { PRODUCT_COMMAND } from "./playwright.config";

const servers = [base.webServer ?? []].flat();
const product = servers.find((server) => server.command === PRODUCT_COMMAND);
if (!product) throw new Error("playwright.config.ts must start the product with PRODUCT_COMMAND");

// Not the default 12111, so the run never meets a developer's own demo server; `hookwarden simulate`
// finds the fake through the same variable.
const fakePort = Number(process.env.HOOKWARDEN_DEMO_STRIPE_PORT || Number(process.env.E2E_PORT) + 9_000);
process.env.HOOKWARDEN_DEMO_STRIPE_PORT = String(fakePort);

export default defineConfig({
  ...base,
  testDir: "e2e/demo",
  projects: [{ name: "demo" }],
  webServer: servers.map((server) => (server === product ? { ...server, env: { ...server.env, HOOKWARDEN_DEMO_STRIPE: "1", HOOKWARDEN_DEMO_STRIPE_PORT: String(fakePort) } } : server)),
});
