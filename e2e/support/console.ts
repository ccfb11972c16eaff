import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { expect, type Page } from "@playwright/test";

const run = promisify(execFile);

/** Runs the real `hookwarden` CLI against the end-to-end server's embedded database. */
export async function hookwarden(args: string[]): Promise<string> {
  const { stdout } = await run("npx", ["hookwarden", ...args], { env: { ...process.env, HOOKWARDEN_DATA_DIR: process.env.E2E_DATA_DIR } });
  return stdout;
}

export const uniqueEmail = (prefix: string) => `${prefix}-${randomBytes(4).toString("hex")}@example.test`;

/** `hookwarden user create`, returning the one-time password it printed. */
export async function createUserWithCli(email: string, role: "viewer" | "operator" | "admin"): Promise<string> {
  const stdout = await hookwarden(["user", "create", "--email", email, "--role", role]);
  const password = /^ {2}(\S+)$/m.exec(stdout)?.[1];
  expect(password, stdout).toBeTruthy();
  return password!;
}

export async function fillSignIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password").fill(password);
  // exact: with SSO configured, the page also has "Sign in with SSO".
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/** A new user, created with the CLI, signed in through the form, with the one-time password replaced. */
export async function signInAsNewUser(page: Page, role: "viewer" | "operator" | "admin"): Promise<{ email: string; password: string }> {
  const email = uniqueEmail(role);
  const oneTimePassword = await createUserWithCli(email, role);
  const password = `e2e ${randomBytes(6).toString("hex")} passphrase`;
  await page.goto("/sign-in");
  await fillSignIn(page, email, oneTimePassword);
  // The first sign-in of a run also compiles the pages it lands on (npm run dev): allow for that.
  await expect(page).toHaveURL(/\/account\/password$/, { timeout: 60_000 });
  await page.getByLabel("One-time password").fill(oneTimePassword);
  await page.getByLabel("New password", { exact: true }).fill(password);
  await page.getByLabel("Repeat the new password").fill(password);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByTestId("signed-in-as")).toContainText(email);
  return { email, password };
}

/** `hookwarden simulate --scenario NAME` against the end-to-end server: the references it registered, and the event ids it sent, by type. */
export async function simulateScenario(scenario: string): Promise<{ references: string[]; eventIds: Record<string, string> }> {
  const stdout = await hookwarden(["simulate", "--scenario", scenario, "--url", `http://localhost:${process.env.E2E_PORT}`]);
  const references = [...stdout.matchAll(/^ {2}(order_\w+)$/gm)].map((match) => match[1]!);
  const eventIds = Object.fromEntries([...stdout.matchAll(/^200\s+(\S+)\s+(evt_\w+)/gm)].map((match) => [match[1]!, match[2]!]));
  expect(Object.keys(eventIds).length, stdout).toBeGreaterThan(0);
  return { references, eventIds };
}

/** `hookwarden api-key create`, returning the key it printed once. */
export async function createApiKeyWithCli(role: "viewer" | "operator" | "admin"): Promise<string> {
  const stdout = await hookwarden(["api-key", "create", "--role", role, "--name", `e2e-${role}-${randomBytes(3).toString("hex")}`]);
  const key = /^ {2}(hwk_\S+)$/m.exec(stdout)?.[1];
  expect(key, stdout).toBeTruthy();
  return key!;
}

/** An event's page, once processing (in the background) has settled the event to `status`. */
export async function openEvent(page: Page, stripeEventId: string, status: string, timeout = 20_000): Promise<void> {
  await expect(async () => {
    await page.goto(`/events/${stripeEventId}`);
    await expect(page.locator("header [data-status]").first()).toHaveAttribute("data-status", status, { timeout: 1_000 });
  }).toPass({ timeout });
}
