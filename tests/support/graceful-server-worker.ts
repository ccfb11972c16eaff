// A separate process for the graceful shutdown test: a real HTTP server wrapped by the same
// shutdown logic as scripts/serve.ts, the real embedded runner against DATABASE_URL, and the
// same signal handling. It prints {"port": N} once it listens. Routes: /slow?ms=N answers
// "slow answer" after N ms; /stream?ms=N sends its headers and "streamed " at once, then
// "answer" after N ms; anything else answers "fast answer" at once.
import { loadKeyring } from "../../server/crypto/load-keyring";
import { createGracefulServer, exitGracefullyOnSignals } from "../../server/lifecycle/graceful-server";
import { startEmbeddedRunner } from "../../server/queue/embedded-runner";

const graceMs = Number(process.env.GRACE_MS ?? 20_000);
await loadKeyring();
startEmbeddedRunner();

const graceful = createGracefulServer(
  async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const wait = () => new Promise((resolve) => setTimeout(resolve, Number(url.searchParams.get("ms") ?? 1_000)));
    if (url.pathname === "/stream") {
      res.writeHead(200, { "content-type": "text/plain" });
      res.write("streamed ");
      await wait();
      res.end("answer");
      return;
    }
    if (url.pathname === "/slow") await wait();
    res.writeHead(200, { "content-type": "text/plain" });
    res.end(url.pathname === "/slow" ? "slow answer" : "fast answer");
  },
  { graceMs },
);
// As scripts/serve.ts: an idle keep-alive connection would stay open for a minute on its own.
graceful.server.keepAliveTimeout = 65_000;
exitGracefullyOnSignals(graceful, { graceMs, release: async () => undefined });
graceful.server.listen(0, "127.0.0.1", () => {
  const address = graceful.server.address();
  process.stdout.write(JSON.stringify({ port: typeof address === "object" && address ? address.port : 0 }) + "\n");
});
