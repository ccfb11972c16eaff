/**
 * The live JavaScript heap of a server, read from its `--trace-gc` lines. RSS alone cannot tell a leak
 * from garbage: V8 lets a busy server's heap grow to several hundred MB before a full collection. What a
 * full collection (Mark-Compact) leaves behind is what is still referenced, so its growth over a run is
 * the leak check.
 */

export type FullCollection = {
  /** Milliseconds since the trace started. */
  atMs: number;
  /** The V8 isolate (the main thread, or a worker). */
  isolate: string;
  beforeMb: number;
  afterMb: number;
  /** What the run had done by then (requests sent, say). */
  progress: number;
};

// [pid:0x3ccaed30]    81900 ms: Mark-Compact 570.2 (611.2) -> 193.8 (563.7) MB, ...
const FULL_COLLECTION = /^\[\d+:(0x[0-9a-f]+)\]\s+\d+ ms: Mark-Compact(?: \(reduce\))? ([\d.]+) \([\d.]+\) -> ([\d.]+) \([\d.]+\) MB/;
const ANY_GC_LINE = /^\[\d+:0x[0-9a-f]+\]\s+\d+ ms: /;

/** The node flag that makes a process print one line per garbage collection. */
export const TRACE_GC_FLAG = "--trace-gc";

export class GcTrace {
  readonly fullCollections: FullCollection[] = [];
  private readonly startedAt = performance.now();

  constructor(private readonly progress: () => number = () => 0) {}

  /** Reads one output line; true when it was a GC line (kept out of the server's recent output). */
  consume(line: string): boolean {
    const match = FULL_COLLECTION.exec(line);
    if (match) {
      this.fullCollections.push({ atMs: performance.now() - this.startedAt, isolate: match[1]!, beforeMb: Number(match[2]), afterMb: Number(match[3]), progress: this.progress() });
    }
    return match !== null || ANY_GC_LINE.test(line);
  }

  /** The main thread's full collections: those of the isolate whose heap got largest (workers keep small heaps). */
  mainThread(): FullCollection[] {
    const largest = new Map<string, number>();
    for (const collection of this.fullCollections) largest.set(collection.isolate, Math.max(largest.get(collection.isolate) ?? 0, collection.beforeMb));
    const main = [...largest].sort((a, b) => b[1] - a[1])[0]?.[0];
    return this.fullCollections.filter((collection) => collection.isolate === main);
  }
}
