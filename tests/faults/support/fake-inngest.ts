/**
 * A local stand-in for Inngest's event API, as far as Hookwarden uses it: `POST /e/<event key>`
 * with a JSON array of events, answered `{"ids": [...], "status": 200}` as Inngest answers
 * (401 for another key). It keeps every event it was sent, in order.
 */
import { createServer, type Server } from "node:http";
import { randomUUID } from "node:crypto";

export type ReceivedEvent = { name: string; id?: string; data: Record<string, unknown>; receivedAt: number };

export type FakeInngest = { events: ReceivedEvent[]; requests: number; close: () => Promise<void> };

export async function startFakeInngest(port: number, eventKey: string): Promise<FakeInngest> {
  const events: ReceivedEvent[] = [];
  const fake = { events, requests: 0, close: async () => undefined as void };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      fake.requests += 1;
      const answer = (status: number, body: unknown) => {
        response.writeHead(status, { "content-type": "application/json" });
        response.end(JSON.stringify(body));
      };
      if (request.method !== "POST" || request.url !== `/e/${eventKey}`) return answer(401, { error: "Event key not found", status: 401 });
      let sent: unknown;
      try {
        sent = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        return answer(400, { error: "invalid JSON", status: 400 });
      }
      const batch = (Array.isArray(sent) ? sent : [sent]) as Omit<ReceivedEvent, "receivedAt">[];
      const receivedAt = performance.now();
      for (const event of batch) events.push({ ...event, receivedAt });
      answer(200, { ids: batch.map(() => randomUUID()), status: 200 });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  fake.close = () => new Promise((resolve) => server.close(() => resolve()));
  return fake;
}
