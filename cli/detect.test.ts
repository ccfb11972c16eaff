import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { processesMentioning } from "../scripts/bench/proc-sampler";
import { disconnect, prisma } from "../server/db";
import { hookwarden } from "../tests/support/hookwarden-cli";
import { stripeSignatureHeader } from "./simulate/sign";
import { checkoutSession, newPaymentFlow, stripeEvent } from "./simulate/stripe-events";

const folder = mkdtempSync(path.join(tmpdir(), "hookwarden-detect-test-"));
const SECRET = "whsec_detect_cli_test_0001";
afterAll(async () => {
  rmSync(folder, { recursive: true, force: true });
  await disconnect();
});

/** A temporary folder of its own for each detect run (its TMPDIR), so that what it creates there is its own doing. */
function scratch(): string {
  const dir = mkdtempSync(path.join(folder, "tmp-"));
  chmodSync(folder, 0o755);
  chmodSync(dir, 0o755);
  return dir;
}
/** The throwaway PostgreSQL folders in `tmp` (tsx keeps its cache there too). */
const throwawayFolders = (tmp: string) => readdirSync(tmp).filter((name) => name.startsWith("hookwarden-detect-"));

describe("hookwarden simulate --out and detect --replay", () => {
  it("refuses bad flags with the usage and exit code 2, and writes nothing", async () => {
    const out = path.join(folder, "never.jsonl");
    const cases: [string[], RegExp][] = [
      [["detect"], /--replay FILE is required/],
      [["detect", "--replay", out], /--secret ENDPOINT=whsec_\.\.\. is required/],
      [["detect", "--replay", out, "--secret", "default=not-a-secret"], /a Stripe signing secret looks like whsec_/],
      [["detect", "--replay", out, "--secret", "whsec_abcdefgh12"], /--secret must be ENDPOINT=whsec_/],
      [["detect", "--replay", out, "--secret", `default=${SECRET}`, "--source-policy", "block"], /--source-policy must be one of off, monitor, enforce/],
      [["detect", "--replay", out, "--secret", `default=${SECRET}`, "--trusted-proxy", "lb.internal"], /--trusted-proxy must be an IP address/],
      [["detect", "--replay", out, "--bogus"], /Unknown option '--bogus'/],
      [["simulate", "--scenario", "forged-flood"], /spans days: write it to a file with --out/],
      [["simulate", "--scenario", "checkout", "--out", out], /with --out, --scenario must be one of normal-days, billing-run/],
      [["simulate", "--seed", "3"], /--seed and --start go with --out/],
      [["simulate", "--scenario", "card-testing", "--out", out, "--seed", "x"], /--seed must be a whole number/],
      [["simulate", "--scenario", "card-testing", "--out", out, "--start", "soon"], /--start must be an ISO date/],
      [["simulate", "--scenario", "card-testing", "--out", out, "--url", "http://localhost:3000"], /--url is for sending to a running server/],
    ];
    for (const [args, message] of cases) {
      const result = await hookwarden(args);
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.stderr).toMatch(message);
      expect(result.stderr).toContain("Usage:");
    }
    expect(readdirSync(folder)).toEqual([]);
  }, 120_000);

  it("keeps card-testing without --out as the short live scenario, sent to a server", async () => {
    const result = await hookwarden(["simulate", "--scenario", "card-testing", "--url", "http://127.0.0.1:9", "--secret", SECRET, "--api-key", "hwk_unused"]);
    expect(result.code).toBe(1);
    expect(result.stderr).not.toContain("Usage:");
    expect(result.stderr).toMatch(/fetch failed|ECONNREFUSED|cannot reach/);
  }, 60_000);

  it("refuses a malformed line of the replay file by its number, before starting anything", async () => {
    const file = path.join(folder, "malformed.jsonl");
    const good = JSON.stringify({ at: "2026-11-09T12:00:00Z", endpoint: "default", source: "3.18.12.63", headers: {}, body: "{}" });
    writeFileSync(file, `${good}\n${good.replace("3.18.12.63", "not an address")}\n`);
    const tmp = scratch();
    // Watched while it runs: a PostgreSQL started and stopped again would have had a folder here for seconds.
    const seen = new Set<string>();
    const watch = setInterval(() => throwawayFolders(tmp).forEach((name) => seen.add(name)), 20);
    const result = await hookwarden(["detect", "--replay", file, "--secret", `default=${SECRET}`], undefined, { TMPDIR: tmp });
    clearInterval(watch);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/malformed\.jsonl, line 2: source: source must be an IPv4 or IPv6 address/);
    expect(result.stdout).toBe("");
    expect([...seen, ...throwawayFolders(tmp)]).toEqual([]);

    const other = await hookwarden(["detect", "--replay", file.replace("malformed", "missing"), "--secret", `default=${SECRET}`]);
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/cannot read/);
  }, 60_000);

  it("replays a simulated scenario on a throwaway database: JSON lines out, a quarantine for a payment that matches nothing, a summary of the answers", async () => {
    const file = path.join(folder, "card-testing.jsonl");
    const written = await hookwarden(["simulate", "--scenario", "card-testing", "--out", file, "--seed", "11", "--secret", SECRET]);
    expect(written.code).toBe(0);
    expect(written.stdout).toMatch(/scenario card-testing, seed 11, \d+ deliveries \(\d+ normal, \d+ card-testing\)/);
    expect(written.stdout).toContain(`detect --replay ${file} --secret default=whsec_...`);
    const lines = readFileSync(file, "utf8").trim().split("\n").slice(0, 30);
    const lastAt = Date.parse((JSON.parse(lines[lines.length - 1]!) as { at: string }).at);

    const payment = stripeEvent("checkout.session.completed", checkoutSession(newPaymentFlow({ reference: "order_nobody_registered" })), { created: Math.floor(lastAt / 1000) });
    const paymentBody = JSON.stringify(payment);
    const at = (offset: number) => new Date(lastAt + offset).toISOString();
    lines.push(
      JSON.stringify({ at: at(1_000), endpoint: "default", source: "203.0.113.9", headers: { "stripe-signature": `t=${Math.floor(lastAt / 1000)},v1=${"ab".repeat(32)}` }, body: paymentBody }),
      JSON.stringify({ at: at(2_000), endpoint: "default", source: "54.187.174.169", headers: { "stripe-signature": stripeSignatureHeader(paymentBody, SECRET, Math.floor(lastAt / 1000) + 1) }, body: paymentBody }),
    );
    const small = path.join(folder, "small.jsonl");
    writeFileSync(small, lines.join("\n") + "\n");
    const tmp = scratch();

    const result = await hookwarden(["detect", "--replay", small, "--secret", `default=${SECRET}`, "--source-policy", "monitor"], undefined, { TMPDIR: tmp });

    expect(result.code).toBe(0);
    const output = result.stdout.trim().split("\n").map((text) => JSON.parse(text) as Record<string, unknown>);
    const summary = output[output.length - 1]!;
    expect(summary).toMatchObject({ kind: "summary", deliveries: 32, answers: { "200": 31, "400": 1 } });
    expect(output).toContainEqual(expect.objectContaining({ kind: "quarantine", endpoint: "default", subject: `event:${payment.id}`, at: at(2_000) }));
    for (const decision of output.slice(0, -1)) expect(Object.keys(decision)).toEqual(["at", "kind", "endpoint", "subject", "summary", "explanation"]);
    // Its PostgreSQL ran in a folder of its own there, deleted at the end.
    expect(throwawayFolders(tmp)).toEqual([]);
    // The CLI ran with this test's DATABASE_URL set: it never wrote there.
    expect(await prisma().stripeEvent.count({ where: { stripeEventId: payment.id } })).toBe(0);
  }, 120_000);

  it("on Ctrl-C, stops after the delivery in progress, prints how far it got, stops its PostgreSQL and deletes its folder", async () => {
    const file = path.join(folder, "long.jsonl");
    expect((await hookwarden(["simulate", "--scenario", "normal-days", "--out", file, "--seed", "5", "--secret", SECRET])).code).toBe(0);
    const tmp = scratch();
    const child = spawn(process.execPath, [path.resolve(import.meta.dirname, "../bin/hookwarden.mjs"), "detect", "--replay", file, "--secret", `default=${SECRET}`], {
      env: { ...process.env, HOOKWARDEN_LOG_LEVEL: "silent", TMPDIR: tmp },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    // Wait until its PostgreSQL runs (a postgres process names the new folder), then for the replay to begin.
    let started: string | undefined;
    for (let waited = 0; !started && waited < 60_000; waited += 250) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      started = throwawayFolders(tmp).find((name) => processesMentioning(path.join(tmp, name)).length > 0);
    }
    expect(started).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    child.kill("SIGINT");
    expect(await exited).toBe(130);
    // It stopped after the delivery in progress and said how far it got.
    const summary = JSON.parse(stdout.trim().split("\n").pop()!) as Record<string, unknown>;
    expect(summary).toMatchObject({ kind: "summary", interrupted: true, ofDeliveries: readFileSync(file, "utf8").trim().split("\n").length });
    expect(processesMentioning(path.join(tmp, started!))).toEqual([]);
    expect(existsSync(path.join(tmp, started!))).toBe(false);
  }, 120_000);
});
