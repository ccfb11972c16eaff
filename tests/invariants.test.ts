/**
 * Hookwarden's invariants (ARCHITECTURE.md), one test each, in one place.
 * Read this file first. Later capabilities add to what must always hold here.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { changeUserRoleAction, createUserAction, deactivateUserAction } from "@/app/(console)/users/actions";
import { viewRawPayloadAction } from "@/app/(console)/events/[id]/actions";
import { checkoutPaymentEvents, checkoutSession, newPaymentFlow, paymentIntent, stripeEvent } from "@/cli/simulate/stripe-events";
import { stripeSignatureHeader } from "@/cli/simulate/sign";
import { createAlertChannel } from "@/server/alert-channels/create-alert-channel";
import { createApiKey } from "@/server/auth/create-api-key";
import { columnName, ENCRYPTED_COLUMNS } from "@/server/crypto/encrypted-columns";
import { loadKeyring } from "@/server/crypto/load-keyring";
import { rotateEncryptionKey } from "@/server/crypto/rotate-encryption-key";
import { disconnect, pool, prisma } from "@/server/db";
import { forgetEndpointSecrets } from "@/server/endpoints/endpoint-secrets";
import { setLogSink } from "@/server/log";
import { customerEntitlements } from "@/server/subscriptions/customer-entitlements";
import { setEndpointStripeKey } from "@/server/endpoints/set-endpoint-stripe-key";
import { startReconciliation } from "@/server/reconcile/start-reconciliation";
import { eraseCustomerData } from "@/server/customers/erase-customer-data";
import { runRetentionPurge } from "@/server/retention/run-retention-purge";
import type { FakeStripe } from "@/server/stripe-fake/fake-stripe";
import { useFakeStripe } from "./support/fake-stripe";
import { apiGet, apiPost } from "./support/api";
import { booksFixture } from "./support/books";
import { customerWithHistory } from "./support/customer-history";
import { encryptedRecords } from "./support/encrypted-records";
import { inFreshDatabase } from "./support/fresh-database";
import { startWorker } from "./support/workers";
import { actAs, sessionFor } from "./support/console";
import { deliver, endpointWithSecret, newSecret, signedDelivery } from "./support/intake";
import { cliContext } from "./support/users";
import { fingerprint } from "@/server/crypto/cipher";
import { retireSigningSecret } from "@/server/rotation/retire-signing-secret";
import { rollSigningSecret } from "@/server/rotation/roll-signing-secret";
import { rollbackRotation } from "@/server/rotation/rollback-rotation";
import { changeBreaker } from "@/server/gatekeeper/breaker/change-breaker";
import { openBreaker } from "@/server/gatekeeper/breaker/open-breaker";
import { releaseHeldEvents } from "@/server/gatekeeper/breaker/release-held-events";
import { STRIPE_WEBHOOK_ADDRESSES } from "@/server/gatekeeper/sources/stripe-webhook-addresses";
import { subscriptionLifecycleEvents } from "@/cli/simulate/stripe-events";
import { createDestination } from "@/server/destinations/create-destination";
import { rotateDestinationSecret } from "@/server/destinations/rotate-destination-secret";
import { dispatchDestinations } from "@/server/destinations/dispatch-destinations";
import { destinationReceiver } from "./support/destination-receiver";

// Console actions read their session here; invariant 5 chooses who is asking.
vi.mock("@/server/auth/request-context", () => ({ requestContext: vi.fn(), renewSessionCookie: vi.fn() }));

let stripe: FakeStripe;
beforeAll(async () => {
  stripe = await useFakeStripe();
});
afterAll(() => disconnect());

describe("Hookwarden invariants", () => {
  it("1. An event answered with 2xx is in the database: nothing acknowledged is ever lost", async () => {
    const { name, secret } = await endpointWithSecret();
    const events = Array.from({ length: 5 }, () => checkoutPaymentEvents(newPaymentFlow())).flat();
    const answers = await Promise.all(events.map(async (event) => ({ event, answer: await deliver(signedDelivery(event, name, secret)) })));
    const acknowledged = answers.filter(({ answer }) => answer.status === 200).map(({ event }) => event.id);
    expect(acknowledged).toHaveLength(events.length);
    const stored = await prisma().stripeEvent.findMany({ where: { stripeEventId: { in: acknowledged }, endpoint: { name } } });
    expect(stored.map((row) => row.stripeEventId).sort()).toEqual([...acknowledged].sort());
    // (The outage half of this invariant: server/intake/ledger-outage.test.ts.)
  });

  it("2. An event's effect happens at most once, whatever the deliveries, replays or concurrent workers", async () => {
    const books = await booksFixture();
    const flow = newPaymentFlow();
    await books.register({ reference: flow.reference, amount: flow.amount, currency: flow.currency, customer: flow.customer });
    const event = stripeEvent("checkout.session.completed", checkoutSession(flow));
    const t = Math.floor(Date.now() / 1000);
    // 200 deliveries at once: exact replays and Stripe-style retries with new timestamps...
    const deliveries = Array.from({ length: 200 }, (_, i) => signedDelivery(event, books.endpoint.name, books.endpoint.secret, t - (i % 20)));
    // ...while two worker processes and this process all process the queue.
    const workers = [startWorker(), startWorker()];
    const answers = await Promise.all(deliveries.map(async (delivery) => (await deliver(delivery)).status));
    await books.settle();
    await Promise.all(workers.map((worker) => worker.exited));

    expect(answers.filter((status) => status !== 200)).toEqual([]);
    const ledgerId = await books.ledgerIdOf(event.id);
    expect(await books.statusOf(event.id)).toBe("processed");
    expect(await prisma().effect.count({ where: { eventId: ledgerId } })).toBe(1);
    expect(await prisma().transaction.count({ where: { reference: flow.reference, status: "paid" } })).toBe(1);
    expect((await customerEntitlements(flow.customer)).entitlements).toHaveLength(1);
    expect(await prisma().delivery.count({ where: { eventId: ledgerId } })).toBe(200);
  }, 60_000);

  it("3. Nothing reaches processing without a valid v1 signature from an active secret of its endpoint", async () => {
    const { name, secret } = await endpointWithSecret();
    const other = await endpointWithSecret();
    const event = checkoutPaymentEvents(newPaymentFlow())[2]!;
    const body = JSON.stringify(event);
    const forgeries = [
      { body, header: null },
      { body, header: stripeSignatureHeader(body, newSecret()) }, // unknown secret
      { body, header: stripeSignatureHeader(body, other.secret) }, // another endpoint's secret
      { body, header: stripeSignatureHeader(body, secret).replace("v1=", "v0=") }, // the right HMAC under a scheme that does not count
      { body, header: stripeSignatureHeader(body, secret, Math.floor(Date.now() / 1000) - 3_600) }, // stale
    ];
    for (const forgery of forgeries) expect((await deliver({ ...forgery, endpoint: name })).status).toBe(400);
    // A secret past its expiry no longer verifies (changes made by another process are seen within 5 s).
    await prisma().signingSecret.updateMany({ where: { endpoint: { name } }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    forgetEndpointSecrets(name);
    expect((await deliver({ body, header: stripeSignatureHeader(body, secret), endpoint: name })).status).toBe(400);
    expect(await prisma().stripeEvent.count({ where: { endpoint: { name } } })).toBe(0);
  });

  it("3. ...through every rotation: a retired, expired or rolled-back secret never verifies again, and during a roll both secrets do", async () => {
    const { name, secret: first } = await endpointWithSecret();
    const delivered = async (secret: string | string[]) => (await deliver(signedDelivery(checkoutPaymentEvents(newPaymentFlow())[2]!, name, secret))).status;
    const mistaken = newSecret();
    const mistake = await rollSigningSecret({ endpointName: name, secret: mistaken, source: "cli" }, cliContext);
    expect([await delivered(first), await delivered(mistaken), await delivered([mistaken, first])]).toEqual([200, 200, 200]);
    await rollbackRotation({ rotationId: mistake.rotationId, reason: "pasted the wrong secret" }, cliContext);
    expect([await delivered(mistaken), await delivered(first)]).toEqual([400, 200]);

    const second = newSecret();
    await rollSigningSecret({ endpointName: name, secret: second, source: "cli" }, cliContext);
    await retireSigningSecret({ endpointName: name, fingerprint: fingerprint(first) }, cliContext);
    expect([await delivered(first), await delivered(second)]).toEqual([400, 200]);
    const leaked = await rollSigningSecret({ endpointName: name, secret: newSecret(), overlapHours: 0, source: "cli" }, cliContext);
    expect(await delivered(second)).toBe(400);
    // A secret that retired never comes back, not even pasted again.
    await expect(rollSigningSecret({ endpointName: name, secret: first, source: "cli" }, cliContext)).rejects.toMatchObject({ code: "conflict" });
    expect(leaked.oldFingerprints).toEqual([fingerprint(second)]);
  });

  it("4. Raw payloads and secrets never appear in logs, and are encrypted at rest", async () => {
    const lines: string[] = [];
    setLogSink((line) => lines.push(line));
    process.env.HOOKWARDEN_LOG_LEVEL = "debug";
    try {
      const { name, secret } = await endpointWithSecret();
      const event = checkoutPaymentEvents(newPaymentFlow({ email: "card.holder@example.com" }))[1]!;
      const delivery = signedDelivery(event, name, secret);
      await deliver(delivery);
      await deliver({ ...delivery, header: stripeSignatureHeader(delivery.body, newSecret()) });
      await deliver({ ...delivery, endpoint: name, body: "not json", header: stripeSignatureHeader("not json", secret) });
      const { log } = await import("@/server/log");
      log.error("a careless caller", { payload: delivery.body, note: `secret ${secret} for card.holder@example.com`, authorization: "Bearer hwk_x" });
      // Messages, values nested deep and errors are redacted too, by the one logger (pino) every module uses.
      log.warn(`retrying with ${secret}`, { attempt: { context: { customer_email: "card.holder@example.com", card: "4242 4242 4242 4242" } }, error: new Error("refused sk_live_51Hx for card.holder@example.com") });
      expect(lines.length).toBeGreaterThan(0);
      const all = lines.join("\n");
      expect(all).not.toMatch(/whsec_|sk_live_|4242 4242/);
      for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
      expect(all).not.toContain(secret);
      expect(all).not.toContain("card.holder@example.com");
      expect(all).not.toContain(delivery.body.slice(0, 40));
      expect(all).not.toContain(delivery.header!.split(",")[1]!);

      const stored = await pool().query<{ payload: Buffer; secrets: Buffer[] }>(
        `SELECT e.payload_ciphertext AS payload, array(SELECT ciphertext FROM signing_secret s WHERE s.endpoint_id = e.endpoint_id) AS secrets
         FROM stripe_event e JOIN endpoint ep ON ep.id = e.endpoint_id WHERE ep.name = $1`,
        [name],
      );
      const bytes = Buffer.concat([stored.rows[0]!.payload, ...stored.rows[0]!.secrets]);
      expect(bytes.includes(Buffer.from(secret))).toBe(false);
      expect(bytes.includes(Buffer.from("card.holder@example.com"))).toBe(false);
    } finally {
      setLogSink(undefined);
      process.env.HOOKWARDEN_LOG_LEVEL = "silent";
    }
  });

  it("4. ...and stay encrypted through a key rotation: every record opens with a key of the keyring and names the new one", async () => {
    await inFreshDatabase("invariant_keys", async () => {
      await loadKeyring();
      const { name, secret } = await endpointWithSecret();
      await setEndpointStripeKey({ name, apiKey: `rk_test_inv4${newSecret().slice(6, 20)}` }, cliContext);
      const channel = await createAlertChannel({ kind: "webhook", name: "invariant-hook", url: "https://alerts.example.com/hookwarden/inv4-token" }, cliContext);
      const destination = await createDestination({ endpoint: name, name: "invariant-4", url: "https://app.example.com/hooks", eventTypes: ["*"] }, cliContext);
      const rotated = await rotateDestinationSecret({ destination: destination.id }, cliContext);
      expect((await deliver(signedDelivery(checkoutPaymentEvents(newPaymentFlow())[1]!, name, secret))).status).toBe(200);
      // Alone on its database, the rotation has no other process to wait for.
      await rotateEncryptionKey({ settleMs: 0 }, cliContext);
      const records = await encryptedRecords();
      expect(records.map((record) => [record.record.split(":")[0], record.version, record.error])).toEqual(ENCRYPTED_COLUMNS.map((column) => [columnName(column), 2, null]));
      expect(records.map((record) => record.plaintext)).toEqual(expect.arrayContaining([secret, "https://alerts.example.com/hookwarden/inv4-token", channel.signingSecret, destination.signingSecret, rotated.signingSecret]));
    });
  });

  it("4. People without the right role see masked payloads only: everyone sees them masked, and only an admin who states why sees one raw (audited)", async () => {
    const books = await booksFixture();
    const event = stripeEvent("checkout.session.completed", checkoutSession(newPaymentFlow()));
    await books.send([event]);
    const personal = ["jenny.rosen@example.com", "Jenny Rosen"];
    const keys = Object.fromEntries(await Promise.all((["viewer", "operator", "admin"] as const).map(async (role) => [role, (await createApiKey({ name: `invariant 4 ${role}`, role }, cliContext)).key] as const)));

    // The REST API shows the payload masked to every role.
    for (const key of Object.values(keys)) {
      const answer = await apiGet(`/api/v1/events/${event.id}`, key);
      expect(answer.status).toBe(200);
      expect(answer.body.payload).toMatchObject({ id: event.id, data: { object: { id: event.data.object.id, customer_details: { email: "••••", name: "••••" } } } });
      for (const value of personal) expect(JSON.stringify(answer.body)).not.toContain(value);
    }
    // Break-glass refuses viewers and operators on the server (REST and console action alike), and an admin without a reason.
    const ledgerId = await books.ledgerIdOf(event.id);
    const reason = "INC-4411: customer disputes the e-mail on the receipt";
    for (const role of ["viewer", "operator"] as const) {
      expect((await apiPost(`/api/v1/events/${event.id}/raw`, keys[role], { reason })).status).toBe(403);
      await actAs((await sessionFor(role)).claims);
      expect(await viewRawPayloadAction({ id: ledgerId, reason })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    }
    for (const unreasoned of [{}, { reason: "   " }, { reason: "checking" }]) {
      expect((await apiPost(`/api/v1/events/${event.id}/raw`, keys.admin!, unreasoned)).status).toBe(422);
    }
    expect(await prisma().auditEntry.count({ where: { action: "events.view_raw", subject: `event:${event.id}` } })).toBe(0);

    // An admin who states why sees it raw, through the API and the console, and each view is in the audit log (the reason, never the payload).
    const raw = await apiPost(`/api/v1/events/${event.id}/raw`, keys.admin!, { reason });
    expect(raw.status).toBe(200);
    expect(JSON.stringify(raw.body.payload)).toContain("jenny.rosen@example.com");
    const admin = await sessionFor("admin");
    await actAs(admin.claims, "10.4.4.4");
    const viewed = await viewRawPayloadAction({ id: ledgerId, reason });
    expect(viewed.ok && viewed.data.json).toContain("Jenny Rosen");
    const entries = await prisma().auditEntry.findMany({ where: { action: "events.view_raw", subject: `event:${event.id}` }, orderBy: { id: "asc" } });
    expect(entries.map((entry) => [entry.actorKind, entry.detail])).toEqual([
      ["api_key", reason],
      ["user", reason],
    ]);
    expect(entries[1]!.actorId).toBe(admin.user.id);
    for (const entry of entries) for (const value of personal) expect(JSON.stringify([entry.before, entry.after, entry.detail])).not.toContain(value);
  });

  it("5. Every action is authorised on the server and leaves an audit record", async () => {
    expect((await apiGet("/api/v1/events")).status).toBe(401);
    const created = await createApiKey({ name: "invariant 5", role: "viewer" }, cliContext);
    await prisma().apiKey.update({ where: { id: created.id }, data: { role: "none" } });
    expect((await apiGet("/api/v1/events", created.key)).status).toBe(403);

    // The console: a refused action changes nothing and records nothing; an allowed one commits with its audit record.
    // (Every route, action and page against every role: tests/permissions.test.ts.)
    const email = `invariant-5-${Date.now()}@example.test`;
    await actAs((await sessionFor("viewer")).claims);
    expect(await createUserAction({ email, role: "admin" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await prisma().user.count({ where: { email } })).toBe(0);
    const admin = await sessionFor("admin");
    await actAs(admin.claims, "10.5.5.5");
    expect(await createUserAction({ email, role: "viewer" })).toMatchObject({ ok: true });
    expect(await changeUserRoleAction({ user: email, role: "operator" })).toMatchObject({ ok: true });
    expect(await deactivateUserAction({ user: email, reason: "invariant 5" })).toMatchObject({ ok: true });
    const user = await prisma().user.findUniqueOrThrow({ where: { email } });
    const entries = await prisma().auditEntry.findMany({ where: { subject: `user:${user.id}` }, orderBy: { id: "asc" } });
    expect(entries.map((entry) => [entry.action, entry.actorId, entry.sourceAddress])).toEqual([
      ["users.create", admin.user.id, "10.5.5.5"],
      ["users.change_role", admin.user.id, "10.5.5.5"],
      ["users.deactivate", admin.user.id, "10.5.5.5"],
    ]);

    // The REST API: release, reject and replay each commit with their audit record, naming the key, the reason and the outcome.
    const books = await booksFixture();
    const operatorKey = await prisma().apiKey.findFirstOrThrow({ where: { prefix: books.operator.split("_")[1]! } });
    const [toRelease, toReject] = [newPaymentFlow(), newPaymentFlow()].map((flow) => stripeEvent("checkout.session.completed", checkoutSession(flow)));
    const unhandled = stripeEvent("customer.created", { id: "cus_invariant5", object: "customer" });
    await books.send([toRelease!, toReject!, unhandled]);
    await books.settle();
    expect((await apiPost(`/api/v1/events/${toRelease!.id}/release`, books.operator, { reason: "paid by bank transfer" })).status).toBe(200);
    expect((await apiPost(`/api/v1/events/${toReject!.id}/reject`, books.operator, { reason: "test traffic" })).status).toBe(200);
    expect((await apiPost(`/api/v1/events/${unhandled.id}/replay`, books.operator, {})).status).toBe(200);
    const actions = await prisma().auditEntry.findMany({
      where: { actorId: operatorKey.id, subject: { in: [toRelease!.id, toReject!.id, unhandled.id].map((id) => `event:${id}`) } },
      orderBy: { id: "asc" },
    });
    expect(actions.map((entry) => [entry.action, entry.actorKind, entry.subject, entry.before, entry.after])).toEqual([
      ["events.release", "api_key", `event:${toRelease!.id}`, { status: "quarantined" }, { status: "processed" }],
      ["events.reject", "api_key", `event:${toReject!.id}`, { status: "quarantined", quarantine: "open" }, { status: "quarantined", quarantine: "rejected" }],
      ["events.replay", "api_key", `event:${unhandled.id}`, { status: "ignored" }, { status: "ignored" }],
    ]);
    expect(actions[0]!.detail).toContain("paid by bank transfer");
    expect(actions[1]!.detail).toContain("test traffic");
    // A refused action (a viewer's key) changes nothing and records nothing.
    const viewerKey = (await createApiKey({ name: "invariant 5 viewer", role: "viewer" }, cliContext)).key;
    expect((await apiPost(`/api/v1/events/${toReject!.id}/release`, viewerKey, { reason: "should not happen" })).status).toBe(403);
    expect(await prisma().auditEntry.count({ where: { subject: `event:${toReject!.id}` } })).toBe(1);
  });

  it("6. A payment event that does not add up applies nothing until an operator releases it, and then exactly once", async () => {
    const books = await booksFixture();
    const flow = newPaymentFlow();
    await books.register({ reference: flow.reference, amount: flow.amount, currency: flow.currency, customer: flow.customer });
    const event = stripeEvent("checkout.session.completed", { ...checkoutSession(flow), currency: "eur" });
    await books.send([event, event]);
    await books.settle();
    const ledgerId = await books.ledgerIdOf(event.id);
    expect(await books.statusOf(event.id)).toBe("quarantined");
    expect(await prisma().effect.count({ where: { eventId: ledgerId } })).toBe(0);
    expect((await prisma().transaction.findUniqueOrThrow({ where: { reference: flow.reference } })).status).toBe("pending");

    const release = { reason: "currency converted by finance" };
    const answers = await Promise.all([1, 2, 3].map(() => apiPost(`/api/v1/events/${event.id}/release`, books.operator, release)));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409, 409]);
    await books.settle();
    expect(await prisma().effect.count({ where: { eventId: ledgerId } })).toBe(1);
    expect((await prisma().transaction.findUniqueOrThrow({ where: { reference: flow.reference } })).status).toBe("paid");
  });

  it("7. A payment-success event that Stripe's API does not confirm applies nothing, whatever its signature", async () => {
    const books = await booksFixture();
    await setEndpointStripeKey({ name: books.endpoint.name, apiKey: `rk_test_inv7${newSecret().slice(6, 20)}` }, cliContext);
    const flow = newPaymentFlow();
    await books.register({ reference: flow.reference, amount: flow.amount, currency: flow.currency, customer: flow.customer });
    // Signed with the endpoint's real secret; Stripe never created it.
    const forged = stripeEvent("payment_intent.succeeded", paymentIntent(flow, "succeeded"));
    await books.send([forged]);
    await books.settle();
    expect(await books.statusOf(forged.id)).toBe("quarantined");
    expect(await prisma().effect.count({ where: { eventId: await books.ledgerIdOf(forged.id) } })).toBe(0);
    expect((await prisma().transaction.findUniqueOrThrow({ where: { reference: flow.reference } })).status).toBe("pending");
  });

  it("8. An event Stripe created but never delivered is applied exactly once, however many recoveries and late deliveries", async () => {
    const books = await booksFixture();
    await setEndpointStripeKey({ name: books.endpoint.name, apiKey: `rk_test_inv8${newSecret().slice(6, 20)}` }, cliContext);
    const flow = newPaymentFlow();
    await books.register({ reference: flow.reference, amount: flow.amount, currency: flow.currency, customer: flow.customer });
    const event = stripeEvent("payment_intent.succeeded", paymentIntent(flow, "succeeded"));
    stripe.reset();
    stripe.addEvent(event as unknown as Record<string, unknown>, { deliverySuccess: false, storeObject: true });
    await Promise.allSettled([1, 2].map(() => startReconciliation({ kind: "missed_events", endpoint: books.endpoint.name }, cliContext, { wait: true })));
    await startReconciliation({ kind: "missed_events", endpoint: books.endpoint.name }, cliContext, { wait: true });
    await books.send([event]);
    await books.settle();
    const ledgerId = await books.ledgerIdOf(event.id);
    expect(await prisma().stripeEvent.count({ where: { stripeEventId: event.id, endpoint: { name: books.endpoint.name } } })).toBe(1);
    expect(await prisma().effect.count({ where: { eventId: ledgerId } })).toBe(1);
    expect((await prisma().transaction.findUniqueOrThrow({ where: { reference: flow.reference } })).status).toBe("paid");
  });

  it("9. An erased customer's personal data is nowhere in the ledger or the books, and the figures are unchanged", async () => {
    await inFreshDatabase("invariant_erasure", async () => {
      await loadKeyring();
      const erin = await customerWithHistory();
      const figures = async () => ({
        transactions: await prisma().transaction.findMany({ orderBy: { id: "asc" }, omit: { customer: true, updatedAt: true }, include: { links: true } }),
        subscriptions: await prisma().subscription.findMany({ orderBy: { id: "asc" }, omit: { updatedAt: true } }),
        invoices: await prisma().subscriptionInvoice.findMany({ orderBy: { id: "asc" } }),
        events: await prisma().stripeEvent.findMany({ orderBy: { id: "asc" }, select: { id: true, type: true, status: true, amount: true, currency: true, customerId: true, objectId: true, stripeCreatedAt: true } }),
        effects: await prisma().effect.findMany({ orderBy: { eventId: "asc" }, select: { eventId: true, kind: true, subject: true } }),
      });
      const before = await figures();
      await eraseCustomerData({ customerId: erin.customer, reason: "invariant 9" }, cliContext);
      const tables = (await pool().query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'`)).rows.map((row) => row.name);
      for (const personal of [erin.email, erin.name]) {
        for (const table of tables) {
          const found = await pool().query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}" t WHERE t::text ILIKE $1`, [`%${personal}%`]);
          expect(found.rows[0]!.n, `${table} holds ${personal}`).toBe(0);
        }
      }
      expect(await figures()).toEqual(before);
    });
  });

  it("10. Retention never removes what an operator still needs, and the books outlive the records", async () => {
    await inFreshDatabase("invariant_retention", async () => {
      await loadKeyring();
      const books = await booksFixture();
      const paid = await customerWithHistory(books);
      const unknown = stripeEvent("checkout.session.completed", checkoutSession(newPaymentFlow({ reference: "order_never_registered" })));
      await books.send([unknown]);
      await books.settle();
      expect(await books.statusOf(unknown.id)).toBe("quarantined");
      await pool().query(`UPDATE stripe_event SET first_received_at = now() - interval '10 years'`);
      const transactions = await prisma().transaction.findMany({ orderBy: { id: "asc" }, include: { links: true } });
      await runRetentionPurge({ requestedBy: "cli" });
      expect(await prisma().stripeEvent.findMany({ select: { stripeEventId: true, payloadCiphertext: true } })).toEqual([{ stripeEventId: unknown.id, payloadCiphertext: expect.any(Uint8Array) }]);
      expect(await prisma().transaction.findMany({ orderBy: { id: "asc" }, include: { links: true } })).toEqual(transactions);
      expect(transactions.find((transaction) => transaction.reference === paid.reference)).toMatchObject({ status: "paid", amount: 3000 });
      expect(await prisma().effect.count()).toBeGreaterThan(0);
    });
  });

  it("11. A held event is acknowledged and kept: the breaker pauses its effect, never loses it, and once released it applies exactly once", async () => {
    const books = await booksFixture();
    const endpoint = await prisma().endpoint.findUniqueOrThrow({ where: { name: books.endpoint.name } });
    const breaker = await openBreaker({ endpointId: endpoint.id, endpointName: endpoint.name, at: new Date(), eventTypes: ["checkout.session.completed"], reason: "invariant 11", explanation: {} });
    const flow = newPaymentFlow();
    await books.register({ reference: flow.reference, amount: flow.amount, currency: flow.currency, customer: flow.customer });
    const event = stripeEvent("checkout.session.completed", checkoutSession(flow));
    await books.send([event, event]);
    await books.settle();
    const ledgerId = await books.ledgerIdOf(event.id);
    expect(await books.statusOf(event.id)).toBe("held");
    expect(await prisma().effect.count({ where: { eventId: ledgerId } })).toBe(0);
    const answers = await Promise.all([1, 2].map(() => releaseHeldEvents({ eventIds: [ledgerId], reason: "checked: genuine" }, cliContext).then(() => 200, () => 409)));
    expect(answers.sort()).toEqual([200, 409]);
    await books.send([event]);
    await books.settle();
    expect(await books.statusOf(event.id)).toBe("processed");
    expect(await prisma().effect.count({ where: { eventId: ledgerId } })).toBe(1);
    expect((await prisma().transaction.findUniqueOrThrow({ where: { reference: flow.reference } })).status).toBe("paid");
    await changeBreaker(breaker.id, { to: "closed", reason: "invariant 11 done" }, cliContext);
  });

  it("12. A blocked source is answered before its body is read or a signature checked, and Stripe's own addresses are never blocked", async () => {
    const { name, secret } = await endpointWithSecret();
    const start = Date.now();
    for (const source of ["203.0.113.212", STRIPE_WEBHOOK_ADDRESSES[3]!]) {
      for (let i = 0; i < 10; i++) await deliver({ ...signedDelivery(stripeEvent("customer.created", { id: `cus_inv12${i}`, object: "customer" }), name, "whsec_forged_forged_forged_forged"), sourceIp: source }, new Date(start + i));
    }
    const genuine = stripeEvent("customer.created", { id: `cus_inv12_genuine_${start}`, object: "customer" });
    const fromBlocked = await deliver({ ...signedDelivery(genuine, name, secret), sourceIp: "203.0.113.212" }, new Date(start + 20));
    expect(fromBlocked.status).toBe(429);
    expect(await prisma().stripeEvent.count({ where: { stripeEventId: genuine.id } })).toBe(0);
    // A body that would fail any parser, from the blocked source: still the same cheap 429.
    expect((await deliver({ body: "\u0000not json", header: "garbage", endpoint: name, sourceIp: "203.0.113.212" }, new Date(start + 21))).status).toBe(429);
    expect((await deliver({ ...signedDelivery(genuine, name, secret), sourceIp: STRIPE_WEBHOOK_ADDRESSES[3] }, new Date(start + 22))).status).toBe(200);
  });

  it("13. A processed event is forwarded to each matching destination once, in its customer's order, and never to an internal address an admin did not allow", async () => {
    const books = await booksFixture();
    const receiver = await destinationReceiver();
    const destination = await createDestination({ endpoint: books.endpoint.name, name: "invariant-13", url: receiver.url, eventTypes: ["customer.subscription.*", "invoice.paid"], allowInternal: true }, cliContext);
    await expect(createDestination({ endpoint: books.endpoint.name, name: "invariant-13-ssrf", url: "https://169.254.169.254/latest/meta-data", eventTypes: ["*"] }, cliContext)).rejects.toMatchObject({ code: "invalid_request" });
    const events = subscriptionLifecycleEvents();
    await books.send([...events, ...events]); // every event delivered twice by Stripe
    await Promise.all([books.settle(), books.settle()]);
    await Promise.all([dispatchDestinations(), dispatchDestinations(), dispatchDestinations()]); // three instances at once
    expect(receiver.messages.map((message) => message.id)).toEqual(events.map((event) => event.id));
    expect(await prisma().destinationDelivery.count({ where: { destinationId: destination.id, status: "delivered" } })).toBe(events.length);
    await receiver.close();
  });
});
