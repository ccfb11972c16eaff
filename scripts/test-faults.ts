/**
 * `npm run test:faults`: runs the product as separate processes against a real PostgreSQL
 * and injects faults (the cases in tests/faults/cases/, one file each, in file-name order).
 *
 * 1. The production build is reused when `.next/BUILD_ID` is newer than every source file
 *    (CI's Playwright run has just built it), else built.
 * 2. One workload for every case (the processing benchmark's generator, seeded): 2,000
 *    signed deliveries, 5% of them Stripe-style retries, with the payments they pay.
 * 3. The reference, in the background: the same events processed one at a time with no
 *    fault; its books are what every case's books must equal.
 * 4. Each case runs in its own process group (tests/faults/support/case-process.ts) with
 *    its own PostgreSQL (a copy of one migrated template), and is killed with everything it
 *    started at its hard timeout.
 *
 * Flags: --only TEXT (the cases whose file name contains TEXT), --list.
 * Exit code: 0 when every case passed, 1 otherwise.
 */
import { spawn } from "node:child_process";
import { chmodSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { RESULT_MARKER } from "./bench/child-phase";
import { ensureProductionBuild, PROJECT_ROOT } from "./bench/servers";
import { generateWorkload } from "./bench-processing/workload";
import type { FaultCase } from "../tests/faults/support/fault-case";
import type { CaseResult } from "../tests/faults/support/case-process";

const CASES_DIR = path.join(PROJECT_ROOT, "tests", "faults", "cases");
const CASE_PROCESS = path.join(PROJECT_ROOT, "tests", "faults", "support", "case-process.ts");
const DELIVERIES = 2_000;
const SEED = 8;
const REFERENCE_TIMEOUT_SECONDS = 150;
const TEMPLATE_TIMEOUT_SECONDS = 60;

const { values } = parseArgs({ options: { only: { type: "string" }, list: { type: "boolean", default: false } } });

const say = (text = "") => process.stdout.write(`${text}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const load = () => loadavg()[0]!.toFixed(2);

type Outcome = { label: string; result: CaseResult; timeoutSeconds: number };

/** Process groups running now: a Ctrl-C of this script ends them too (they are not in the terminal's group). */
const runningGroups = new Set<number>();
/** The run's temporary folder (workload, reference books, each case's PostgreSQL data). */
let scratch: string | undefined;
const killGroup = (pid: number) => {
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // The group is gone already.
  }
};
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    for (const pid of runningGroups) killGroup(pid);
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    process.exit(130);
  });
}

/**
 * Runs case-process.ts with `args` in a process group of its own, its output passed through
 * as it comes; at `timeoutSeconds` the whole group (the case, its servers, its PostgreSQL)
 * gets SIGKILL and the case fails.
 */
function runInProcessGroup(args: string[], timeoutSeconds: number, prefix = ""): Promise<CaseResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", CASE_PROCESS, ...args], { cwd: PROJECT_ROOT, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let result: CaseResult | null = null;
    let timedOut = false;
    let partial = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      const lines = (partial + chunk).split("\n");
      partial = lines.pop()!;
      for (const line of lines) {
        if (line.startsWith(RESULT_MARKER)) result = JSON.parse(line.slice(RESULT_MARKER.length)) as CaseResult;
        else say(prefix + line);
      }
    });
    child.stderr.on("data", (chunk: Buffer) => process.stderr.write(chunk));
    runningGroups.add(child.pid!);
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid!);
    }, timeoutSeconds * 1000);
    child.on("close", (code) => {
      clearTimeout(timer);
      runningGroups.delete(child.pid!);
      const ms = performance.now() - started;
      if (timedOut) resolve({ ok: false, failures: [], error: `hard timeout: killed after ${timeoutSeconds} s`, ms });
      else resolve(result ?? { ok: false, failures: [], error: `the case process exited (${code}) without a result`, ms });
    });
  });
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join("  ").trimEnd()).join("\n");
}

async function main(): Promise<number> {
  const runStarted = performance.now();
  const files = readdirSync(CASES_DIR)
    .filter((file) => file.endsWith(".ts"))
    .sort()
    .filter((file) => !values.only || file.includes(values.only));
  const cases: { file: string; fault: FaultCase }[] = [];
  for (const file of files) cases.push({ file, fault: (await import(path.join(CASES_DIR, file))).default as FaultCase });
  if (values.list) {
    for (const { file, fault } of cases) say(`${file}: ${fault.title} (timeout ${fault.timeoutSeconds} s)`);
    return 0;
  }
  if (cases.length === 0) {
    say(`No fault case matches --only ${values.only}`);
    return 1;
  }
  say(`test:faults: ${cases.length} cases, ${availableParallelism()} cores, load average ${loadavg().map((n) => n.toFixed(2)).join(" ")}`);
  const buildStarted = performance.now();
  const build = ensureProductionBuild();
  const buildMs = performance.now() - buildStarted;

  scratch = mkdtempSync(path.join(tmpdir(), "hookwarden-faults-"));
  // The case's PostgreSQL runs as user postgres when we are root: it must reach its folder.
  chmodSync(scratch, 0o755);
  const workloadFile = path.join(scratch, "workload.json");
  const booksFile = path.join(scratch, "reference-books.json");
  const workload = generateWorkload({ deliveries: DELIVERIES, rate: 400, seed: SEED });
  writeFileSync(workloadFile, JSON.stringify(workload));
  say(`Workload (seed ${SEED}): ${DELIVERIES} deliveries of ${workload.events.length} events (${workload.duplicates} Stripe-style retries), ${workload.transactions.length} registered payments`);

  const outcomes: Outcome[] = [];
  try {
    const template = path.join(scratch, "template");
    const prepared = await runInProcessGroup(["--prepare-template", "--template", template], TEMPLATE_TIMEOUT_SECONDS);
    say(`PostgreSQL template (migrated once, copied for each case): ${prepared.ok ? "ready" : `FAILED: ${prepared.error}`} in ${seconds(prepared.ms)}`);
    if (!prepared.ok) return 1;
    const common = ["--workload", workloadFile, "--books", booksFile, "--template", template];
    // In the background, beside the first case (whose start-up leaves a core idle); a case waits for its books when it compares.
    say(`Reference: the same events processed one at a time with no fault, in the background (timeout ${REFERENCE_TIMEOUT_SECONDS} s)`);
    const reference = runInProcessGroup(["--reference", ...common, "--scratch", path.join(scratch, "reference")], REFERENCE_TIMEOUT_SECONDS, "  reference: ").then((result) => {
      if (!result.ok) writeFileSync(`${booksFile}.failed`, result.error ?? "failed");
      say(`  reference: ${result.ok ? "done" : `FAILED: ${result.error}`} in ${seconds(result.ms)}`);
      return result;
    });

    for (const [index, { file, fault }] of cases.entries()) {
      say(`\n── [${index + 1}/${cases.length}] ${fault.title} (${file}, hard timeout ${fault.timeoutSeconds} s, load average ${load()})`);
      const caseScratch = path.join(scratch, path.basename(file, ".ts"));
      const result = await runInProcessGroup(["--case", path.join(CASES_DIR, file), ...common, "--scratch", caseScratch], fault.timeoutSeconds);
      if (result.error && !result.ok) say(`  ${result.error.split("\n")[0]}`);
      say(`  ${result.ok ? "PASS" : "FAIL"} in ${seconds(result.ms)}`);
      outcomes.push({ label: `${index + 1}. ${fault.title}`, result, timeoutSeconds: fault.timeoutSeconds });
    }
    if (!(await reference).ok) outcomes.push({ label: "reference books", result: await reference, timeoutSeconds: REFERENCE_TIMEOUT_SECONDS });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    scratch = undefined;
  }

  const totalMs = performance.now() - runStarted;
  say("\nSummary");
  say(
    table([
      ["case", "result", "duration", "timeout", "failed checks"],
      ...outcomes.map(({ label, result, timeoutSeconds }) => [label, result.ok ? "PASS" : "FAIL", seconds(result.ms), `${timeoutSeconds} s`, result.error ? "error" : String(result.failures.length)]),
    ]),
  );
  say(`Total ${seconds(totalMs)} (build ${build} in ${seconds(buildMs)}); ${availableParallelism()} cores, load average at the end ${loadavg().map((n) => n.toFixed(2)).join(" ")}`);
  return outcomes.every((outcome) => outcome.result.ok) ? 0 : 1;
}

process.exit(await main());
