import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDestination } from "@/server/destinations/create-destination";
import { rotateDestinationSecret } from "@/server/destinations/rotate-destination-secret";
import { checkoutPaymentEvents, checkoutSession, newPaymentFlow, stripeEvent } from "@/cli/simulate/stripe-events";
import { booksFixture } from "@/tests/support/books";
import { encryptedRecords, plaintexts, versionsOf, type EncryptedRecord } from "@/tests/support/encrypted-records";
import { useFreshDatabase } from "@/tests/support/fresh-database";
import { endpointWithSecret } from "@/tests/support/intake";
import { cliContext } from "@/tests/support/users";
import { startRotationWorker } from "@/tests/support/workers";
import { createAlertChannel } from "../alert-channels/create-alert-channel";
import { disconnect, pool, prisma } from "../db";
import { setEndpointStripeKey } from "../endpoints/set-endpoint-stripe-key";
import { encryptionKeyStatus } from "./encryption-key-status";
import { loadKeyring, unloadKeyring } from "./load-keyring";
import type { ReencryptProgress } from "./reencrypt-column";
import { rotateEncryptionKey } from "./rotate-encryption-key";

// A rotation rewrites whole tables, so this file has a database of its own. This process plays
// a running server: its keyring refreshes in the background every 200 ms, and the rotations
// below wait 1 s (more than that interval) where production waits KEY_SETTLE_MS.
const REFRESH_MS = 200;
const SETTLE_MS = 1_000;

type Books = Awaited<ReturnType<typeof booksFixture>>;
let books: Books;

beforeAll(async () => {
  await useFreshDatabase("key_rotation");
  await loadKeyring({ refreshMs: REFRESH_MS });
  books = await booksFixture();
}, 60_000);

afterAll(async () => {
  unloadKeyring();
  await disconnect();
});

/** More of everything that is encrypted: events through intake, signing secrets, endpoints' Stripe keys, alert channels' destinations and signing secrets. */
async function addEncryptedRecords(payments: number): Promise<void> {
  for (let i = 0; i < 2; i++) {
    const other = await endpointWithSecret({ secrets: 2 });
    await setEndpointStripeKey({ name: other.name, apiKey: `rk_test_${randomBytes(10).toString("hex")}` }, cliContext);
    await createAlertChannel({ kind: "webhook", name: `rotation-${randomBytes(4).toString("hex")}`, url: `https://alerts.example.com/${randomBytes(8).toString("hex")}` }, cliContext);
    const destination = await createDestination({ endpoint: other.name, name: "rotation-app", url: "https://app.example.com/hooks", eventTypes: ["*"] }, cliContext);
    await rotateDestinationSecret({ destination: destination.id }, cliContext); // the previous secret is encrypted too
  }
  await books.send(Array.from({ length: payments }, () => checkoutPaymentEvents(newPaymentFlow())).flat());
  await books.settle();
}

/** A registered payment paid through the real intake and processed: proves both work with the keys in play right now. */
async function payThroughIntake(): Promise<void> {
  const flow = newPaymentFlow();
  await books.register({ reference: flow.reference, amount: flow.amount, currency: flow.currency, customer: flow.customer });
  const event = stripeEvent("checkout.session.completed", checkoutSession(flow));
  await books.send([event]);
  await books.settle();
  expect(await books.statusOf(event.id)).toBe("processed");
  expect((await prisma().transaction.findUniqueOrThrow({ where: { reference: flow.reference } })).status).toBe("paid");
}

const unreadable = (records: EncryptedRecord[]) => records.filter((record) => record.error !== null);
const stillHolding = (records: EncryptedRecord[], before: Map<string, string | null>) => new Map(records.filter((record) => before.has(record.record)).map((record) => [record.record, record.plaintext]));

describe("hookwarden keys rotate", () => {
  it("re-encrypts every encrypted column: every record decrypts to what it held and names the new key; intake and processing work throughout", async () => {
    await addEncryptedRecords(10);
    const rotatedKey = (await prisma().endpoint.findFirstOrThrow({ where: { stripeApiKeyCiphertext: { not: null } } })).name;
    const before = await plaintexts();
    expect(versionsOf(await encryptedRecords())).toEqual({ 1: before.size });

    const during: string[] = [];
    const result = await rotateEncryptionKey(
      {
        batchSize: 7,
        settleMs: SETTLE_MS,
        report: async (event) => {
          if (event.kind === "waiting") {
            await payThroughIntake();
            during.push(`waiting until ${event.until}`);
          }
          if (event.kind === "progress" && event.column === "stripe_event.payload_ciphertext" && event.done === 7) {
            await payThroughIntake();
            // A writer during the rotation: its new value must survive, not be overwritten with a re-encrypted old one.
            await setEndpointStripeKey({ name: rotatedKey, apiKey: "rk_test_written_during_rotation" }, cliContext);
            during.push("re-encrypting");
          }
        },
      },
      cliContext,
    );

    // (The wait until the key is used everywhere comes only if the re-encryption took less than SETTLE_MS.)
    expect(during.slice(0, 2)).toEqual(["waiting until readable everywhere", "re-encrypting"]);
    expect(result).toMatchObject({ version: 2, resumed: false, retired: [1] });
    const after = await encryptedRecords();
    expect(unreadable(after)).toEqual([]);
    expect(versionsOf(after)).toEqual({ 2: after.length });
    const endpointKey = `endpoint.stripe_api_key_ciphertext:${(await prisma().endpoint.findUniqueOrThrow({ where: { name: rotatedKey } })).id}`;
    expect(stillHolding(after, before)).toEqual(new Map([...before, [endpointKey, "rk_test_written_during_rotation"]]));
    await payThroughIntake();

    const status = await encryptionKeyStatus();
    expect(status.keys.map((key) => [key.version, key.status])).toEqual([[1, "retired"], [2, "current"]]);
    expect(status.unfinished).toBeNull();
    for (const column of status.columns) expect(Object.keys(column.byVersion), column.column).toEqual(["2"]);
    expect(await prisma().auditEntry.findMany({ where: { action: "keys.rotate" }, orderBy: { id: "asc" }, select: { subject: true, before: true, after: true, actorKind: true } })).toEqual([
      { subject: "encryption_key:2", before: null, after: { status: "pending" }, actorKind: "cli" },
      { subject: "encryption_key:2", before: { status: "pending" }, after: { status: "current" }, actorKind: "cli" },
      { subject: "encryption_key:2", before: { status: "current" }, after: { status: "current" }, actorKind: "cli" },
    ]);
  }, 60_000);

  it("Key rotation interrupted halfway and resumed: every record still decrypts", async () => {
    await addEncryptedRecords(25);
    const before = await plaintexts();
    const total = before.size;

    // The rotation runs in another process, killed with SIGKILL after a few batches of the ledger.
    const worker = startRotationWorker({ BATCH_SIZE: "10", SETTLE_MS: String(SETTLE_MS), PAUSE_MS: "300" });
    await worker.waitFor((event) => event.kind === "started" && event.version === 3);
    await payThroughIntake(); // while version 3 is pending in the other process
    await worker.waitFor((event) => event.kind === "progress" && event.column === "stripe_event.payload_ciphertext" && Number(event.done) >= 30);
    worker.child.kill("SIGKILL");
    await worker.exited;

    // Halfway: two versions side by side, and this process, which only refreshed in the background, reads them all.
    const halfway = await encryptedRecords();
    expect(unreadable(halfway)).toEqual([]);
    expect(stillHolding(halfway, before)).toEqual(before);
    const versions = versionsOf(halfway);
    expect(versions[2]).toBeGreaterThan(0);
    expect(versions[3]).toBeGreaterThanOrEqual(30);
    expect((await encryptionKeyStatus()).unfinished).toEqual({ version: 3, step: "draining" });
    await payThroughIntake(); // intake and processing work in the mixed state
    const left = (await encryptedRecords()).filter((record) => record.version !== 3).length;

    const resumed = await rotateEncryptionKey({ resumeOnly: true, batchSize: 10, settleMs: SETTLE_MS }, cliContext);
    expect(resumed).toMatchObject({ version: 3, resumed: true, retired: [2] });
    expect(resumed!.reencrypted).toBe(left); // only what was left, none twice
    expect(left).toBeLessThan(total);
    const after = await encryptedRecords();
    expect(unreadable(after)).toEqual([]);
    expect(versionsOf(after)).toEqual({ 3: after.length });
    // Re-encrypting a record twice would have sealed a ciphertext: it would now decrypt to that ciphertext, not to what it held.
    expect(stillHolding(after, before)).toEqual(before);
    expect(await prisma().encryptionKey.count()).toBe(3); // resuming added no key
    expect((await encryptionKeyStatus()).keys.map((key) => key.status)).toEqual(["retired", "retired", "current"]);
    await payThroughIntake();
  }, 90_000);

  it("a crash while the new key is pending is finished by running keys rotate again, which adds no other key; one rotation at a time", async () => {
    const before = await plaintexts();
    const worker = startRotationWorker({ SETTLE_MS: "30000" });
    await worker.waitFor((event) => event.kind === "waiting" && event.until === "readable everywhere");
    await expect(rotateEncryptionKey({ settleMs: SETTLE_MS }, cliContext)).rejects.toThrow(/Another key rotation is running/);
    worker.child.kill("SIGKILL");
    await worker.exited;

    expect((await encryptionKeyStatus()).unfinished).toEqual({ version: 4, step: "pending" });
    const pending = await encryptedRecords();
    expect(unreadable(pending)).toEqual([]);
    expect(versionsOf(pending)).toEqual({ 3: pending.length });

    const finished = await rotateEncryptionKey({ settleMs: SETTLE_MS }, cliContext);
    expect(finished).toMatchObject({ version: 4, resumed: true, retired: [3] });
    expect(await prisma().encryptionKey.count()).toBe(4);
    const after = await encryptedRecords();
    expect(versionsOf(after)).toEqual({ 4: after.length });
    expect(stillHolding(after, before)).toEqual(before);
    expect(await rotateEncryptionKey({ resumeOnly: true }, cliContext)).toBeNull();
  }, 90_000);

  it("never waits for a record another transaction holds: a later pass re-encrypts it", async () => {
    const holder = await pool().connect();
    try {
      await holder.query("BEGIN");
      const held = (await holder.query<{ id: string }>(`SELECT id FROM stripe_event ORDER BY id LIMIT 1 FOR UPDATE`)).rows[0]!.id;
      const ledgerPasses: ReencryptProgress[] = [];
      const result = await rotateEncryptionKey(
        {
          batchSize: 50,
          settleMs: SETTLE_MS,
          report: async (event) => {
            if (event.kind === "progress" && event.column === "stripe_event.payload_ciphertext" && event.finished) ledgerPasses.push(event);
            // The first pass is over the ledger: let go of the row.
            if (event.kind === "progress" && event.column === "signing_secret.ciphertext" && event.pass === 1 && event.finished) await holder.query("COMMIT");
          },
        },
        cliContext,
      );
      expect(result).toMatchObject({ version: 5, retired: [4] });
      expect(ledgerPasses.map((pass) => [pass.done, pass.total])).toEqual([
        [ledgerPasses[0]!.total - 1, ledgerPasses[0]!.total],
        [1, 1],
      ]);
      const after = await encryptedRecords();
      expect(after.find((record) => record.record === `stripe_event.payload_ciphertext:${held}`)).toMatchObject({ version: 5, error: null });
      expect(versionsOf(after)).toEqual({ 5: after.length });
    } finally {
      await holder.query("ROLLBACK").catch(() => undefined);
      holder.release();
    }
  }, 60_000);
});
