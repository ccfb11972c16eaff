import { spawn } from "node:child_process";
import { request } from "node:http";
import { connect } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkoutSession, newPaymentFlow, stripeEvent } from "../../cli/simulate/stripe-events";
import { booksFixture } from "../../tests/support/books";
import { useFreshDatabase } from "../../tests/support/fresh-database";
import { recordWithoutEnqueue } from "../../tests/support/intake";
import { disconnect, pool } from "../db";

const WORKER = path.resolve(import.meta.dirname, "../../tests/support/graceful-server-worker.ts");

// The worker runs the embedded runner: this file has a database of its own, so it claims nothing of other files.
beforeAll(() => useFreshDatabase("graceful_shutdown"));
afterAll(() => disconnect());

function startServerProcess(env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ["--import", "tsx", WORKER], {
    env: { ...process.env, HOOKWARDEN_LOG_LEVEL: "silent", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const port = new Promise<number>((resolve, reject) => {
    let buffered = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("utf8");
      const line = buffered.split("\n").find((candidate) => candidate.startsWith("{"));
      if (line) resolve((JSON.parse(line) as { port: number }).port);
    });
    void exited.then((code) => reject(new Error(`the server process exited (${code}) before listening`)));
  });
  return { child, exited, port };
}

/** Sends raw bytes on one connection (`write` sends more later) and resolves with everything the server wrote until it closed the connection. */
function rawExchange(port: number, bytes: string): { sent: Promise<void>; received: Promise<string>; write: (more: string) => void } {
  const socket = connect(port, "127.0.0.1");
  const chunks: Buffer[] = [];
  socket.on("data", (chunk) => chunks.push(chunk));
  const sent = new Promise<void>((resolve) => socket.once("connect", () => socket.write(bytes, () => resolve())));
  const received = new Promise<string>((resolve, reject) => {
    socket.once("error", reject);
    socket.once("close", () => resolve(Buffer.concat(chunks).toString("utf8")));
  });
  return { sent, received, write: (more) => socket.write(more) };
}

/** A GET on a new connection: its status, or the error code when the connection fails. */
function getOnNewConnection(port: number, pathname: string): Promise<number | string> {
  return new Promise((resolve) => {
    const req = request({ host: "127.0.0.1", port, path: pathname, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    req.end();
  });
}

async function statusOf(eventId: string): Promise<string> {
  return (await pool().query<{ status: string }>(`SELECT status FROM stripe_event WHERE id = $1`, [eventId])).rows[0]!.status;
}

describe("graceful shutdown", () => {
  it("on SIGTERM finishes the request in flight and the claimed event, refuses new requests, claims nothing new, and exits 0", async () => {
    const books = await booksFixture();
    const newEvent = async () => {
      const flow = newPaymentFlow();
      await books.register({ reference: flow.reference, amount: flow.amount, currency: flow.currency, customer: flow.customer });
      const recorded = await recordWithoutEnqueue(stripeEvent("checkout.session.completed", checkoutSession(flow)), books.endpoint.name);
      return { id: recorded.eventId, reference: flow.reference };
    };
    const claimed = await newEvent();
    const afterSignal = await newEvent();

    const server = startServerProcess({ GRACE_MS: "20000" });
    const port = await server.port;
    // An idle keep-alive connection, left open: it must not keep the server from closing.
    const idle = rawExchange(port, "GET /fast HTTP/1.1\r\nHost: test\r\n\r\n");
    await idle.sent;

    // The claimed event: the runner claims it, then waits for its registered payment, which this test holds locked.
    const lock = await pool().connect();
    await lock.query("BEGIN");
    await lock.query(`SELECT 1 FROM payment_transaction WHERE reference = $1 FOR UPDATE`, [claimed.reference]);
    await pool().query(`UPDATE stripe_event SET status = 'queued' WHERE id = $1`, [claimed.id]);
    await expect.poll(() => statusOf(claimed.id), { timeout: 10_000, interval: 50 }).toBe("processing");

    // Requests in flight: a slow one, and a streamed one (its headers already sent, so its connection stays open).
    const slow = rawExchange(port, "GET /slow?ms=3000 HTTP/1.1\r\nHost: test\r\n\r\n");
    const streamed = rawExchange(port, "GET /stream?ms=3000 HTTP/1.1\r\nHost: test\r\n\r\n");
    await Promise.all([slow.sent, streamed.sent]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    server.child.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 300));

    // Shutting down: a new connection is refused, a new request on an open connection is answered 503,
    // and an event queued now is not claimed.
    expect(await getOnNewConnection(port, "/fast")).toBe("ECONNREFUSED");
    streamed.write("GET /fast HTTP/1.1\r\nHost: test\r\n\r\n");
    await pool().query(`UPDATE stripe_event SET status = 'queued' WHERE id = $1`, [afterSignal.id]);
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // longer than the runner's idle poll
    await lock.query("COMMIT");
    lock.release();

    // The slow request gets its answer, and its connection is closed behind it.
    expect(await slow.received).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*Connection: close\r\n[\s\S]*\r\n\r\n[\s\S]*slow answer/);
    // The streamed one finishes; the request sent behind it during the shutdown is answered 503.
    const answers = await streamed.received;
    expect(answers).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*streamed [\s\S]*answer/);
    expect(answers).toMatch(/HTTP\/1\.1 503 Service Unavailable\r\n[\s\S]*connection: close[\s\S]*"code":"shutting_down"/i);
    expect(await idle.received).toMatch(/Keep-Alive: timeout=65\r\n[\s\S]*fast answer/);

    expect(await server.exited).toBe(0);
    expect(await statusOf(claimed.id)).toBe("processed");
    expect(await statusOf(afterSignal.id)).toBe("queued");
    const history = await pool().query(`SELECT to_status FROM event_status_change WHERE event_id = $1`, [afterSignal.id]);
    expect(history.rows.map((row) => row.to_status)).not.toContain("processing");
  }, 60_000);

  it("cuts what is still unanswered at the grace deadline and exits 1", async () => {
    const server = startServerProcess({ GRACE_MS: "2000" });
    const port = await server.port;
    const exchange = rawExchange(port, "GET /slow?ms=30000 HTTP/1.1\r\nHost: test\r\n\r\n");
    await exchange.sent;
    await new Promise((resolve) => setTimeout(resolve, 300));
    const signalledAt = Date.now();
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(1);
    expect(await exchange.received).toBe(""); // cut, never answered
    expect(Date.now() - signalledAt).toBeLessThan(30_000);
  }, 60_000);
});
