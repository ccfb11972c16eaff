import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stripeEvent, type StripeEventJson } from "@/cli/simulate/stripe-events";
import { stripeId } from "@/cli/simulate/stripe-ids";
import { booksFixture } from "@/tests/support/books";
import { encryptedRecords } from "@/tests/support/encrypted-records";
import { recordWithoutEnqueue } from "@/tests/support/intake";
import { customerWithHistory } from "@/tests/support/customer-history";
import { useFreshDatabase } from "@/tests/support/fresh-database";
import { cliContext } from "@/tests/support/users";
import { disconnect, pool, prisma } from "../db";
import { rotateEncryptionKey } from "../crypto/rotate-encryption-key";
import { readEventPayload } from "../ledger/read-event-payload";
import { processLedgerEvent } from "../processing/process-ledger-event";
import { replayEvent } from "../processing/replay-event";
import { runRetentionPurge } from "./run-retention-purge";
import { countPurgeable } from "./count-purgeable";
import { createDestination } from "../destinations/create-destination";
import { pauseDestination } from "../destinations/pause-destination";

// A purge works on the whole ledger: this file has a database of its own.
beforeAll(async () => {
  await useFreshDatabase("retention");
}, 60_000);
afterAll(() => disconnect());

const DAY = 86_400_000;

async function backdate(stripeEventIds: string[], days: number): Promise<void> {
  await pool().query(`UPDATE stripe_event SET first_received_at = now() - make_interval(days => $2), last_received_at = now() - make_interval(days => $2) WHERE stripe_event_id = ANY($1::text[])`, [stripeEventIds, days]);
}

async function eventRow(stripeEventId: string) {
  return prisma().stripeEvent.findFirstOrThrow({ where: { stripeEventId } });
}

/** The books, as figures: what a record purge must leave exactly as it was. */
async function books() {
  return {
    transactions: await prisma().transaction.findMany({ orderBy: { reference: "asc" }, include: { links: { orderBy: { objectId: "asc" } } } }),
    subscriptions: await prisma().subscription.findMany({ orderBy: { id: "asc" } }),
    invoices: await prisma().subscriptionInvoice.findMany({ orderBy: { id: "asc" } }),
    effects: await prisma().effect.findMany({ orderBy: { eventId: "asc" } }),
    quarantine: await prisma().quarantineItem.findMany({ orderBy: { eventId: "asc" } }),
  };
}

describe("retention", () => {
  let old: Awaited<ReturnType<typeof customerWithHistory>>;
  let young: Awaited<ReturnType<typeof customerWithHistory>>;
  let quarantined: StripeEventJson;
  let ignored: StripeEventJson;

  beforeAll(async () => {
    const fixture = await booksFixture();
    old = await customerWithHistory(fixture);
    young = await customerWithHistory(fixture);
    // An unregistered payment (quarantined: an operator still has to decide) and a type without a handler (ignored: settled).
    quarantined = stripeEvent("checkout.session.completed", { id: stripeId("cs_test"), object: "checkout.session", amount_total: 500, currency: "usd", payment_status: "paid", status: "complete", metadata: { hookwarden_ref: "order_unknown_retention" }, customer_details: { email: "quinn@example.org" } });
    ignored = stripeEvent("customer.created", { id: stripeId("cus"), object: "customer", email: "ivy@example.org", name: "Ivy Ignored" });
    await fixture.send([quarantined, ignored]);
    await fixture.settle();
    expect(await fixture.statusOf(quarantined.id)).toBe("quarantined");
    expect(await fixture.statusOf(ignored.id)).toBe("ignored");
    await backdate([...old.events.map((event) => event.id), quarantined.id, ignored.id], 40);
  }, 60_000);

  it("replaces the raw payloads of settled events older than 30 days with their masked copy, keeps young and unsettled ones, counts what it removed, and a second run removes nothing more", async () => {
    const before = await countPurgeable();
    expect(before.rawPayloads).toMatchObject({ events: old.events.length + 1, keptUnsettled: 1 });

    const first = await runRetentionPurge({ requestedBy: "cli", batchSize: 3 });
    expect(first.rawPayloads.counts).toEqual({ stripe_event: old.events.length + 1 });
    expect(first.rawPayloads.batches).toBe(Math.ceil((old.events.length + 1) / 3));
    expect(first.records.counts).toEqual({ stripe_event: 0, delivery: 0, event_status_change: 0 });

    for (const event of [...old.events, ignored]) {
      const row = await eventRow(event.id);
      expect(row).toMatchObject({ payloadCiphertext: null, payloadRemovedBy: "retention" });
      const shown = JSON.stringify(await readEventPayload(row.id, { masked: true }));
      await expect(readEventPayload(row.id, { masked: false })).rejects.toMatchObject({ code: "raw_payload_gone" });
      expect(shown).toContain(event.id);
      expect(shown).not.toContain(old.email);
      expect(shown).not.toContain("ivy@example.org");
      expect(JSON.stringify(row.maskedPayload)).toBe(shown);
    }
    const amountKept = (await readEventPayload((await eventRow(old.events[2]!.id)).id, { masked: true })) as { data: { object: { amount_total: number } } };
    expect(amountKept.data.object.amount_total).toBe(3000);
    for (const event of [...young.events, quarantined]) {
      const row = await eventRow(event.id);
      expect(row.payloadCiphertext).not.toBeNull();
      expect(row.maskedPayload).toBeNull();
    }
    expect(JSON.stringify(await readEventPayload((await eventRow(quarantined.id)).id, { masked: false }))).toContain("quinn@example.org");

    const record = await prisma().retentionPurge.findUniqueOrThrow({ where: { id: first.rawPayloads.purgeId } });
    expect(record).toMatchObject({ kind: "raw_payloads", status: "succeeded", requestedBy: "cli", counts: { stripe_event: old.events.length + 1 }, error: null });
    expect(record.batches).toBe(first.rawPayloads.batches);
    expect(record.oldestAt!.getTime()).toBeLessThan(Date.now() - 39 * DAY);
    expect(record.finishedAt).not.toBeNull();

    const second = await runRetentionPurge({ requestedBy: "cli" });
    expect(second.rawPayloads.counts).toEqual({ stripe_event: 0 });
    expect(await prisma().retentionPurge.findUniqueOrThrow({ where: { id: second.rawPayloads.purgeId } })).toMatchObject({ counts: {}, batches: 0, status: "succeeded" });
  });

  it("a key rotation re-encrypts the payloads that are left and passes over the purged ones", async () => {
    const kept = await prisma().stripeEvent.count({ where: { payloadCiphertext: { not: null } } });
    const result = await rotateEncryptionKey({ settleMs: 0 }, cliContext);
    expect(result!.reencrypted).toBeGreaterThanOrEqual(kept);
    const records = (await encryptedRecords()).filter((record) => record.record.startsWith("stripe_event."));
    expect(records.map((record) => [record.version, record.error])).toEqual(Array.from({ length: kept }, () => [result!.version, null]));
    expect(await prisma().stripeEvent.count({ where: { payloadCiphertext: null, payloadRemovedBy: "retention" } })).toBe(old.events.length + 1);
  });

  it("refuses to replay an event whose raw payload was purged, saying why, and changes nothing", async () => {
    const row = await eventRow(ignored.id);
    await expect(replayEvent({ ledgerId: row.id }, { reason: "try again" }, cliContext)).rejects.toThrow(
      new RegExp(`Event ${ignored.id} cannot be replayed: its raw payload was removed by retention on .*only its masked copy is kept`),
    );
    expect(await eventRow(ignored.id)).toMatchObject({ status: "ignored", attempts: row.attempts });
  });

  it("never processes an event from a payload that is gone: it is dead, saying why, and applies nothing", async () => {
    const fixture = await booksFixture();
    const event = stripeEvent("payment_intent.succeeded", { id: stripeId("pi"), object: "payment_intent", amount: 700, currency: "usd", status: "succeeded", metadata: {} });
    const { eventId } = await recordWithoutEnqueue(event, fixture.endpoint.name);
    await pool().query(`UPDATE stripe_event SET payload_ciphertext = NULL, masked_payload = '{}'::jsonb, payload_removed_at = now(), payload_removed_by = 'erasure' WHERE id = $1::uuid`, [eventId]);
    const outcome = await processLedgerEvent(eventId);
    expect(outcome).toMatchObject({ outcome: "dead", error: expect.stringContaining("its raw payload was removed") });
    expect(await prisma().effect.count({ where: { eventId } })).toBe(0);
  });

  it("deletes settled records older than 365 days with their deliveries and history, keeps the books and unsettled events, and counts what it removed", async () => {
    await backdate([...old.events.map((event) => event.id), quarantined.id, ignored.id], 400);
    const booksBefore = await books();
    const ids = (await prisma().stripeEvent.findMany({ where: { stripeEventId: { in: [...old.events.map((event) => event.id), ignored.id] } }, select: { id: true } })).map((row) => row.id);
    const deliveries = await prisma().delivery.findMany({ where: { eventId: { in: ids } }, orderBy: { id: "asc" } });
    const history = await prisma().eventStatusChange.count({ where: { eventId: { in: ids } } });
    expect(deliveries.length).toBe(ids.length);
    expect(history).toBeGreaterThan(ids.length);

    const { records } = await runRetentionPurge({ requestedBy: "cli", batchSize: 4 });
    expect(records.counts).toEqual({ stripe_event: ids.length, delivery: deliveries.length, event_status_change: history });
    expect(await prisma().stripeEvent.count({ where: { id: { in: ids } } })).toBe(0);
    expect(await prisma().delivery.count({ where: { eventId: { in: ids } } })).toBe(0);
    expect(await prisma().eventStatusChange.count({ where: { eventId: { in: ids } } })).toBe(0);
    expect(await books()).toEqual(booksBefore);
    expect(booksBefore.transactions.find((transaction) => transaction.reference === old.reference)).toMatchObject({ status: "paid", amount: 3000 });
    expect(await prisma().stripeEvent.count({ where: { stripeEventId: { in: [quarantined.id, ...young.events.map((event) => event.id)] } } })).toBe(young.events.length + 1);

    const record = await prisma().retentionPurge.findUniqueOrThrow({ where: { id: records.purgeId } });
    expect(record).toMatchObject({
      kind: "records",
      status: "succeeded",
      counts: { stripe_event: ids.length, delivery: deliveries.length, event_status_change: history },
      deliveryIds: { min: String(deliveries[0]!.id), max: String(deliveries.at(-1)!.id) },
    });
    expect((await countPurgeable()).records).toMatchObject({ events: 0, deliveries: 0, keptUnsettled: 1 });
    const again = await runRetentionPurge({ requestedBy: "cli" });
    expect(again.records.counts).toEqual({ stripe_event: 0, delivery: 0, event_status_change: 0 });
  });

  it("keeps the raw payload of an event a destination still has to receive (a paused destination's backlog), and removes it once delivered", async () => {
    const fixture = await booksFixture();
    const destination = await createDestination({ endpoint: fixture.endpoint.name, name: "retention-app", url: "https://app.example.com/hooks", eventTypes: ["*"] }, cliContext);
    await pauseDestination({ destination: destination.id, reason: "app down for the migration" }, cliContext);
    const waiting = await customerWithHistory(fixture);
    await backdate(waiting.events.map((event) => event.id), 40);
    const forwarded = (await prisma().destinationDelivery.findMany({ where: { destinationId: destination.id }, include: { event: true } })).map((delivery) => delivery.event.stripeEventId);
    expect(forwarded.length).toBeGreaterThan(3);
    await runRetentionPurge({ requestedBy: "cli" });
    for (const event of waiting.events) expect((await eventRow(event.id)).payloadCiphertext === null, event.id).toBe(!forwarded.includes(event.id));
    await pool().query(`UPDATE destination_delivery SET status = 'delivered', delivered_at = now() WHERE destination_id = $1::uuid`, [destination.id]);
    await runRetentionPurge({ requestedBy: "cli" });
    for (const event of waiting.events) expect((await eventRow(event.id)).payloadCiphertext, event.id).toBeNull();
  }, 60_000);
});
