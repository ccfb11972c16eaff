/**
 * Memory and CPU of the processes under test, read from /proc (Linux).
 *
 * A sampler watches named groups of processes (for example "the server's node
 * processes" and "its embedded PostgreSQL") every 200 ms during one run and keeps:
 * - the peak memory of each group: the sum of VmRSS, or of Pss for PostgreSQL,
 *   whose processes share their buffers (summing their RSS would count those
 *   shared pages once per process);
 * - the CPU time each group used during the run, as an average number of cores;
 * - how busy the whole machine was (the load generator shares it).
 */
import { readdirSync, readFileSync } from "node:fs";

/** Linux reports utime/stime in clock ticks; USER_HZ is 100 on every mainstream kernel. */
const CLOCK_TICKS_PER_SECOND = 100;
export const SAMPLE_INTERVAL_MS = 200;

type ProcStat = { pid: number; ppid: number; comm: string; cpuTicks: number };

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined; // the process ended between listing and reading
  }
}

function procStat(pid: number): ProcStat | undefined {
  const text = readText(`/proc/${pid}/stat`);
  if (!text) return undefined;
  // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ')'.
  const close = text.lastIndexOf(")");
  const fields = text.slice(close + 2).split(" ");
  return {
    pid,
    ppid: Number(fields[1]),
    comm: text.slice(text.indexOf("(") + 1, close),
    cpuTicks: Number(fields[11]) + Number(fields[12]),
  };
}

function allProcesses(): ProcStat[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map((name) => procStat(Number(name)))
    .filter((stat): stat is ProcStat => stat !== undefined);
}

/** `rootPid` and all its descendants, with their command names. */
export function processTree(rootPid: number): ProcStat[] {
  const processes = allProcesses();
  const children = new Map<number, ProcStat[]>();
  for (const stat of processes) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat]);
  const root = processes.find((stat) => stat.pid === rootPid);
  const tree: ProcStat[] = [];
  const stack = root ? [root] : [];
  while (stack.length > 0) {
    const current = stack.pop()!;
    tree.push(current);
    stack.push(...(children.get(current.pid) ?? []));
  }
  return tree;
}

/** Pids whose command line contains `text` (e.g. a PostgreSQL started on a given data folder). */
export function processesMentioning(text: string): number[] {
  return allProcesses()
    .filter((stat) => stat.pid !== process.pid && (readText(`/proc/${stat.pid}/cmdline`) ?? "").includes(text))
    .map((stat) => stat.pid);
}

function kilobytes(file: string, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readText(file) ?? "");
  return match ? Number(match[1]) : 0;
}

export const rssKb = (pid: number) => kilobytes(`/proc/${pid}/status`, "VmRSS");
export const pssKb = (pid: number) => kilobytes(`/proc/${pid}/smaps_rollup`, "Pss");
/** The kernel's own peak-RSS mark of one process since it started. */
export const peakRssKb = (pid: number) => kilobytes(`/proc/${pid}/status`, "VmHWM");

/**
 * The Hookwarden server's own node process(es) and, apart, the embedded PostgreSQL it started
 * (its children named `postgres`), and this process, the load generator.
 */
export function hookwardenGroups(serverPid: number): ProcessGroup[] {
  const tree = () => processTree(serverPid);
  return [
    { name: "server", memory: "rss", pids: () => tree().filter((p) => p.comm !== "postgres").map((p) => p.pid) },
    { name: "postgres", memory: "pss", pids: () => tree().filter((p) => p.comm === "postgres").map((p) => p.pid) },
    { name: "load generator", memory: "rss", pids: () => [process.pid] },
  ];
}

/** A group's memory right now, in kB: the sum of its processes' VmRSS, or Pss (see above). */
export function groupMemoryKb(group: ProcessGroup): number {
  const measure = group.memory === "pss" ? pssKb : rssKb;
  return group.pids().reduce((sum, pid) => sum + measure(pid), 0);
}

/** Ticks of the whole machine by state (first line of /proc/stat). */
type MachineTicks = { user: number; system: number; softirq: number; iowait: number; steal: number; idle: number; total: number };

function machineTicks(): MachineTicks {
  // user nice system idle iowait irq softirq steal guest guest_nice (guest time is already inside user)
  const f = (readText("/proc/stat") ?? "").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  const at = (index: number) => f[index] ?? 0;
  const ticks = { user: at(0) + at(1), system: at(2) + at(5), softirq: at(6), iowait: at(4), steal: at(7), idle: at(3) };
  return { ...ticks, total: ticks.user + ticks.system + ticks.softirq + ticks.iowait + ticks.steal + ticks.idle };
}

/** Percentages of the machine's capacity during a run, by state. */
export type MachineShare = { busy: number; user: number; system: number; softirq: number; iowait: number; steal: number };

function machineShare(from: MachineTicks, to: MachineTicks): MachineShare {
  const total = Math.max(1, to.total - from.total);
  const pct = (key: keyof MachineTicks) => (100 * (to[key] - from[key])) / total;
  const share = { user: pct("user"), system: pct("system"), softirq: pct("softirq"), iowait: pct("iowait"), steal: pct("steal") };
  return { busy: share.user + share.system + share.softirq + share.steal, ...share };
}

/** "node 498.1 MB + esbuild 14.2 MB": sizes summed per command name, largest first. */
function breakdown(sizes: { pid: number; kb: number }[]): string {
  const byName = new Map<string, { kb: number; count: number }>();
  for (const { pid, kb } of sizes) {
    const name = commOf(pid);
    const entry = byName.get(name) ?? { kb: 0, count: 0 };
    byName.set(name, { kb: entry.kb + kb, count: entry.count + 1 });
  }
  return [...byName]
    .sort((a, b) => b[1].kb - a[1].kb)
    .map(([name, { kb, count }]) => `${name}${count > 1 ? ` ×${count}` : ""} ${(kb / 1024).toFixed(1)} MB`)
    .join(" + ");
}

/** How busy the machine is right now, measured over `ms` (to say whether it was idle before a run). */
export async function machineBusyPercent(ms: number): Promise<number> {
  const from = machineTicks();
  await new Promise((resolve) => setTimeout(resolve, ms));
  return machineShare(from, machineTicks()).busy;
}

export type ProcessGroup = {
  name: string;
  /** The pids of the group right now (re-evaluated at every sample: processes come and go). */
  pids: () => number[];
  memory: "rss" | "pss";
};

export type GroupUsage = {
  name: string;
  peakMb: number;
  /** The processes of the group at its memory peak, e.g. "node 498.1 MB + esbuild 14.2 MB". */
  peakBreakdown: string;
  cpuCores: number;
  pids: number[];
};
export type Usage = { groups: GroupUsage[]; machine: MachineShare; seconds: number };

type GroupState = {
  group: ProcessGroup;
  peakKb: number;
  peakBreakdown: string;
  startTicks: Map<number, number>;
  lastTicks: Map<number, number>;
};

const commOf = (pid: number) => (readText(`/proc/${pid}/comm`) ?? "?").trim();

/** Samples the groups from start() to stop(). */
export class ProcessSampler {
  private readonly states: GroupState[];
  private timer: NodeJS.Timeout | undefined;
  private startedAt = 0;
  private machineStart = machineTicks();

  constructor(groups: ProcessGroup[]) {
    this.states = groups.map((group) => ({ group, peakKb: 0, peakBreakdown: "", startTicks: new Map(), lastTicks: new Map() }));
  }

  start(): void {
    this.startedAt = performance.now();
    this.machineStart = machineTicks();
    for (const state of this.states) {
      for (const pid of state.group.pids()) state.startTicks.set(pid, procStat(pid)?.cpuTicks ?? 0);
    }
    this.sample();
    this.timer = setInterval(() => this.sample(), SAMPLE_INTERVAL_MS);
  }

  stop(): Usage {
    clearInterval(this.timer);
    this.sample();
    const seconds = (performance.now() - this.startedAt) / 1000;
    const machine = machineShare(this.machineStart, machineTicks());
    return { groups: this.states.map((state) => this.usageOf(state, seconds)), machine, seconds };
  }

  private sample(): void {
    for (const state of this.states) {
      const pids = state.group.pids();
      const measure = state.group.memory === "pss" ? pssKb : rssKb;
      const sizes = pids.map((pid) => ({ pid, kb: measure(pid) }));
      const totalKb = sizes.reduce((sum, size) => sum + size.kb, 0);
      if (totalKb > state.peakKb) {
        state.peakKb = totalKb;
        state.peakBreakdown = breakdown(sizes);
      }
      for (const pid of pids) {
        const ticks = procStat(pid)?.cpuTicks;
        if (ticks === undefined) continue;
        if (!state.startTicks.has(pid)) state.startTicks.set(pid, ticks); // appeared during the run
        state.lastTicks.set(pid, ticks);
      }
    }
  }

  private usageOf(state: GroupState, seconds: number): GroupUsage {
    let ticks = 0;
    for (const [pid, last] of state.lastTicks) ticks += last - (state.startTicks.get(pid) ?? last);
    return {
      name: state.group.name,
      peakMb: state.peakKb / 1024,
      peakBreakdown: state.peakBreakdown,
      cpuCores: ticks / CLOCK_TICKS_PER_SECOND / seconds,
      pids: [...state.lastTicks.keys()],
    };
  }
}
