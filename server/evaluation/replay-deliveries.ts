import { runGatekeeperTick } from "../gatekeeper/run-gatekeeper-tick";
import { handleWebhookRequest } from "../intake/handle-webhook-request";
import { drainQueue } from "../queue/embedded-runner";
import { DecisionFeed, type DetectOutputLine } from "./decision-feed";
import { replayRequest, type ReplayDelivery } from "./replay-line";

/** While deliveries flow, the gatekeeper ticks at most this often (virtual time)... */
export const TICK_EVERY_MS = 5_000;
/** ...and across a gap in the traffic, at least this often, so that time-based transitions happen. */
export const TICK_AT_LEAST_EVERY_MS = 60_000;
/** New decisions are looked for at most every 10 virtual minutes, and at the end (each carries its own time). */
const LOOK_EVERY_MS = 10 * 60_000;
/** After the last delivery, the virtual clock runs on this long (ticking every minute): blocks end, breakers close. */
export const TAIL_MS = 15 * 60_000;

export type ReplaySummary = {
  kind: "summary";
  /** Deliveries replayed: all of them, unless the replay was interrupted. */
  deliveries: number;
  /** Set when Ctrl-C stopped the replay, with the file's count. */
  interrupted?: true;
  ofDeliveries?: number;
  /** Answers by HTTP status code. */
  answers: Record<string, number>;
  /** Output lines by kind: gatekeeper decisions, `quarantine`, `review_item`. */
  decisions: Record<string, number>;
  ticks: number;
  from: string | null;
  to: string | null;
  wallSeconds: number;
};

export type ReplayOptions = {
  /** Called with each new decision as soon as it is seen, in virtual time order within each look. */
  emit: (line: DetectOutputLine) => void;
  /** Checked between deliveries and ticks: true stops the replay there (Ctrl-C), with what was done so far. */
  stopped?: () => boolean;
  /** Called about every 10 s of wall time with how far the replay is. */
  progress?: (done: number, total: number, virtualNow: Date) => void;
  tailMs?: number;
};

/**
 * Replays recorded deliveries, in time order, through the real intake on a virtual clock: each one is a real
 * `Request` handed to `handleWebhookRequest` with its receive time; what it queued is processed at once
 * (`drainQueue`, after the tick when one is due at that instant); the gatekeeper ticks on the virtual clock
 * (every 5 s at most while deliveries flow, every virtual minute at least across gaps, and on for `tailMs`
 * after the last one). New decisions are emitted as they are found, every 10 virtual minutes and at the end.
 * The database must be a throwaway one: the replay writes to it as production would.
 */
export async function replayDeliveries(deliveries: readonly ReplayDelivery[], options: ReplayOptions): Promise<ReplaySummary> {
  const startedAt = performance.now();
  const feed = await DecisionFeed.open();
  const answers: Record<string, number> = {};
  const decisions: Record<string, number> = {};
  // The virtual clock's last tick (an object: the closures below move it).
  const clock: { ticks: number; lastTick: number | null } = { ticks: 0, lastTick: null };
  let lastProgress = performance.now();

  const look = async (virtualNow: Date) => {
    for (const line of await feed.next(virtualNow)) {
      decisions[line.kind] = (decisions[line.kind] ?? 0) + 1;
      options.emit(line);
    }
  };
  let lastLook = Number.NEGATIVE_INFINITY;
  const tick = async (atMs: number) => {
    const now = new Date(atMs);
    // One process replays: it is the leader, so every tick evaluates (and writes what intake decided first).
    await runGatekeeperTick(now, { evaluate: true });
    clock.ticks += 1;
    clock.lastTick = atMs;
    // What the delivery queued, and what the tick released (a half-open breaker's held events), on the same clock.
    await drainQueue();
    // Decisions carry their own time, so looking every few virtual minutes streams them without two queries per tick.
    if (atMs - lastLook >= LOOK_EVERY_MS) {
      lastLook = atMs;
      await look(now);
    }
  };

  const stopped = options.stopped ?? (() => false);
  let replayed = 0;
  for (const [index, delivery] of deliveries.entries()) {
    if (stopped()) break;
    const at = delivery.receivedAt.getTime();
    while (clock.lastTick !== null && at - clock.lastTick > TICK_AT_LEAST_EVERY_MS && !stopped()) await tick(clock.lastTick + TICK_AT_LEAST_EVERY_MS);
    const response = await handleWebhookRequest(replayRequest(delivery), delivery.endpoint, { now: delivery.receivedAt });
    await response.arrayBuffer();
    answers[response.status] = (answers[response.status] ?? 0) + 1;
    replayed += 1;
    if (clock.lastTick === null || at - clock.lastTick >= TICK_EVERY_MS) await tick(at);
    else if (response.ok) await drainQueue();
    if (options.progress && performance.now() - lastProgress > 10_000) {
      lastProgress = performance.now();
      options.progress(index + 1, deliveries.length, delivery.receivedAt);
    }
  }
  if (clock.lastTick !== null) {
    const end = clock.lastTick + (options.tailMs ?? TAIL_MS);
    while (clock.lastTick + TICK_AT_LEAST_EVERY_MS <= end && !stopped()) await tick(clock.lastTick + TICK_AT_LEAST_EVERY_MS);
  }
  await look(new Date(clock.lastTick ?? 0));
  return {
    kind: "summary",
    deliveries: replayed,
    ...(stopped() ? { interrupted: true, ofDeliveries: deliveries.length } : {}),
    answers,
    decisions,
    ticks: clock.ticks,
    from: deliveries[0]?.at ?? null,
    to: deliveries[deliveries.length - 1]?.at ?? null,
    wallSeconds: Math.round((performance.now() - startedAt) / 100) / 10,
  };
}
