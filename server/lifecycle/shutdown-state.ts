/**
 * What a graceful shutdown needs to know across the process: whether it has begun, and
 * how to stop each piece of background work and close each resource. The loops register
 * their stop functions when they start; scripts/serve.ts runs them when a signal arrives.
 * Kept on globalThis, because Next.js may load a module twice and serve.ts (outside the
 * bundle) has its own copy of this one.
 */
export type ShutdownPhase =
  /** Stop claiming new work and finish what is claimed: the embedded runner, the sweeper, the schedules. */
  | "claims"
  /** After the last request and the last claimed event: write what this process holds in memory. */
  | "flush"
  /** Last: close connections (the database pool). */
  | "close";

export const SHUTDOWN_PHASES: readonly ShutdownPhase[] = ["claims", "flush", "close"];

type Stop = () => Promise<void> | void;
type ShutdownState = { since?: Date; stops: Record<ShutdownPhase, Map<string, Stop>> };

const globalForShutdown = globalThis as unknown as { hookwardenShutdown?: ShutdownState };

function state(): ShutdownState {
  globalForShutdown.hookwardenShutdown ??= { stops: { claims: new Map(), flush: new Map(), close: new Map() } };
  return globalForShutdown.hookwardenShutdown;
}

/** Registers (or replaces, by name) what stops one piece of work or closes one resource at shutdown. */
export function onShutdown(phase: ShutdownPhase, name: string, stop: Stop): void {
  state().stops[phase].set(name, stop);
}

/** Forgets a registration: the work was stopped some other way (a test, a CLI command). */
export function offShutdown(phase: ShutdownPhase, name: string): void {
  state().stops[phase].delete(name);
}

/** True once shutdown has begun: readiness answers 503 and new requests are turned away. */
export function isShuttingDown(): boolean {
  return state().since !== undefined;
}

export function markShuttingDown(now = new Date()): void {
  state().since ??= now;
}

/**
 * Runs every stop function of `phase` at once and waits for them all. A stop that throws is
 * reported by name, not fatal: the rest of the shutdown goes on. Each runs once.
 */
export async function runShutdownPhase(phase: ShutdownPhase): Promise<{ name: string; error: unknown }[]> {
  const stops = [...state().stops[phase]];
  state().stops[phase].clear();
  const results = await Promise.allSettled(stops.map(([, stop]) => stop()));
  return results.flatMap((result, index) => (result.status === "rejected" ? [{ name: stops[index]![0], error: result.reason }] : []));
}

/** The names registered for a phase (what a shutdown will wait for). */
export function shutdownRegistrations(phase: ShutdownPhase): string[] {
  return [...state().stops[phase].keys()];
}

/** Back to "running" with nothing registered (tests that shut down more than once in one process). */
export function resetShutdownState(): void {
  globalForShutdown.hookwardenShutdown = undefined;
}
