// The Hookwarden server: `npm run dev` (development) and `npm start` (after `npm run build`), and the container image's command.
// With HOOKWARDEN_ROLE=worker it starts no HTTP server, only the background work (server/start-worker.ts).
// Prepares the database (embedded PostgreSQL unless DATABASE_URL is set, then
// migrations), then serves Next.js. It records each request's TCP peer address in
// a header that clients cannot forge, because intake and the local-only pages need it,
// and answers a path that is not valid percent-encoding itself (Next.js would answer 500).
// On SIGTERM or SIGINT it shuts down gracefully within HOOKWARDEN_SHUTDOWN_GRACE_SECONDS.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import next from "next";
import { prepareRuntime } from "../server/embedded/prepare-runtime";
import { EnvError } from "../server/env";
import { malformedPathRefusal } from "../server/http/malformed-path";
import { PEER_HEADER } from "../server/intake/client-address";
import { createGracefulServer, exitGracefullyOnSignals } from "../server/lifecycle/graceful-server";

const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT || 3000);
const hostname = process.env.HOSTNAME_BIND || "0.0.0.0";

/**
 * In production Next.js runs with the configuration its build recorded, as its standalone server.js
 * does: the container image carries only the standalone trace, which cannot load next.config.js.
 */
function applyBuildConfig(): void {
  const recorded = path.join(process.cwd(), ".next/required-server-files.json");
  if (!existsSync(recorded)) return; // no build: next() says so
  process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify((JSON.parse(readFileSync(recorded, "utf8")) as { config: unknown }).config);
}

async function main(): Promise<void> {
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  if (!dev) applyBuildConfig();
  const runtime = await prepareRuntime();
  if (runtime.env.HOOKWARDEN_ROLE === "worker") {
    // No Next.js: loaded here, not at the top, so a web process never loads a second copy of the background work.
    const { startWorker } = await import("../server/start-worker");
    return startWorker(runtime);
  }
  const app = next({ dev, dir: process.cwd(), port, hostname: "localhost" });
  const handle = app.getRequestHandler();
  await app.prepare();

  const graceMs = runtime.env.HOOKWARDEN_SHUTDOWN_GRACE_SECONDS * 1_000;
  const graceful = createGracefulServer(
    (req, res) => {
      const refusal = malformedPathRefusal(req.url);
      if (refusal) {
        res.writeHead(refusal.status, refusal.headers).end(refusal.body);
        return;
      }
      req.headers[PEER_HEADER] = req.socket.remoteAddress ?? "";
      return handle(req, res);
    },
    { graceMs },
  );
  // Longer than a load balancer's own idle timeout (60 s for AWS ALB, nginx's keepalive_timeout 60 s).
  graceful.server.keepAliveTimeout = 65_000;
  graceful.server.listen(port, hostname, () => {
    const database = runtime.embedded ? "embedded PostgreSQL" : "DATABASE_URL";
    console.log(`Hookwarden ready on http://localhost:${port} (${dev ? "development" : "production"}, ${database})`);
    console.log(`Stripe webhooks: POST http://localhost:${port}/api/stripe/webhook`);
  });
  exitGracefullyOnSignals(graceful, {
    graceMs,
    release: async () => {
      await app.close().catch(() => undefined);
      await runtime.stop();
    },
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
});
