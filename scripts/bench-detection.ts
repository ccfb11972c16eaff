/**
 * `npm run bench:detection`: how well does the gatekeeper tell attacks from busy days, and what does it cost intake?
 *
 * 1. Writes every detection scenario (`hookwarden simulate --scenario <name> --out`) with a fixed seed into a
 *    temporary folder: four legitimate ones (normal days, a billing run, Black Friday, Stripe's retry burst
 *    after our downtime) and six attacks.
 * 2. Replays each with `hookwarden detect --replay` (a child process: its own throwaway PostgreSQL, the real
 *    intake, processing and gatekeeper on a virtual clock), and scores the decisions it prints against the
 *    file's labels (scripts/bench-detection/score.ts): detected or not, time to detect, attack attempts before
 *    detection (card testing, probing), false alarms; then precision over alarms and recall over attacks.
 * 3. Measures intake's p99 with the gatekeeper off and on (the production server, as bench:intake does).
 *
 * It prints MET or MISSED for each of the issue's targets. It reports; it does not fail on a missed target.
 * Exit code 1 only when something could not be measured (a replay or a server failed).
 *
 * Flags: --seed N (20261129), --only a,b (scenarios), --skip-intake, --no-build, --connections N (32),
 * --duration SECONDS (15), --warmup SECONDS (3), --keep (keep the scenario files and each replay's output).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { DETECTION_SCENARIO_NAMES, DETECTION_SCENARIOS, generateDetectionScenario, scenarioFileText, type DetectionScenarioName } from "../cli/simulate/traffic/detection-scenarios";
import type { DetectOutputLine } from "../server/evaluation/decision-feed";
import type { ReplaySummary } from "../server/evaluation/replay-deliveries";
import { intakeP99 } from "./bench-detection/intake-p99";
import { overall, scenarioFacts, scoreScenario, type ScenarioScore } from "./bench-detection/score";
import { buildProductionServer, PROJECT_ROOT } from "./bench/servers";

const SECRET = "whsec_hookwarden_bench_detection_scenarios";
const TARGETS = { floodSeconds: 10, cardTestingAttempts: 20, p99Ratio: 1.1 };

type Options = { seed: number; only: DetectionScenarioName[]; intake: boolean; build: boolean; connections: number; duration: number; warmup: number; keep: boolean };

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      seed: { type: "string", default: "20261129" },
      only: { type: "string" },
      "skip-intake": { type: "boolean", default: false },
      "no-build": { type: "boolean", default: false },
      connections: { type: "string", default: "32" },
      duration: { type: "string", default: "15" },
      warmup: { type: "string", default: "3" },
      keep: { type: "boolean", default: false },
    },
  });
  const positive = (name: string, text: string) => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer, not ${text}`);
    return value;
  };
  const only = values.only ? values.only.split(",").map((name) => name.trim()) : DETECTION_SCENARIO_NAMES;
  const unknown = only.find((name) => !(DETECTION_SCENARIO_NAMES as string[]).includes(name));
  if (unknown) throw new Error(`--only: no scenario "${unknown}" (${DETECTION_SCENARIO_NAMES.join(", ")})`);
  return {
    seed: positive("seed", values.seed),
    only: only as DetectionScenarioName[],
    intake: !values["skip-intake"],
    build: !values["no-build"],
    connections: positive("connections", values.connections),
    duration: positive("duration", values.duration),
    warmup: positive("warmup", values.warmup),
    keep: values.keep,
  };
}

/** The replay running now: Ctrl-C stops it first (it stops its own PostgreSQL). */
let running: ChildProcess | undefined;

/** Runs `hookwarden detect` on one file; its output lines, its summary and how long it took. */
function replay(file: string): Promise<{ output: DetectOutputLine[]; summary: ReplaySummary; wallSeconds: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(PROJECT_ROOT, "bin/hookwarden.mjs"), "detect", "--replay", file, "--secret", `default=${SECRET}`], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, HOOKWARDEN_LOG_LEVEL: "error" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    running = child;
    const stdout: Buffer[] = [];
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString("utf8")).slice(-4_000);
    });
    child.on("error", reject);
    child.on("close", (code) => {
      running = undefined;
      const lines = Buffer.concat(stdout).toString("utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line) as DetectOutputLine | ReplaySummary);
      const summary = lines.find((line): line is ReplaySummary => line.kind === "summary");
      if (code !== 0 || !summary) return reject(new Error(`hookwarden detect failed on ${path.basename(file)} (exit ${code}):\n${stderr}`));
      resolve({ output: lines.filter((line): line is DetectOutputLine => line.kind !== "summary"), summary, wallSeconds: (performance.now() - started) / 1000 });
    });
  });
}

const cell = (value: number | null, digits = 0, unit = "") => (value === null ? "-" : `${value.toFixed(digits)}${unit}`);

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => cells.map((text, column) => (column === 0 ? text.padEnd(widths[column]!) : text.padStart(widths[column]!))).join("  ");
  console.log(line(header));
  console.log(widths.map((width) => "-".repeat(width)).join("  "));
  for (const row of rows) console.log(line(row));
}

type Verdict = { label: string; value: string; met: boolean | null };

function targets(scores: ScenarioScore[], intake: { ratio: number } | null): Verdict[] {
  const find = (name: string) => scores.find((score) => score.name === name);
  const attacks = scores.filter((score) => score.kind === "attack");
  const legitimate = scores.filter((score) => score.kind === "legitimate");
  const flood = find("forged-flood");
  const cards = find("card-testing");
  const verdicts: Verdict[] = [
    { label: "every attack detected", value: `${attacks.filter((score) => score.detected).length} of ${attacks.length}`, met: attacks.length > 0 ? attacks.every((score) => score.detected) : null },
    { label: `forged flood detected within ${TARGETS.floodSeconds} s`, value: flood?.secondsToDetect != null ? `${flood.secondsToDetect.toFixed(1)} s` : flood ? "not detected" : "not run", met: flood ? flood.secondsToDetect !== null && flood.secondsToDetect <= TARGETS.floodSeconds : null },
    {
      label: `card testing detected within ${TARGETS.cardTestingAttempts} attempts`,
      value: cards?.attemptsBeforeDetection != null ? `${cards.attemptsBeforeDetection} attempts` : cards ? "not detected" : "not run",
      met: cards ? cards.attemptsBeforeDetection !== null && cards.attemptsBeforeDetection <= TARGETS.cardTestingAttempts : null,
    },
    {
      label: "no breaker trip or review item on the legitimate scenarios",
      value: legitimate.map((score) => `${score.name} ${score.disruptiveFalseAlarms}`).join(", ") || "not run",
      met: legitimate.length > 0 ? legitimate.every((score) => score.disruptiveFalseAlarms === 0) : null,
    },
    { label: "intake p99 with the gatekeeper on within 10% of off", value: intake ? `${intake.ratio.toFixed(2)}×` : "not measured", met: intake ? intake.ratio <= TARGETS.p99Ratio : null },
  ];
  return verdicts;
}

async function main(): Promise<number> {
  const options = parseOptions();
  console.log(`bench:detection: seed ${options.seed}, ${options.only.length} scenarios; machine: ${availableParallelism()} cores, load average ${loadavg().map((value) => value.toFixed(2)).join(", ")}`);
  const folder = mkdtempSync(path.join(tmpdir(), "hookwarden-bench-detection-"));
  // Each replay stops its own PostgreSQL on Ctrl-C; the scenario files go with this folder.
  process.once("SIGINT", () => {
    const leave = () => {
      rmSync(folder, { recursive: true, force: true });
      process.exit(130);
    };
    if (!running) return leave();
    running.once("close", leave);
    running.kill("SIGINT");
  });
  const scores: ScenarioScore[] = [];
  const rows: string[][] = [];
  try {
    for (const name of options.only) {
      const scenario = DETECTION_SCENARIOS[name];
      const lines = generateDetectionScenario(name, { seed: options.seed, secret: SECRET, endpoint: "default" });
      const file = path.join(folder, `${name}.jsonl`);
      writeFileSync(file, scenarioFileText(lines));
      process.stdout.write(`${name}: ${lines.length} deliveries (${(statSync(file).size / 1e6).toFixed(1)} MB), replaying... `);
      const result = await replay(file);
      if (options.keep) writeFileSync(path.join(folder, `${name}.out.jsonl`), result.output.map((line) => JSON.stringify(line)).join("\n") + "\n");
      const facts = scenarioFacts(name, scenario.kind, lines);
      const score = scoreScenario(facts, result.output);
      scores.push(score);
      console.log(`${result.wallSeconds.toFixed(0)} s; answers ${JSON.stringify(result.summary.answers)}; decisions ${JSON.stringify(result.summary.decisions)}`);
      rows.push([
        name,
        scenario.kind,
        `${lines.length} (${facts.attackLines})`,
        score.detected === null ? "-" : score.detected ? "yes" : "no",
        cell(score.secondsToDetect, 1, " s"),
        score.attackAttempts > 0 ? `${score.attemptsBeforeDetection ?? "-"} of ${score.attackAttempts}` : "-",
        String(score.trueAlarms),
        String(score.falseAlarms),
        String(score.unmarkedAnomalies),
        result.wallSeconds.toFixed(0),
      ]);
    }
  } finally {
    if (options.keep) console.log(`Scenario files and replay outputs kept in ${folder}`);
    else rmSync(folder, { recursive: true, force: true });
  }

  console.log("");
  printTable(["scenario", "kind", "lines (attack)", "detected", "time to detect", "attempts before", "attack alarms", "false alarms", "anomalies not marked attack", "replay s"], rows);
  const totals = overall(scores);
  console.log(`\nAlarms: ${totals.alarms} (decision kinds source_blocked, source_refused, breaker_opened, review_opened, customer_held, and anomaly when its explanation says attack: true)`);
  console.log(`Precision (alarms attributable to an attack / all alarms): ${totals.precision === null ? "n/a (no alarm)" : totals.precision.toFixed(2)}`);
  console.log(`Recall (attacks detected / attacks): ${totals.recall === null ? "n/a" : `${totals.recall.toFixed(2)} (${totals.detected} of ${totals.attacks})`}`);
  for (const score of scores.filter((entry) => Object.keys(entry.alarmsByKind).length > 0)) console.log(`  ${score.name}: alarms by kind ${JSON.stringify(score.alarmsByKind)}`);

  let intake: Awaited<ReturnType<typeof intakeP99>> | null = null;
  if (options.intake) {
    console.log("\nIntake p99, gatekeeper off then on:");
    if (options.build) buildProductionServer();
    intake = await intakeP99({ connections: options.connections, seconds: options.duration, warmup: options.warmup }, console.log);
    console.log(`  p99 on / off: ${intake.ratio.toFixed(2)}× (target ≤ ${TARGETS.p99Ratio}×)`);
  }

  console.log("\nTargets:");
  const verdicts = targets(scores, intake);
  const width = Math.max(...verdicts.map((verdict) => verdict.label.length));
  for (const verdict of verdicts) console.log(`  ${verdict.met === null ? "  n/a " : verdict.met ? "MET   " : "MISSED"}  ${verdict.label.padEnd(width)}  ${verdict.value}`);
  return 0;
}

main().then(
  (code) => process.exit(process.exitCode || code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);

