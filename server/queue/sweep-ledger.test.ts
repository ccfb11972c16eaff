import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { checkoutPaymentEvents } from "../../cli/simulate/stripe-events";
import { endpointWithSecret, recordWithoutEnqueue as recordEventOnly } from "../../tests/support/intake";
import { disconnect, prisma } from "../db";

/**
 * A local server speaking Inngest's event API (POST /e/{key} → {ids, status}),
 * so the sweeper's sends are real HTTP requests that we can count.
 */
let inngestApi: Server;
// Loaded after INNGEST_* point at the local server: the Inngest client reads them when it is created.
let sweepLedger: typeof import("./sweep-ledger").sweepLedger;
let freshDb: typeof import("../db");
const received: { id?: string; name: string; data?: Record<string, unknown> }[] = [];
let failNext = 0;

beforeAll(async () => {
  inngestApi = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      if (failNext > 0) {
        failNext -= 1;
        res.writeHead(500).end("down");
        return;
      }
      const events = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { id?: string; name: string; data?: Record<string, unknown> }[];
      received.push(...events);
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ids: events.map((_, i) => `01J${i}`), status: 200 }));
    });
  });
  await new Promise<void>((resolve) => inngestApi.listen(0, "127.0.0.1", resolve));
  process.env.INNGEST_EVENT_KEY = "test-event-key";
  process.env.INNGEST_BASE_URL = `http://127.0.0.1:${(inngestApi.address() as AddressInfo).port}`;
  vi.resetModules();
  ({ sweepLedger } = await import("./sweep-ledger"));
  freshDb = await import("../db");
});

afterAll(async () => {
  inngestApi.close();
  await freshDb.disconnect();
  await disconnect();
});

/** Records an event as intake does in Inngest mode, then "crashes": nothing is sent. */
async function recordWithoutEnqueue() {
  const { name } = await endpointWithSecret();
  const event = checkoutPaymentEvents()[2]!;
  return { event, recorded: await recordEventOnly(event, name) };
}

describe("sweeper", () => {
  it("crash between commit and enqueue: the sweeper enqueues it once", async () => {
    const { event, recorded } = await recordWithoutEnqueue();
    // Several sweepers at once (several instances), then again later: one send in total.
    await Promise.all([sweepLedger({ olderThanSeconds: 0 }), sweepLedger({ olderThanSeconds: 0 }), sweepLedger({ olderThanSeconds: 0 })]);
    await sweepLedger({ olderThanSeconds: 0 });

    expect(received.filter((sent) => sent.id === event.id)).toEqual([expect.objectContaining({ id: event.id, name: "stripe/event.received" })]);
    const row = await prisma().stripeEvent.findUniqueOrThrow({ where: { id: recorded.eventId } });
    expect(row.status).toBe("queued");
    expect(row.enqueuedAt).not.toBeNull();
  });

  it("leaves a recent event to intake's own send and sweeps it once it is old enough", async () => {
    const { event } = await recordWithoutEnqueue();
    await sweepLedger({ olderThanSeconds: 3_600 });
    expect(received.some((sent) => sent.id === event.id)).toBe(false);
    await sweepLedger({ olderThanSeconds: 0 });
    expect(received.filter((sent) => sent.id === event.id)).toHaveLength(1);
  });

  it("when Inngest is down, the event stays received and the next sweep sends it", async () => {
    const { event, recorded } = await recordWithoutEnqueue();
    failNext = 10; // the client retries; make every attempt of this sweep fail
    await sweepLedger({ olderThanSeconds: 0 });
    expect((await prisma().stripeEvent.findUniqueOrThrow({ where: { id: recorded.eventId } })).status).toBe("received");
    failNext = 0;
    await sweepLedger({ olderThanSeconds: 0 });
    expect(received.filter((sent) => sent.id === event.id)).toHaveLength(1);
    expect((await prisma().stripeEvent.findUniqueOrThrow({ where: { id: recorded.eventId } })).status).toBe("queued");
  });
});

describe("intake in Inngest mode", () => {
  it("hands a new event to Inngest after answering, once however often it is delivered, and marks it queued", async () => {
    // The support module as loaded after INNGEST_* were set (see beforeAll).
    const intake = await import("../../tests/support/intake");
    const { name, secret } = await intake.endpointWithSecret();
    const event = checkoutPaymentEvents()[0]!;
    const delivery = intake.signedDelivery(event, name, secret);
    expect((await intake.deliver(delivery)).body).toEqual({ received: true, duplicate: false });
    expect((await intake.deliver(delivery)).body).toEqual({ received: true, duplicate: true });

    await expect.poll(() => received.filter((sent) => sent.id === event.id).length).toBe(1);
    await expect
      .poll(async () => (await freshDb.prisma().stripeEvent.findFirstOrThrow({ where: { stripeEventId: event.id, endpoint: { name } } })).status)
      .toBe("queued");
    expect(received.find((sent) => sent.id === event.id)).toMatchObject({ name: "stripe/event.received", data: { stripeEventId: event.id, type: event.type } });
  });
});

