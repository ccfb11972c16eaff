/**
 * Memory of process groups over a long run, sampled every few seconds: what the soak benchmark and the
 * intake fuzzer use to say whether memory stays flat (ProcessSampler keeps only the peak).
 */
import { groupMemoryKb, type ProcessGroup } from "./proc-sampler";

export type MemorySample = {
  /** Milliseconds since the series started. */
  atMs: number;
  /** kB per group name (RSS, or PSS for PostgreSQL: see ProcessGroup). */
  kb: Record<string, number>;
  /** What the run had done by then (requests sent, say), when the series was given a way to know. */
  progress: number;
};

export class MemorySeries {
  readonly samples: MemorySample[] = [];
  private timer: NodeJS.Timeout | undefined;
  private startedAt = 0;

  constructor(
    private readonly groups: ProcessGroup[],
    private readonly intervalMs: number,
    private readonly progress: () => number = () => 0,
  ) {}

  start(): void {
    this.startedAt = performance.now();
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
  }

  stop(): MemorySample[] {
    clearInterval(this.timer);
    this.sample();
    return this.samples;
  }

  private sample(): void {
    const kb = Object.fromEntries(this.groups.map((group) => [group.name, groupMemoryKb(group)]));
    this.samples.push({ atMs: performance.now() - this.startedAt, kb, progress: this.progress() });
  }
}

export const median = (values: number[]): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
