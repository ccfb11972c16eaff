import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkoutSession, newPaymentFlow, stripeEvent, subscriptionLifecycleEvents, type StripeEventJson } from "@/cli/simulate/stripe-events";
import { stripeId } from "@/cli/simulate/stripe-ids";
import { disconnect, pool, prisma } from "@/server/db";
import { reloadEnv } from "@/server/env";
import { releaseQuarantinedEvent } from "@/server/quarantine/decide-quarantine";
import { booksFixture } from "@/tests/support/books";
import { destinationReceiver } from "@/tests/support/destination-receiver";
import { useFreshDatabase } from "@/tests/support/fresh-database";
import { cliContext } from "@/tests/support/users";
import { createDestination } from "./create-destination";
import { isInternalAddress } from "./destination-address";
import { dispatchDestinations } from "./dispatch-destinations";
import { getDestination } from "./list-destinations";
import { pauseDestination, resumeDestination } from "./pause-destination";
import { retryDestinationDeliveries } from "./retry-destination-deliveries";
import { rotateDestinationSecret } from "./rotate-destination-secret";
import { updateDestination } from "./update-destination";

// Dispatch sends whatever is due in the whole database, and these tests move its clock: a database of their own.
beforeAll(async () => {
  process.env.HOOKWARDEN_DESTINATION_TIMEOUT_SECONDS = "1";
  reloadEnv();
  await useFreshDatabase("destinations");
}, 60_000);
afterAll(async () => {
  delete process.env.HOOKWARDEN_DESTINATION_TIMEOUT_SECONDS;
  reloadEnv();
  await disconnect();
});

let counter = 0;
const uniqueName = (prefix: string) => `${prefix}-${++counter}`;

/** The clock `minutes` from now: what the dispatcher sees when a test skips ahead. */
const later = (minutes: number) => () => new Date(Date.now() + minutes * 60_000);

async function deliveriesOf(destinationId: string) {
  return prisma().destinationDelivery.findMany({ where: { destinationId }, orderBy: { id: "asc" }, include: { event: { select: { stripeEventId: true, type: true } } } });
}

describe("forwarding processed events to destinations (Standard Webhooks)", () => {
  it("delivers each processed event of a matching type once, signed, with Stripe's event as data and its id as webhook-id; other types are not sent", async () => {
    const books = await booksFixture();
    const receiver = await destinationReceiver();
    const destination = await createDestination({ endpoint: books.endpoint.name, name: uniqueName("app"), url: receiver.url, eventTypes: "customer.subscription.*, invoice.paid", allowInternal: true }, cliContext);
    expect(destination.signingSecret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const events = subscriptionLifecycleEvents();
    const flow = newPaymentFlow();
    await books.register({ reference: flow.reference, amount: flow.amount, currency: flow.currency });
    const session = stripeEvent("checkout.session.completed", checkoutSession(flow));
    await books.send([...events, session]);
    await books.settle();
    expect(await books.statusOf(session.id)).toBe("processed");

    // Two dispatchers at once (two instances): each delivery is claimed by one.
    await Promise.all([dispatchDestinations(), dispatchDestinations()]);
    await dispatchDestinations();

    expect(receiver.messages.map((message) => message.id).sort()).toEqual(events.map((event) => event.id).sort());
    const webhook = new Webhook(destination.signingSecret);
    for (const message of receiver.messages) {
      const verified = webhook.verify(message.body, { "webhook-id": message.id, "webhook-timestamp": message.timestamp, "webhook-signature": message.signature }) as { type: string; data: StripeEventJson };
      const sent = events.find((event) => event.id === message.id)!;
      expect(verified.type).toBe(sent.type);
      expect(verified.data).toEqual(JSON.parse(JSON.stringify(sent)));
      expect(message.headers["content-type"]).toBe("application/json");
    }
    // A forged message does not verify with the secret.
    expect(() => webhook.verify(receiver.messages[0]!.body.replace("subscription", "subscriptiom"), { "webhook-id": receiver.messages[0]!.id, "webhook-timestamp": receiver.messages[0]!.timestamp, "webhook-signature": receiver.messages[0]!.signature })).toThrow();
    const rows = await deliveriesOf(destination.id);
    expect(rows.map((row) => row.status)).toEqual(events.map(() => "delivered"));
    expect(rows.every((row) => row.attempts === 1)).toBe(true);
    expect(await prisma().destinationAttempt.count({ where: { destinationId: destination.id, outcome: "delivered" } })).toBe(events.length);
    await receiver.close();
  }, 60_000);

  it("retries a destination that times out, answers 500, then recovers: each event delivered once, one customer's events in order", async () => {
    const books = await booksFixture();
    const receiver = await destinationReceiver({ behaviour: ["hang", 500] });
    const destination = await createDestination({ endpoint: books.endpoint.name, name: uniqueName("flaky"), url: receiver.url, eventTypes: ["*"], allowInternal: true }, cliContext);
    const customer = stripeId("cus");
    const events = subscriptionLifecycleEvents(customer);
    await books.send(events);
    await books.settle();

    await dispatchDestinations(); // the first event: no answer within 1 s
    let rows = await deliveriesOf(destination.id);
    expect(rows[0]).toMatchObject({ status: "pending", attempts: 1, lastError: "no answer within 1 s" });
    expect(rows.slice(1).every((row) => row.attempts === 0)).toBe(true); // the later ones wait behind it
    await dispatchDestinations(); // nothing is due yet: the first backs off, the others wait
    expect(receiver.messages).toHaveLength(1);

    await dispatchDestinations({ now: later(1) }); // 500, then backs off again
    rows = await deliveriesOf(destination.id);
    expect(rows[0]).toMatchObject({ status: "pending", attempts: 2, lastStatusCode: 500 });
    await dispatchDestinations({ now: later(5) }); // recovered: the first, then the rest in order
    rows = await deliveriesOf(destination.id);
    expect(rows.map((row) => row.status)).toEqual(events.map(() => "delivered"));
    expect(receiver.accepted().map((message) => message.id)).toEqual(events.map((event) => event.id));
    const view = await getDestination(destination.id);
    const first = view.deliveries.find((delivery) => delivery.stripeEventId === events[0]!.id)!;
    expect(first.recentAttempts.map((attempt) => attempt.outcome)).toEqual(["delivered", "failed", "timeout"]);
    expect(first.recentAttempts[1]).toMatchObject({ statusCode: 500, responseExcerpt: "failure 500: contact ••••" });
    await receiver.close();
  }, 60_000);

  it("a delivery still failing when its retry window ends is dead with a critical alert; a bulk retry sends it again with the same webhook-id and resolves the alert", async () => {
    const books = await booksFixture();
    const receiver = await destinationReceiver({ then: 503 });
    const destination = await createDestination({ endpoint: books.endpoint.name, name: uniqueName("down"), url: receiver.url, eventTypes: ["invoice.paid"], allowInternal: true }, cliContext);
    const events = subscriptionLifecycleEvents();
    await books.send(events);
    await books.settle();
    await dispatchDestinations();
    await dispatchDestinations({ now: later(72 * 60 + 1) }); // past the 72-hour window
    let [row] = await deliveriesOf(destination.id);
    expect(row).toMatchObject({ status: "dead", attempts: 2 });
    expect(row!.lastError).toMatch(/^gave up after 2 attempts \(the retry window ended\): answered 503/);
    const alert = await prisma().alert.findFirstOrThrow({ where: { kind: "destination_dead", subject: `destination:${books.endpoint.name}/${destination.name}`, resolvedAt: null } });
    expect(alert.severity).toBe("critical");
    // Failing for three days also paused it: a retry alone sends nothing until it is resumed.
    expect(await prisma().destination.findUniqueOrThrow({ where: { id: destination.id } })).toMatchObject({ state: "paused" });

    const refused = await retryDestinationDeliveries({ destination: destination.id }, cliContext).catch((error: Error) => error);
    expect(refused).toMatchObject({ code: "invalid_request" }); // a reason is required
    receiver.behaveNext([200]);
    expect(await retryDestinationDeliveries({ destination: `${books.endpoint.name}/${destination.name}`, reason: "app fixed", from: new Date(Date.now() - 3_600_000) }, cliContext)).toEqual({ retried: 1 });
    await dispatchDestinations();
    expect(receiver.messages).toHaveLength(2);
    await resumeDestination({ destination: destination.id }, cliContext);
    await dispatchDestinations();
    [row] = await deliveriesOf(destination.id);
    expect(row).toMatchObject({ status: "delivered", attempts: 3 });
    expect(new Set(receiver.messages.map((message) => message.id))).toEqual(new Set([events[1]!.id]));
    expect(await prisma().alert.findUniqueOrThrow({ where: { id: alert.id } })).toMatchObject({ resolvedAt: expect.any(Date) });
    expect(await prisma().auditEntry.count({ where: { action: "destinations.retry", subject: `destination:${books.endpoint.name}/${destination.name}` } })).toBe(1);
    await receiver.close();
  }, 60_000);

  it("pauses a destination that has failed for the pause period, keeps its backlog, and sends it in order after a resume", async () => {
    const books = await booksFixture();
    const receiver = await destinationReceiver({ then: 500 });
    const destination = await createDestination({ endpoint: books.endpoint.name, name: uniqueName("paused"), url: receiver.url, eventTypes: ["*"], allowInternal: true }, cliContext);
    const events = subscriptionLifecycleEvents();
    await books.send(events);
    await books.settle();
    await dispatchDestinations();
    await dispatchDestinations({ now: later(61) }); // every attempt failed for an hour
    const paused = await prisma().destination.findUniqueOrThrow({ where: { id: destination.id } });
    expect(paused.state).toBe("paused");
    expect(paused.pausedReason).toMatch(/^paused automatically: every attempt failed for 60 minutes/);
    expect(await prisma().alert.count({ where: { kind: "destination_paused", resolvedAt: null, subject: `destination:${books.endpoint.name}/${destination.name}` } })).toBe(1);
    expect(await prisma().auditEntry.count({ where: { action: "destinations.auto_pause", subject: `destination:${books.endpoint.name}/${destination.name}` } })).toBe(1);

    const sent = receiver.messages.length;
    await dispatchDestinations({ now: later(24 * 60) }); // paused: nothing is sent, nothing dies
    expect(receiver.messages).toHaveLength(sent);
    await dispatchDestinations({ now: later(80 * 60) });
    expect((await deliveriesOf(destination.id)).every((row) => row.status === "pending")).toBe(true);

    receiver.behaveNext([200, 200, 200, 200, 200]);
    const resumed = await resumeDestination({ destination: destination.id }, cliContext);
    expect(resumed).toMatchObject({ state: "active", backlog: events.length });
    await dispatchDestinations();
    expect((await deliveriesOf(destination.id)).map((row) => row.status)).toEqual(events.map(() => "delivered"));
    expect(receiver.accepted().map((message) => message.id)).toEqual(events.map((event) => event.id));
    expect(await prisma().alert.count({ where: { kind: "destination_paused", resolvedAt: null, subject: `destination:${books.endpoint.name}/${destination.name}` } })).toBe(0);

    await pauseDestination({ destination: destination.id, reason: "maintenance window" }, cliContext);
    await expect(pauseDestination({ destination: destination.id, reason: "again" }, cliContext)).rejects.toMatchObject({ code: "conflict" });
    await receiver.close();
  }, 60_000);

  it("forwards an event released from quarantine only to destinations that ask for released events", async () => {
    const books = await booksFixture();
    const receiver = await destinationReceiver();
    const strict = await createDestination({ endpoint: books.endpoint.name, name: uniqueName("strict"), url: receiver.url, eventTypes: ["checkout.session.completed"], allowInternal: true }, cliContext);
    const lenient = await createDestination({ endpoint: books.endpoint.name, name: uniqueName("lenient"), url: `${receiver.url}?lenient=1`, eventTypes: ["checkout.*"], forwardReleased: true, allowInternal: true }, cliContext);
    const flow = newPaymentFlow();
    await books.register({ reference: flow.reference, amount: flow.amount + 100, currency: flow.currency });
    const session = stripeEvent("checkout.session.completed", checkoutSession(flow));
    await books.send([session]);
    await books.settle();
    expect(await books.statusOf(session.id)).toBe("quarantined");
    await releaseQuarantinedEvent({ ledgerId: await books.ledgerIdOf(session.id) }, { reason: "amount confirmed by phone" }, cliContext);
    expect(await books.statusOf(session.id)).toBe("processed");
    await dispatchDestinations();
    expect(await deliveriesOf(strict.id)).toHaveLength(0);
    expect((await deliveriesOf(lenient.id)).map((row) => row.status)).toEqual(["delivered"]);
    await receiver.close();
  }, 60_000);

  it("during a secret rotation each message carries a signature by the new and by the previous secret", async () => {
    const books = await booksFixture();
    const receiver = await destinationReceiver();
    const created = await createDestination({ endpoint: books.endpoint.name, name: uniqueName("rotating"), url: receiver.url, eventTypes: ["*"], allowInternal: true }, cliContext);
    const rotated = await rotateDestinationSecret({ destination: created.id }, cliContext);
    expect(rotated.signingSecret).not.toBe(created.signingSecret);
    expect(rotated.previousSecret).toMatchObject({ fingerprint: created.secretFingerprint });
    const events = subscriptionLifecycleEvents().slice(0, 1);
    await books.send(events);
    await books.settle();
    await dispatchDestinations();
    const [message] = receiver.messages;
    expect(message!.signature.split(" ")).toHaveLength(2);
    const headers = { "webhook-id": message!.id, "webhook-timestamp": message!.timestamp, "webhook-signature": message!.signature };
    expect(() => new Webhook(created.signingSecret).verify(message!.body, headers)).not.toThrow();
    expect(() => new Webhook(rotated.signingSecret).verify(message!.body, headers)).not.toThrow();
    const audit = await prisma().auditEntry.findFirstOrThrow({ where: { action: "destinations.rotate_secret" }, orderBy: { id: "desc" } });
    expect(JSON.stringify([audit.before, audit.after, audit.detail])).not.toContain(rotated.signingSecret.slice(6, 20));
    expect(audit.after).toMatchObject({ secretFingerprint: rotated.secretFingerprint });
    await receiver.close();
  }, 60_000);
});

describe("destinations cannot reach internal addresses unless an admin allows it (no SSRF)", () => {
  it.each([
    ["127.0.0.1", true],
    ["10.1.2.3", true],
    ["172.16.0.1", true],
    ["192.168.1.10", true],
    ["169.254.169.254", true],
    ["100.64.0.1", true],
    ["0.0.0.0", true],
    ["::1", true],
    ["fe80::1", true],
    ["fd00:ec2::254", true],
    ["::ffff:127.0.0.1", true],
    ["::ffff:10.0.0.1", true],
    ["224.0.0.1", true],
    ["93.184.216.34", false],
    ["2606:2800:220:1:248:1893:25c8:1946", false],
    ["not-an-address", true],
  ])("%s is internal: %s", (address, internal) => {
    expect(isInternalAddress(address)).toBe(internal);
  });

  it("refuses internal and plain-http URLs without the permission, saying why, and stores nothing", async () => {
    const books = await booksFixture();
    const before = await prisma().destination.count();
    for (const url of ["http://127.0.0.1:8080/hooks", "https://169.254.169.254/latest/meta-data", "https://localhost/hooks", "https://[::1]/hooks", "https://10.0.0.5/hooks", "https://metadata.google.internal/x", "http://app.example.com/hooks", "https://user:pw@app.example.com/hooks", "ftp://app.example.com"]) {
      await expect(createDestination({ endpoint: books.endpoint.name, name: uniqueName("ssrf"), url, eventTypes: ["*"] }, cliContext), url).rejects.toMatchObject({ code: "invalid_request" });
    }
    await expect(createDestination({ endpoint: books.endpoint.name, name: uniqueName("bad"), url: "https://app.example.com/hooks", eventTypes: ["invoice.paid", "in*voice"] }, cliContext)).rejects.toMatchObject({
      code: "invalid_request",
      message: expect.stringContaining('"in*voice" is not an event type pattern'),
    });
    await expect(createDestination({ endpoint: "no-such-endpoint", name: uniqueName("bad"), url: "https://app.example.com/hooks", eventTypes: ["*"] }, cliContext)).rejects.toMatchObject({ code: "endpoint_not_found" });
    expect(await prisma().destination.count()).toBe(before);
  });

  it("once the permission is withdrawn, an attempt to an internal address is refused without a request and retried later", async () => {
    const books = await booksFixture();
    const receiver = await destinationReceiver();
    const destination = await createDestination({ endpoint: books.endpoint.name, name: uniqueName("internal"), url: receiver.url, eventTypes: ["*"], allowInternal: true }, cliContext);
    await expect(updateDestination({ destination: destination.id, allowInternal: false }, cliContext)).rejects.toMatchObject({ code: "invalid_request" });
    // The row changed behind the API's back (an old row, a DNS change): the send-time check still holds.
    await pool().query(`UPDATE destination SET allow_internal = false WHERE id = $1`, [destination.id]);
    await books.send(subscriptionLifecycleEvents().slice(0, 1));
    await books.settle();
    await dispatchDestinations();
    const [row] = await deliveriesOf(destination.id);
    expect(row).toMatchObject({ status: "pending", attempts: 1 });
    expect(row!.lastError).toMatch(/127\.0\.0\.1 resolves to an internal address|127\.0\.0\.1 .*internal/);
    expect(receiver.messages).toHaveLength(0);
    expect(await prisma().destinationAttempt.findFirstOrThrow({ where: { deliveryId: row!.id } })).toMatchObject({ outcome: "refused" });
    await receiver.close();
  }, 60_000);
});
