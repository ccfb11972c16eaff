/** Printing the benchmark's figures: the table, the ratios against their goals, the ledger check. */
import { availableParallelism } from "node:os";
import type { AckLedger, RunFigures, Target } from "./fire";
import type { LedgerReport } from "./ledger-check";
import type { Usage } from "./proc-sampler";

export type TargetResult = {
  target: Target;
  figures: RunFigures;
  usage: Usage;
  warmup: RunFigures;
  acks: AckLedger;
  /** Requests built during the measured run because the pre-built pool ran dry. */
  builtDuringRun: number;
};

export type Goal = { label: string; value: string; goal: string; met: boolean | null };

const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : "n/a");
const pad = (text: string, width: number) => (text.length >= width ? text : text + " ".repeat(width - text.length));
const padLeft = (text: string, width: number) => (text.length >= width ? text : " ".repeat(width - text.length) + text);

export const groupUsage = (usage: Usage, name: string) => usage.groups.find((group) => group.name === name);

export function printTable(results: TargetResult[]): void {
  const header = ["target", "req/s", "p50 ms", "p99 ms", "non-2xx", "errors/timeouts", "peak RSS MB"];
  const rows = results.map((result) => [
    result.target.label,
    fixed(result.figures.requestsPerSecond, 0),
    fixed(result.figures.p50Ms, 2),
    fixed(result.figures.p99Ms, 2),
    String(result.figures.non2xx),
    `${result.figures.errors}/${result.figures.timeouts}`,
    fixed(groupUsage(result.usage, "server")?.peakMb ?? Number.NaN),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column === 0 ? pad(cell, widths[column]!) : padLeft(cell, widths[column]!))).join("  ");
  console.log(line(header));
  console.log(widths.map((width) => "-".repeat(width)).join("  "));
  for (const row of rows) console.log(line(row));
}

export function printDetails(results: TargetResult[]): void {
  console.log("\nPer run (measured part only):");
  for (const result of results) {
    const { figures, usage } = result;
    const cpu = usage.groups.map((group) => `${group.name} ${fixed(group.cpuCores, 2)}`).join(", ");
    const postgres = groupUsage(usage, "postgres");
    console.log(`  ${result.target.label}`);
    console.log(`    ${figures.completed} answers in ${fixed(figures.seconds, 2)} s; status codes ${JSON.stringify(figures.statusCounts)}; warm-up ${fixed(result.warmup.requestsPerSecond, 0)} req/s (discarded)`);
    const machine = usage.machine;
    const attributed = usage.groups.reduce((sum, group) => sum + group.cpuCores, 0);
    const unattributed = (machine.busy / 100) * availableParallelism() - attributed;
    console.log(`    CPU cores used: ${cpu}; unattributed ${fixed(unattributed, 2)} (kernel network work, other processes on the machine)`);
    console.log(
      `    whole machine: ${fixed(machine.busy, 0)}% busy (user ${fixed(machine.user, 0)}%, system ${fixed(machine.system, 0)}%, softirq ${fixed(machine.softirq, 0)}%, steal ${fixed(machine.steal, 0)}%), iowait ${fixed(machine.iowait, 0)}%`,
    );
    const server = groupUsage(usage, "server");
    if (server) console.log(`    server peak RSS: ${server.peakBreakdown}`);
    const loader = groupUsage(usage, "load generator");
    if (loader) console.log(`    load generator (this process, with its pre-built requests): peak ${fixed(loader.peakMb)} MB RSS`);
    if (loader && loader.cpuCores >= 0.9) console.log("    note: the load generator used a whole core; this target may be faster than measured (a lower bound)");
    if (postgres) console.log(`    embedded PostgreSQL (not in server RSS): peak ${fixed(postgres.peakMb)} MB PSS (${postgres.peakBreakdown})`);
    console.log(`    autocannon's own histogram (whole ms): p50 ${figures.autocannonP50Ms}, p99 ${figures.autocannonP99Ms}; requests built during the run (pool ran dry): ${result.builtDuringRun}`);
  }
}

export function printGoals(goals: Goal[]): void {
  console.log("\nGoals:");
  const width = Math.max(...goals.map((goal) => goal.label.length));
  for (const goal of goals) {
    const verdict = goal.met === null ? "    " : goal.met ? "PASS" : "MISS";
    console.log(`  ${verdict}  ${pad(goal.label, width)}  ${pad(goal.value, 10)}  ${goal.goal}`);
  }
}

export function printLedger(report: LedgerReport, acks: AckLedger, verifyAcks: AckLedger | undefined): void {
  const repeatsSent = acks.sentByKind.replay + acks.sentByKind.retry;
  const sent = acks.sentByKind.first + repeatsSent;
  console.log("\nLedger check (intake, warm-up and measured run):");
  console.log(`  acknowledged: ${report.acknowledgedEvents}, missing from ledger: ${report.missingFromLedger.length}`);
  if (report.missingFromLedger.length > 0) console.log(`    first missing ids: ${report.missingFromLedger.slice(0, 10).join(", ")}`);
  console.log(`  events with more 2xx answers than delivery rows: ${report.underRecordedEvents}`);
  console.log(`  2xx answers: ${report.answers2xx}; delivery rows: ${report.deliveryRows} (rows beyond the answers: requests still in flight when a run stopped, recorded but never answered)`);
  console.log(`  stripe_event rows: ${report.eventRows}; by status ${JSON.stringify(report.eventsByStatus)}`);
  console.log(
    `  sent: ${sent} requests, ${repeatsSent} of them repeats (${fixed((100 * repeatsSent) / Math.max(1, sent))}%: ${acks.sentByKind.replay} exact replays, ${acks.sentByKind.retry} retries with a new t)`,
  );
  console.log(`  repeats answered 2xx: ${acks.acknowledgedRepeats}; answers with "duplicate":true: ${acks.answeredDuplicateTrue}`);
  console.log(`  answer/request pairing: duplicate flag disagrees with what was sent in ${acks.duplicateFlagMismatches} answers`);
  if (verifyAcks) console.log(`  answer/request pairing: verify-only echoed another event id in ${verifyAcks.echoMismatches} of ${verifyAcks.answers2xx} answers`);
}
