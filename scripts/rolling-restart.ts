// A rolling restart under traffic, without Docker: `npm run build`, then `node --import tsx scripts/rolling-restart.ts`
// (--rate N deliveries/s, default 40; --seconds N, default 60). Needs nginx on the PATH (apt-get install nginx-light).
//
// It assembles the image's folder (scripts/assemble-standalone.ts), starts a throwaway PostgreSQL and two
// instances from that folder exactly as the image's CMD does, and puts nginx in front with deploy/nginx.conf
// (only its addresses, port and file paths changed). While signed deliveries arrive through nginx at a steady
// rate, each instance in turn gets SIGTERM and is started again once the other is ready. It prints the answers
// by status, how each instance stopped, and whether every delivery answered 2xx is in the ledger.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { freePort } from "../server/embedded/free-port";
import { startThrowawayPostgres } from "../server/embedded/throwaway-postgres";
import { PROJECT_ROOT } from "../server/embedded/project-root";

const { values } = parseArgs({ options: { rate: { type: "string", default: "40" }, seconds: { type: "string", default: "60" } } });
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const SECRET = "whsec_rolling_restart_check_01";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function answersReady(port: number): Promise<boolean> {
  return fetch(`http://127.0.0.1:${port}/api/ready`, { signal: AbortSignal.timeout(2_000) }).then((r) => r.ok, () => false);
}

function startInstance(folder: string, port: number, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "scripts/serve.ts"], {
    cwd: folder,
    env: { PATH: process.env.PATH, HOME: tmpdir(), NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", PORT: String(port), HOOKWARDEN_LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

async function untilReady(port: number): Promise<void> {
  for (let i = 0; i < 240; i++) {
    if (await answersReady(port)) return;
    await sleep(500);
  }
  throw new Error(`the instance on port ${port} did not become ready`);
}

async function stopInstance(child: ChildProcess): Promise<string> {
  const started = performance.now();
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  child.kill("SIGTERM");
  return `exit ${await exited} in ${Math.round(performance.now() - started)} ms`;
}

/** One signed delivery, made as Stripe makes it; its Stripe id and the answer's status (or the network error). */
async function deliver(url: string): Promise<{ id: string; status: number | string }> {
  const id = `evt_roll_${randomBytes(8).toString("hex")}`;
  const body = JSON.stringify({
    id, object: "event", api_version: "2025-10-29.clover", created: Math.floor(Date.now() / 1000), type: "customer.created",
    data: { object: { id: `cus_${randomBytes(4).toString("hex")}`, object: "customer" } }, livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null },
  });
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = createHmac("sha256", SECRET).update(`${timestamp}.${body}`).digest("hex");
  const status = await fetch(url, { method: "POST", headers: { "content-type": "application/json", "stripe-signature": `t=${timestamp},v1=${signature}` }, body, signal: AbortSignal.timeout(30_000) }).then(
    async (response) => (await response.text(), response.status),
    (error: { cause?: { code?: string }; name: string }) => `error ${error.cause?.code ?? error.name}`,
  );
  return { id, status };
}

async function main(): Promise<void> {
  if (spawnSync("nginx", ["-v"]).error) throw new Error("nginx is not installed: apt-get install nginx-light");
  const work = mkdtempSync(path.join(tmpdir(), "hookwarden-rolling-"));
  const folder = path.join(work, "app");
  const assembled = spawnSync(process.execPath, ["--import", "tsx", "scripts/assemble-standalone.ts", folder], { cwd: PROJECT_ROOT, stdio: "inherit" });
  if (assembled.status !== 0) throw new Error("assembling the image's folder failed");

  const postgres = await startThrowawayPostgres("hookwarden-rolling");
  const [portA, portB, proxyPort] = [await freePort(), await freePort(), await freePort()];
  const env = {
    DATABASE_URL: postgres.url,
    HOOKWARDEN_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    NEXTAUTH_SECRET: randomBytes(32).toString("base64"),
    NEXTAUTH_URL: `http://localhost:${proxyPort}`,
    STRIPE_WEBHOOK_SECRET: SECRET,
    HOOKWARDEN_TRUSTED_PROXIES: "127.0.0.1",
  };
  const instances = new Map<number, ChildProcess>();
  let nginx: ChildProcess | undefined;
  try {
    for (const port of [portA, portB]) {
      instances.set(port, startInstance(folder, port, env));
      await untilReady(port);
    }
    const conf = readFileSync(path.join(PROJECT_ROOT, "deploy/nginx.conf"), "utf8")
      .replace("listen 80;", `listen 127.0.0.1:${proxyPort};`)
      .replace("172.28.0.11:3000", `127.0.0.1:${portA}`)
      .replace("172.28.0.12:3000", `127.0.0.1:${portB}`)
      .replace("pid /tmp/nginx.pid;", `pid ${work}/nginx.pid;`)
      .replace("access_log /dev/stdout;", "access_log off;")
      .replace("error_log /dev/stderr warn;", `error_log ${work}/nginx-error.log warn;`);
    writeFileSync(path.join(work, "nginx.conf"), conf);
    nginx = spawn("nginx", ["-c", path.join(work, "nginx.conf"), "-e", path.join(work, "nginx-error.log"), "-g", "daemon off;"], { stdio: "inherit" });
    await sleep(1_000);

    const url = `http://127.0.0.1:${proxyPort}/api/stripe/webhook`;
    const answers: Promise<{ id: string; status: number | string }>[] = [];
    const started = Date.now();
    const traffic = (async () => {
      for (let sent = 0; Date.now() - started < seconds * 1000; sent++) {
        answers.push(deliver(url));
        await sleep(Math.max(0, started + ((sent + 1) * 1000) / rate - Date.now()));
      }
    })();
    const restarts: string[] = [];
    for (const port of [portA, portB]) {
      await sleep((seconds * 1000) / 5);
      restarts.push(`instance :${port} stopped: ${await stopInstance(instances.get(port)!)}`);
      instances.set(port, startInstance(folder, port, env));
      await untilReady(port);
      restarts.push(`instance :${port} ready again after ${Math.round((Date.now() - started) / 1000)} s of traffic`);
    }
    await traffic;
    const results = await Promise.all(answers);

    const byStatus = new Map<number | string, number>();
    for (const { status } of results) byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
    const accepted = results.filter(({ status }) => typeof status === "number" && status < 300).map(({ id }) => id);
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    const inLedger = (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM stripe_event WHERE stripe_event_id = ANY($1)`, [accepted])).rows[0]!.n;
    await client.end();
    const retried = (readFileSync(path.join(work, "nginx-error.log"), "utf8").match(/connect\(\) failed|recv\(\) failed/g) ?? []).length;

    console.log(restarts.join("\n"));
    console.log(`deliveries sent: ${results.length} at ${rate}/s for ${seconds} s`);
    console.log(`answers: ${[...byStatus].map(([status, n]) => `${status} × ${n}`).join(", ")}`);
    console.log(`requests nginx retried on the other instance (refused or reset connections): ${retried}`);
    console.log(`answered 2xx and in the ledger: ${inLedger} of ${accepted.length}`);
    if (inLedger !== accepted.length || accepted.length !== results.length) process.exitCode = 1;
  } finally {
    nginx?.kill("SIGQUIT");
    await Promise.all([...instances.values()].map((child) => (child.exitCode === null ? stopInstance(child) : undefined)));
    await postgres.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
