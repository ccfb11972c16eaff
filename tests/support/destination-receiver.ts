import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type ReceivedMessage = { id: string; timestamp: string; signature: string; body: string; headers: IncomingHttpHeaders; answered: number };

/**
 * The business's app, for tests: an HTTP server on loopback that records every message and answers
 * what `behaviour` says for each request, in turn: a status code, or "hang" (never answers: a timeout).
 * After the listed behaviours it answers `then` (200 by default).
 */
export async function destinationReceiver(options: { behaviour?: (number | "hang")[]; then?: number } = {}) {
  const behaviour = [...(options.behaviour ?? [])];
  const messages: ReceivedMessage[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const next = behaviour.length > 0 ? behaviour.shift()! : (options.then ?? 200);
      const body = Buffer.concat(chunks).toString("utf8");
      messages.push({
        id: String(request.headers["webhook-id"]),
        timestamp: String(request.headers["webhook-timestamp"]),
        signature: String(request.headers["webhook-signature"]),
        body,
        headers: request.headers,
        answered: next === "hang" ? 0 : next,
      });
      if (next === "hang") return; // never answers
      response.writeHead(next, { "content-type": "text/plain" });
      response.end(next >= 200 && next < 300 ? "ok" : `failure ${next}: contact jenny.rosen@example.com`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    messages,
    /** Messages the receiver accepted (answered 2xx). */
    accepted: () => messages.filter((message) => message.answered >= 200 && message.answered < 300),
    behaveNext(next: (number | "hang")[]) {
      behaviour.push(...next);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
