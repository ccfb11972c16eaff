/**
 * CPU accounting from /proc (Linux): this process, the PostgreSQL server (postmaster,
 * its live backends, and the backends it already reaped) and the whole machine, so
 * that a run can say where the CPU went and whether something else was busy.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { loadavg } from "node:os";

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

type Stat = { ppid: number; comm: string; utime: number; stime: number; cutime: number; cstime: number };

function readStat(pid: number | string): Stat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    const close = text.lastIndexOf(")");
    const comm = text.slice(text.indexOf("(") + 1, close);
    const fields = text.slice(close + 2).split(" ");
    // fields[0] is field 3 (state) of proc(5).
    return { comm, ppid: Number(fields[1]), utime: Number(fields[11]), stime: Number(fields[12]), cutime: Number(fields[13]), cstime: Number(fields[14]) };
  } catch {
    return null;
  }
}

/** Direct children of the process with this pid, with their comm. */
export function childrenOf(pid: number): { pid: number; comm: string }[] {
  const found: { pid: number; comm: string }[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^[0-9]+$/.test(entry)) continue;
    const stat = readStat(entry);
    if (stat && stat.ppid === pid) found.push({ pid: Number(entry), comm: stat.comm });
  }
  return found;
}

/** CPU milliseconds used so far by PostgreSQL: the postmaster, its live children, and its reaped children. */
export function postgresCpuMs(postmaster: number): number {
  const main = readStat(postmaster);
  if (!main) return 0;
  let ticks = main.utime + main.stime + main.cutime + main.cstime;
  for (const child of childrenOf(postmaster)) {
    const stat = readStat(child.pid);
    if (stat) ticks += stat.utime + stat.stime;
  }
  return (ticks * 1000) / clockTicks();
}

/** Busy and total CPU milliseconds of the whole machine (all cores) so far. */
export function machineCpuMs(): { busy: number; total: number } {
  const line = readFileSync("/proc/stat", "utf8").split("\n")[0]!;
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = values;
  const busy = user + nice + system + irq + softirq + steal;
  return { busy: (busy * 1000) / clockTicks(), total: ((busy + idle + iowait) * 1000) / clockTicks() };
}

export type CpuSample = { at: number; nodeMs: number; postgresMs: number; machineBusyMs: number; machineTotalMs: number; load1: number };

export function sampleCpu(postmaster: number | null): CpuSample {
  const usage = process.cpuUsage();
  const machine = machineCpuMs();
  return {
    at: performance.now(),
    nodeMs: (usage.user + usage.system) / 1000,
    postgresMs: postmaster ? postgresCpuMs(postmaster) : 0,
    machineBusyMs: machine.busy,
    machineTotalMs: machine.total,
    load1: loadavg()[0]!,
  };
}

export type CpuSplit = {
  wallMs: number;
  /** CPU used, as % of one core: 200% is both cores of a 2-core machine. */
  nodePercent: number;
  postgresPercent: number;
  /** Everything else on the machine (another benchmark, the OS). */
  otherPercent: number;
  idlePercent: number;
  loadBefore: number;
  loadAfter: number;
};

export function cpuSplit(before: CpuSample, after: CpuSample): CpuSplit {
  const wallMs = after.at - before.at;
  const percent = (ms: number) => (wallMs > 0 ? (100 * ms) / wallMs : 0);
  const node = after.nodeMs - before.nodeMs;
  const postgres = after.postgresMs - before.postgresMs;
  const busy = after.machineBusyMs - before.machineBusyMs;
  const total = after.machineTotalMs - before.machineTotalMs;
  return {
    wallMs,
    nodePercent: percent(node),
    postgresPercent: percent(postgres),
    otherPercent: percent(Math.max(0, busy - node - postgres)),
    idlePercent: percent(Math.max(0, total - busy)),
    loadBefore: before.load1,
    loadAfter: after.load1,
  };
}
