/**
 * The two servers under test, each in its own child process so that its memory
 * and CPU can be measured apart from the load generator:
 * - Hookwarden in production mode, started exactly as `npm start` starts it
 *   (`NODE_ENV=production node --import tsx scripts/serve.ts`), but spawned
 *   directly rather than through npm so that the pid we hold is the server's own;
 * - the verification floor, scripts/bench/verify-only-server.mjs.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../../server/embedded/free-port";
export { freePort };

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export type ServerProcess = {
  name: string;
  pid: number;
  baseUrl: string;
  /** The last lines the process wrote (shown when it fails). */
  recentOutput: () => string;
  hasExited: () => boolean;
  /** SIGTERM, then wait for the exit (SIGKILL after the grace period). */
  stop: () => Promise<void>;
};

/** Variables that would make the server use something other than a fresh embedded database. */
const INHERITED_BUT_UNWANTED = ["DATABASE_URL", "HOOKWARDEN_ENCRYPTION_KEY", "INNGEST_EVENT_KEY", "INNGEST_DEV", "INNGEST_SIGNING_KEY", "INNGEST_BASE_URL"];

/** Variables the benchmark sets itself (or removes) for the Hookwarden server, whatever this environment says. */
export const SET_BY_BENCHMARK = ["PORT", "HOOKWARDEN_DATA_DIR", "STRIPE_WEBHOOK_SECRET", "HOOKWARDEN_BENCH_ROUTES", "HOOKWARDEN_LOG_LEVEL", ...INHERITED_BUT_UNWANTED];


function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of INHERITED_BUT_UNWANTED) delete env[name];
  return { ...env, ...extra };
}

/** Reads one line of a server's output; returns true to keep it out of the recent output (a GC trace line, say). */
export type OutputReader = (line: string) => boolean;

/**
 * Keeps the last lines of a child's stdout and stderr, and drains the pipes so the child never blocks.
 * `reader`, when given, sees every whole line first.
 */
function captureOutput(child: ChildProcess, reader?: OutputReader, keepLines = 40): () => string {
  const lines: string[] = [];
  const follow = (stream: NodeJS.ReadableStream | null) => {
    let partial = "";
    stream?.on("data", (chunk: Buffer) => {
      const parts = (partial + chunk.toString("utf8")).split("\n");
      partial = parts.pop()!;
      lines.push(...parts.filter((line) => line !== "" && !reader?.(line)));
      lines.splice(0, Math.max(0, lines.length - keepLines));
    });
  };
  follow(child.stdout);
  follow(child.stderr);
  return () => lines.join("\n");
}

const hasExited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

function exited(child: ChildProcess): Promise<void> {
  if (hasExited(child)) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

function stopper(child: ChildProcess, graceMs: number): () => Promise<void> {
  return async () => {
    if (hasExited(child)) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    await exited(child);
    clearTimeout(timer);
  };
}

function launch(name: string, args: string[], env: NodeJS.ProcessEnv, port: number, graceMs: number, reader?: OutputReader): ServerProcess {
  const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  if (child.pid === undefined) throw new Error(`${name}: could not spawn ${process.execPath}`);
  return {
    name,
    pid: child.pid,
    baseUrl: `http://127.0.0.1:${port}`,
    recentOutput: captureOutput(child, reader),
    hasExited: () => hasExited(child),
    stop: stopper(child, graceMs),
  };
}

/**
 * `env` adds settings for the server (bench:detection turns the gatekeeper on and off with it;
 * test:faults points it at its own PostgreSQL and sets HOOKWARDEN_ROLE). `name` labels it in messages;
 * `nodeFlags` go before the script (bench:soak and fuzz:intake pass --trace-gc), and `reader` sees its output.
 */
export function startHookwarden(options: {
  port: number;
  dataDir: string;
  secret: string;
  env?: Record<string, string>;
  nodeFlags?: string[];
  reader?: OutputReader;
  name?: string;
}): ServerProcess {
  const env = cleanEnv({
    ...options.env,
    NODE_ENV: "production",
    PORT: String(options.port),
    HOOKWARDEN_DATA_DIR: options.dataDir,
    STRIPE_WEBHOOK_SECRET: options.secret,
    HOOKWARDEN_BENCH_ROUTES: "1",
    HOOKWARDEN_LOG_LEVEL: "warn",
    NEXT_TELEMETRY_DISABLED: "1",
  });
  // What `npm start` runs; 30 s grace because the server stops its PostgreSQL on SIGTERM.
  return launch(options.name ?? "hookwarden", [...(options.nodeFlags ?? []), "--import", "tsx", "scripts/serve.ts"], env, options.port, 30_000, options.reader);
}

export function startVerifyOnly(options: { port: number; secret: string }): ServerProcess {
  const env = cleanEnv({ NODE_ENV: "production", PORT: String(options.port), STRIPE_WEBHOOK_SECRET: options.secret });
  return launch("verify-only", [path.join(PROJECT_ROOT, "scripts/bench/verify-only-server.mjs")], env, options.port, 5_000);
}

/** Polls `url` until it answers 200; fails early if the process dies. */
export async function waitUntilHealthy(server: ServerProcess, url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.hasExited()) throw new Error(`${server.name} exited during start-up:\n${server.recentOutput()}`);
    const status = await fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${server.name} did not answer 200 on ${url} within ${timeoutMs / 1000} s:\n${server.recentOutput()}`);
}

/** `npm run build`, which `npm start` needs: the benchmarks that start the production server build it first. */
export function buildProductionServer(): void {
  const started = performance.now();
  process.stdout.write("Building the production server (npm run build)... ");
  const result = spawnSync("npm", ["run", "build"], { cwd: PROJECT_ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (result.status !== 0) {
    console.log("failed");
    console.error(`${result.stdout}\n${result.stderr}`);
    throw new Error("npm run build failed");
  }
  console.log(`done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

/** What `next build` compiles: a change to any of these makes a build stale (tests, which it leaves out, do not). */
const BUILD_INPUTS = ["app", "components", "server", "inngest", "proxy.ts", "instrumentation.ts", "next.config.js", "postcss.config.mjs", "package.json", "package-lock.json", "prisma/schema.prisma"];

/** The newest modification time among the build's inputs, in ms. */
function newestBuildInput(): { file: string; mtimeMs: number } {
  let newest = { file: "", mtimeMs: 0 };
  const visit = (relative: string) => {
    const absolute = path.join(PROJECT_ROOT, relative);
    if (!existsSync(absolute)) return;
    const stat = statSync(absolute);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(absolute)) visit(path.join(relative, entry));
    } else if (!/\.test\.tsx?$/.test(relative) && stat.mtimeMs > newest.mtimeMs) {
      newest = { file: relative, mtimeMs: stat.mtimeMs };
    }
  };
  for (const input of BUILD_INPUTS) visit(input);
  return newest;
}

/**
 * Builds the production server unless `.next/BUILD_ID` is newer than every build input (CI's
 * Playwright run has just built it). Says which, and why.
 */
export function ensureProductionBuild(): "reused" | "built" {
  const buildId = path.join(PROJECT_ROOT, ".next", "BUILD_ID");
  if (existsSync(buildId)) {
    const builtAt = statSync(buildId).mtimeMs;
    const newest = newestBuildInput();
    if (newest.mtimeMs < builtAt) {
      console.log(`Reusing the production build (.next/BUILD_ID of ${new Date(builtAt).toISOString()}, newer than every source file)`);
      return "reused";
    }
    console.log(`The production build is older than ${newest.file}: rebuilding`);
  }
  buildProductionServer();
  return "built";
}
