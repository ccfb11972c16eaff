import { z } from "zod";
import { mulberry32 } from "./mulberry32";

export type IsolationForestOptions = {
  /** Number of trees. Default 100 (the paper's: path lengths converge well before). */
  trees?: number;
  /** Rows drawn (without replacement) to grow each tree. Default 256 (the paper's ψ); capped at the number of rows. */
  sampleSize?: number;
  /** Seed of the generator: the same rows and seed give the same forest and the same scores. */
  seed: number;
};

export type FeatureContribution = {
  /** Index of the feature in the row. */
  feature: number;
  /** Its part of the isolation, 0..1; the shares of a score sum to 1. */
  share: number;
};

export type IsolationScore = {
  /** 2^(−E[h]/c(ψ)): near 1 isolated at once (anomalous), about 0.5 or below like the training rows. */
  score: number;
  /** E[h]: the mean depth at which the trees isolate the row, each leaf adjusted by c(its size). */
  pathLength: number;
  /** The features that isolated the row, largest share first; empty when no feature did better than chance. */
  contributions: FeatureContribution[];
};

/** One tree in preorder (a node's left child follows it); `feature` −1 marks a leaf. */
type Tree = {
  feature: Int32Array;
  threshold: Float64Array;
  /** The range of the split feature among the node's rows (where its cut was drawn). */
  low: Float64Array;
  high: Float64Array;
  size: Int32Array;
  right: Int32Array;
  /** Bits of isolation beyond what a typical row gets, for a row that goes left / right / is cut off alone at this node. */
  excessLeft: Float64Array;
  excessRight: Float64Array;
  excessAlone: Float64Array;
};

const finite = z.number().finite();
const TreeStateSchema = z.object({
  feature: z.array(z.number().int().min(-1)),
  threshold: z.array(finite),
  low: z.array(finite),
  high: z.array(finite),
  size: z.array(z.number().int().positive()),
});
const IsolationForestStateSchema = z.object({
  version: z.literal(1),
  featureCount: z.number().int().positive(),
  sampleSize: z.number().int().min(2),
  trees: z.array(TreeStateSchema).min(1),
});
export type IsolationForestState = z.infer<typeof IsolationForestStateSchema>;

const EULER_GAMMA = 0.5772156649015329;

/**
 * An isolation forest (Liu, Ting and Zhou, 2008) over the gatekeeper's feature vectors. Each
 * tree splits a random subsample on a random feature at a random value until every row stands
 * alone or the depth reaches ⌈log2 ψ⌉; a row unlike the others is cut off near the root. Pure and
 * deterministic: all randomness comes from the seeded generator, so a stored seed reproduces the
 * forest and a test's expectations hold on every machine.
 *
 * Rows scored later than the fit (the gatekeeper fits on history and scores new minutes) can lie
 * beyond everything the trees saw. The standard forest then scores 10× beyond the history the same
 * as just beyond it: cuts are drawn inside a node's range, so the row only follows the most
 * extreme rows. Here, at a node whose cut was drawn in [low, high] of its feature, a row at x
 * outside that range counts as cut off alone with the probability it would have had if it had
 * been among the node's rows, (x − high) / (x − low) above (mirrored below), and follows the
 * normal branch otherwise; E[h] takes the expectation over both. A row inside every range it
 * meets gets exactly the paper's path length.
 *
 * Only features that vary within a node are split on, so a constant feature never crashes a fit;
 * it is also never looked at: a feature constant in the history is invisible to the forest (the
 * per-feature seasonal baselines see it).
 *
 * Explanation: at each split on the row's path, the row goes to a side holding n_side of the n
 * rows of the node, which isolates it by log2(n / n_side) bits. A training row gets on average
 * the split's entropy H(n_left / n) bits there, so each split credits its feature with the excess,
 * log2(n / n_side) − H (log2 n − H when cut off alone, weighted by that probability). Summed over
 * the trees, a feature in which the row is typical nets about zero (its splits are as likely to
 * keep the row with the crowd as to cut it off), and the feature that cut the row off early
 * (large n, small n_side) nets most. Shares are the positive sums over their total. Merely counting the features on the path would not do: the random
 * features chosen before the decisive split appear on short paths as often as the decisive one.
 */
export class IsolationForest {
  private constructor(
    private readonly trees: Tree[],
    private readonly featureCount: number,
    private readonly sampleSize: number,
  ) {}

  /** Grows the forest on the rows (all of one length, finite numbers). Throws on fewer than 2 rows. */
  static fit(rows: readonly (readonly number[])[], options: IsolationForestOptions): IsolationForest {
    const trees = options.trees ?? 100;
    const requestedSample = options.sampleSize ?? 256;
    if (!Number.isInteger(trees) || trees < 1) throw new RangeError(`trees must be a positive integer, got ${trees}`);
    if (!Number.isInteger(requestedSample) || requestedSample < 2) throw new RangeError(`sampleSize must be an integer of at least 2, got ${requestedSample}`);
    if (!Number.isFinite(options.seed)) throw new RangeError("a seed is required");
    if (rows.length < 2) throw new RangeError(`an isolation forest needs at least 2 rows, got ${rows.length}`);
    const featureCount = rows[0]!.length;
    if (featureCount < 1) throw new RangeError("rows need at least one feature");
    const data = new Float64Array(rows.length * featureCount);
    rows.forEach((row, r) => {
      checkRow(row, featureCount);
      data.set(row, r * featureCount);
    });

    const random = mulberry32(options.seed);
    const sampleSize = Math.min(requestedSample, rows.length);
    const heightLimit = Math.ceil(Math.log2(sampleSize));
    const order = Int32Array.from({ length: rows.length }, (_, i) => i);
    const grown: Tree[] = [];
    for (let t = 0; t < trees; t++) {
      // Partial Fisher–Yates: the first sampleSize entries become a sample without replacement.
      for (let i = 0; i < sampleSize; i++) {
        const j = i + Math.floor(random() * (rows.length - i));
        const swap = order[i]!;
        order[i] = order[j]!;
        order[j] = swap;
      }
      grown.push(growTree(data, featureCount, order.slice(0, sampleSize), heightLimit, random));
    }
    return new IsolationForest(grown, featureCount, sampleSize);
  }

  /** Scores one row (same features as the fit): its anomaly score, mean path length, and which features isolated it. */
  score(row: readonly number[]): IsolationScore {
    checkRow(row, this.featureCount);
    const credit = new Float64Array(this.featureCount);
    let totalDepth = 0;
    for (const tree of this.trees) {
      let node = 0;
      let depth = 0;
      // Probability that the row has not been cut off alone yet (below 1 once it lies outside a node's range).
      let reach = 1;
      while (tree.feature[node]! >= 0) {
        const feature = tree.feature[node]!;
        const value = row[feature]!;
        const low = tree.low[node]!;
        const high = tree.high[node]!;
        const alone = value < low ? (low - value) / (high - value) : value > high ? (value - high) / (value - low) : 0;
        if (alone > 0) {
          totalDepth += reach * alone * (depth + 1);
          credit[feature]! += reach * alone * tree.excessAlone[node]!;
          reach *= 1 - alone;
        }
        if (value < tree.threshold[node]!) {
          credit[feature]! += reach * tree.excessLeft[node]!;
          node += 1;
        } else {
          credit[feature]! += reach * tree.excessRight[node]!;
          node = tree.right[node]!;
        }
        depth += 1;
      }
      totalDepth += reach * (depth + averagePathLength(tree.size[node]!));
    }
    const pathLength = totalDepth / this.trees.length;
    return { score: Math.pow(2, -pathLength / averagePathLength(this.sampleSize)), pathLength, contributions: shares(credit) };
  }

  /** The forest as plain JSON-safe data, for a database row (thresholds kept exact, so scores survive the trip). */
  toJSON(): IsolationForestState {
    return {
      version: 1,
      featureCount: this.featureCount,
      sampleSize: this.sampleSize,
      trees: this.trees.map((tree) => ({
        feature: Array.from(tree.feature),
        threshold: Array.from(tree.threshold),
        low: Array.from(tree.low),
        high: Array.from(tree.high),
        size: Array.from(tree.size),
      })),
    };
  }

  /** Restores a forest from `toJSON()`'s output; throws on anything malformed rather than scoring with it. */
  static fromJSON(json: unknown): IsolationForest {
    const state = IsolationForestStateSchema.parse(json);
    const trees = state.trees.map((tree, index) => {
      const { feature } = tree;
      if ([tree.threshold, tree.low, tree.high, tree.size].some((values) => values.length !== feature.length)) throw new Error(`isolation forest tree ${index}: arrays of different lengths`);
      if (feature.some((f) => f >= state.featureCount)) throw new Error(`isolation forest tree ${index}: a split on a feature the rows do not have`);
      const arrays = { feature: Int32Array.from(feature), threshold: Float64Array.from(tree.threshold), low: Float64Array.from(tree.low), high: Float64Array.from(tree.high), size: Int32Array.from(tree.size) };
      return completeTree(arrays, index);
    });
    return new IsolationForest(trees, state.featureCount, state.sampleSize);
  }
}

/** Grows one tree in preorder over `sample` (row indexes, partitioned in place). */
function growTree(data: Float64Array, featureCount: number, sample: Int32Array, heightLimit: number, random: () => number): Tree {
  const feature: number[] = [];
  const threshold: number[] = [];
  const nodeLow: number[] = [];
  const nodeHigh: number[] = [];
  const size: number[] = [];
  const low = new Float64Array(featureCount);
  const high = new Float64Array(featureCount);
  const candidates: number[] = [];

  const grow = (start: number, end: number, depth: number): void => {
    const node = feature.length;
    feature.push(-1);
    threshold.push(0);
    nodeLow.push(0);
    nodeHigh.push(0);
    size.push(end - start);
    if (depth >= heightLimit || end - start <= 1) return;

    low.fill(Infinity);
    high.fill(-Infinity);
    for (let i = start; i < end; i++) {
      const offset = sample[i]! * featureCount;
      for (let f = 0; f < featureCount; f++) {
        const value = data[offset + f]!;
        if (value < low[f]!) low[f] = value;
        if (value > high[f]!) high[f] = value;
      }
    }
    candidates.length = 0;
    for (let f = 0; f < featureCount; f++) if (high[f]! > low[f]!) candidates.push(f);
    if (candidates.length === 0) return;

    const split = candidates[Math.floor(random() * candidates.length)]!;
    const min = low[split]!;
    const max = high[split]!;
    let cut = min + random() * (max - min);
    // Both sides must hold a row: the cut lies above the minimum and no higher than the maximum.
    if (!(cut > min)) cut = (min + max) / 2 > min ? (min + max) / 2 : max;

    let middle = start;
    for (let i = start; i < end; i++) {
      if (data[sample[i]! * featureCount + split]! < cut) {
        const swap = sample[i]!;
        sample[i] = sample[middle]!;
        sample[middle] = swap;
        middle += 1;
      }
    }
    feature[node] = split;
    threshold[node] = cut;
    nodeLow[node] = min;
    nodeHigh[node] = max;
    grow(start, middle, depth + 1);
    grow(middle, end, depth + 1);
  };

  grow(0, sample.length, 0);
  const arrays = { feature: Int32Array.from(feature), threshold: Float64Array.from(threshold), low: Float64Array.from(nodeLow), high: Float64Array.from(nodeHigh), size: Int32Array.from(size) };
  return completeTree(arrays, 0);
}

/** Derives each node's right child and its excess bits from the preorder arrays, checking that they form a tree. */
function completeTree(arrays: Pick<Tree, "feature" | "threshold" | "low" | "high" | "size">, index: number): Tree {
  const { feature, size, low, high, threshold } = arrays;
  const count = feature.length;
  const right = new Int32Array(count).fill(-1);
  const excessLeft = new Float64Array(count);
  const excessRight = new Float64Array(count);
  const excessAlone = new Float64Array(count);
  let next = 0;
  const walk = (): number => {
    const node = next;
    if (node >= count) throw new Error(`isolation forest tree ${index}: truncated`);
    next += 1;
    if (feature[node]! < 0) return node;
    const left = walk();
    right[node] = walk();
    const n = size[node]!;
    const nLeft = size[left]!;
    const nRight = size[right[node]!]!;
    if (nLeft + nRight !== n) throw new Error(`isolation forest tree ${index}: node sizes do not add up`);
    if (!(low[node]! <= threshold[node]! && threshold[node]! <= high[node]! && low[node]! < high[node]!)) throw new Error(`isolation forest tree ${index}: a cut outside its range`);
    const entropy = binaryEntropy(nLeft / n);
    excessLeft[node] = Math.log2(n / nLeft) - entropy;
    excessRight[node] = Math.log2(n / nRight) - entropy;
    excessAlone[node] = Math.log2(n) - entropy;
    return node;
  };
  walk();
  if (next !== count) throw new Error(`isolation forest tree ${index}: nodes left over`);
  return { ...arrays, right, excessLeft, excessRight, excessAlone };
}

/** c(n): the average path length of an unsuccessful search in a binary search tree of n keys. */
function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + EULER_GAMMA) - (2 * (n - 1)) / n;
}

function binaryEntropy(p: number): number {
  if (p <= 0 || p >= 1) return 0;
  return -p * Math.log2(p) - (1 - p) * Math.log2(1 - p);
}

function shares(credit: Float64Array): FeatureContribution[] {
  let total = 0;
  for (const value of credit) if (value > 0) total += value;
  if (total === 0) return [];
  const contributions: FeatureContribution[] = [];
  credit.forEach((value, feature) => {
    if (value > 0) contributions.push({ feature, share: value / total });
  });
  return contributions.sort((a, b) => b.share - a.share || a.feature - b.feature);
}

function checkRow(row: readonly number[], featureCount: number): void {
  if (row.length !== featureCount) throw new RangeError(`a row has ${row.length} features, the forest ${featureCount}`);
  for (const value of row) if (!Number.isFinite(value)) throw new RangeError(`a feature value must be finite, got ${value}`);
}
