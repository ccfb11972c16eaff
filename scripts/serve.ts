// The Hookwarden server: `npm run dev` (development) and `npm start` (after `npm run build`).
// Prepares the database (embedded PostgreSQL unless DATABASE_URL is set, then
// migrations), then serves Next.js. It records each request's TCP peer address in
// a header that clients cannot forge, because intake and the local-only pages need it,
// and answers a path that is not valid percent-encoding itself (Next.js would answer 500).
import { createServer } from "node:http";
import next from "next";
import { prepareRuntime } from "../server/embedded/prepare-runtime";
import { EnvError } from "../server/env";
import { malformedPathRefusal } from "../server/http/malformed-path";
import { PEER_HEADER } from "../server/intake/client-address";

const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT || 3000);
const hostname = process.env.HOSTNAME_BIND || "0.0.0.0";

async function main(): Promise<void> {
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  const runtime = await prepareRuntime();
  const app = next({ dev, dir: process.cwd(), port, hostname: "localhost" });
  const handle = app.getRequestHandler();
  await app.prepare();

  const server = createServer((req, res) => {
    const refusal = malformedPathRefusal(req.url);
    if (refusal) {
      res.writeHead(refusal.status, refusal.headers).end(refusal.body);
      return;
    }
    req.headers[PEER_HEADER] = req.socket.remoteAddress ?? "";
    void handle(req, res);
  });
  server.keepAliveTimeout = 65_000;
  server.listen(port, hostname, () => {
    const database = runtime.embedded ? "embedded PostgreSQL" : "DATABASE_URL";
    console.log(`Hookwarden ready on http://localhost:${port} (${dev ? "development" : "production"}, ${database})`);
    console.log(`Stripe webhooks: POST http://localhost:${port}/api/stripe/webhook`);
  });

  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    server.close();
    await app.close().catch(() => undefined);
    await runtime.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown());
  process.on("SIGTERM", () => void shutdown());
}

main().catch((error: unknown) => {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
});
