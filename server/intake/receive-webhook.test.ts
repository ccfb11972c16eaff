import { afterAll, describe, expect, it } from "vitest";
import { checkoutPaymentEvents, newPaymentFlow, stripeEvent, type StripeEventJson } from "@/cli/simulate/stripe-events";
import { stripeSignatureHeader } from "@/cli/simulate/sign";
import { deliver, endpointWithSecret, newSecret, signedDelivery } from "@/tests/support/intake";
import { openAtRest } from "../crypto/keys";
import { disconnect, pool, prisma } from "../db";
import { flushRejections } from "../ledger/record-rejection";
import { handleWebhookRequest } from "./handle-webhook-request";

afterAll(() => disconnect());

const oneEvent = (): StripeEventJson => checkoutPaymentEvents(newPaymentFlow())[2]!;

async function eventRows(endpoint: string, stripeEventId: string) {
  return prisma().stripeEvent.findMany({ where: { stripeEventId, endpoint: { name: endpoint } }, include: { deliveries: true } });
}

describe("intake: verified deliveries", () => {
  it("records a signed delivery with its delivery row before answering 200", async () => {
    const { name, secret, fingerprints } = await endpointWithSecret();
    const event = oneEvent();
    const answer = await deliver({ ...signedDelivery(event, name, secret), sourceIp: "3.18.12.63" });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ received: true, duplicate: false });

    const [row] = await eventRows(name, event.id);
    expect(row).toMatchObject({ type: "checkout.session.completed", livemode: false, deliveryCount: 1, objectId: event.data.object.id });
    expect(["queued", "processing", "processed"]).toContain(row!.status);
    expect(row!.deliveries).toHaveLength(1);
    expect(row!.deliveries[0]).toMatchObject({ kind: "first", verdict: "accepted", sourceIp: "3.18.12.63" });
    const secretRow = await prisma().signingSecret.findUniqueOrThrow({ where: { id: row!.deliveries[0]!.matchedSecretId } });
    expect(secretRow.fingerprint).toBe(fingerprints[0]);
    await expect.poll(async () => (await prisma().signingSecret.findUniqueOrThrow({ where: { id: secretRow.id } })).lastMatchedAt).not.toBeNull();
  });

  it("accepts any active secret during a roll and records which one matched", async () => {
    const { name, secrets, fingerprints } = await endpointWithSecret({ secrets: 2 });
    const event = oneEvent();
    // Stripe signs with the new secret only once the old one is gone; here only the second matches.
    const answer = await deliver(signedDelivery(event, name, secrets[1]!));
    expect(answer.status).toBe(200);
    const [row] = await eventRows(name, event.id);
    const matched = await prisma().signingSecret.findUniqueOrThrow({ where: { id: row!.deliveries[0]!.matchedSecretId } });
    expect(matched.fingerprint).toBe(fingerprints[1]);
  });

  it("stores the raw payload encrypted: the ciphertext hides it and decrypts to the exact bytes", async () => {
    const { name, secret } = await endpointWithSecret();
    const event = oneEvent();
    const delivery = signedDelivery(event, name, secret);
    await deliver(delivery);
    const [row] = await eventRows(name, event.id);
    const ciphertext = Buffer.from(row!.payloadCiphertext!);
    expect(ciphertext.includes(Buffer.from(event.id))).toBe(false);
    expect(ciphertext.includes(Buffer.from("jenny.rosen"))).toBe(false);
    expect(openAtRest(ciphertext).toString("utf8")).toBe(delivery.body);
  });

  it("a repeated delivery with the same t and v1 is a replay; a new t is a retry; neither creates a second event", async () => {
    const { name, secret } = await endpointWithSecret();
    const event = oneEvent();
    const t = Math.floor(Date.now() / 1000);
    const first = signedDelivery(event, name, secret, t);
    expect((await deliver(first)).body).toEqual({ received: true, duplicate: false });
    expect((await deliver(first)).body).toEqual({ received: true, duplicate: true });
    expect((await deliver(signedDelivery(event, name, secret, t + 7))).body).toEqual({ received: true, duplicate: true });

    const rows = await eventRows(name, event.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.deliveryCount).toBe(3);
    const kinds = rows[0]!.deliveries.sort((a, b) => Number(a.id - b.id)).map((d) => [d.kind, d.verdict]);
    expect(kinds).toEqual([
      ["first", "accepted"],
      ["replay", "duplicate"],
      ["retry", "duplicate"],
    ]);
  });

  it("50 concurrent deliveries of one event: 50 delivery rows, one event, every answer 200", async () => {
    const { name, secret } = await endpointWithSecret();
    const event = oneEvent();
    const delivery = signedDelivery(event, name, secret);
    const answers = await Promise.all(Array.from({ length: 50 }, () => deliver(delivery)));
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(200));
    expect(answers.filter((a) => a.body.duplicate === false)).toHaveLength(1);

    const rows = await eventRows(name, event.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.deliveries).toHaveLength(50);
    expect(rows[0]!.deliveryCount).toBe(50);
    expect(rows[0]!.deliveries.filter((d) => d.kind === "first")).toHaveLength(1);
    expect(rows[0]!.deliveries.filter((d) => d.kind === "replay")).toHaveLength(49);
  });

  it("the same Stripe event on two endpoints is two ledger events, one per endpoint", async () => {
    const a = await endpointWithSecret();
    const b = await endpointWithSecret();
    const event = oneEvent();
    expect((await deliver(signedDelivery(event, a.name, a.secret))).status).toBe(200);
    expect((await deliver(signedDelivery(event, b.name, b.secret))).body).toEqual({ received: true, duplicate: false });
    expect(await prisma().stripeEvent.count({ where: { stripeEventId: event.id } })).toBe(2);
  });

  it("accepts a thin (v2) event and indexes its related object", async () => {
    const { name, secret } = await endpointWithSecret();
    const thin = {
      id: "evt_test_65R9Ijk8MRXKXLAp5rm16Lb5bhSQdk3zRPzRVXDtfcKPJT",
      object: "v2.core.event",
      type: "v1.billing.meter.error_report_triggered",
      livemode: false,
      created: new Date().toISOString(),
      related_object: { id: "mtr_test_61R9IjkZaw2ngpEyW41", type: "billing.meter", url: "/v1/billing/meters/mtr_test_61R9IjkZaw2ngpEyW41" },
    };
    const answer = await deliver(signedDelivery(JSON.stringify(thin), name, secret));
    expect(answer.status).toBe(200);
    const [row] = await eventRows(name, thin.id);
    expect(row).toMatchObject({ objectId: "mtr_test_61R9IjkZaw2ngpEyW41", objectType: "billing.meter" });
  });
});

describe("intake: refused requests", () => {
  const cases: { name: string; code: string; make: (endpoint: string, secret: string, event: StripeEventJson) => { body: string; header: string | null } }[] = [
    { name: "no signature header", code: "header_missing", make: (_e, _s, event) => ({ body: JSON.stringify(event), header: null }) },
    { name: "a header without v1", code: "header_malformed", make: (_e, _s, event) => ({ body: JSON.stringify(event), header: `t=${Math.floor(Date.now() / 1000)},v0=abc` }) },
    { name: "a signature from another secret", code: "signature_mismatch", make: (_e, _s, event) => ({ body: JSON.stringify(event), header: stripeSignatureHeader(JSON.stringify(event), newSecret()) }) },
    {
      name: "a body changed after signing",
      code: "signature_mismatch",
      make: (_e, secret, event) => ({ body: JSON.stringify({ ...event, type: "charge.refunded" }), header: stripeSignatureHeader(JSON.stringify(event), secret) }),
    },
    {
      name: "a signature older than the window",
      code: "timestamp_outside_tolerance",
      make: (_e, secret, event) => ({ body: JSON.stringify(event), header: stripeSignatureHeader(JSON.stringify(event), secret, Math.floor(Date.now() / 1000) - 301) }),
    },
    {
      name: "a signature from the future beyond the window",
      code: "timestamp_outside_tolerance",
      make: (_e, secret, event) => ({ body: JSON.stringify(event), header: stripeSignatureHeader(JSON.stringify(event), secret, Math.floor(Date.now() / 1000) + 301) }),
    },
    { name: "a signed body that is not JSON", code: "payload_invalid", make: (_e, secret) => ({ body: "hello", header: stripeSignatureHeader("hello", secret) }) },
    {
      name: "signed JSON that is not a Stripe event",
      code: "payload_invalid",
      make: (_e, secret) => ({ body: '{"id":"x","type":"y"}', header: stripeSignatureHeader('{"id":"x","type":"y"}', secret) }),
    },
  ];

  for (const testCase of cases) {
    it(`answers 400 ${testCase.code} for ${testCase.name}, stores no event, and echoes nothing`, async () => {
      const { name, secret } = await endpointWithSecret();
      const event = oneEvent();
      const { body, header } = testCase.make(name, secret, event);
      const answer = await deliver({ body, header, endpoint: name });
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({ error: { code: testCase.code, message: expect.any(String) } });
      expect(answer.text).not.toContain(event.id);
      expect(answer.text).not.toContain(secret);
      if (header) expect(answer.text).not.toContain(header.split(",")[1] ?? header);
      expect(await prisma().stripeEvent.count({ where: { endpoint: { name } } })).toBe(0);
    });
  }

  it("answers 404 for an unknown endpoint", async () => {
    const answer = await deliver({ body: "{}", header: "t=1,v1=00", endpoint: "no-such-endpoint" });
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ error: { code: "endpoint_not_found" } });
  });

  it("answers 404 for a name no endpoint can have (a NUL, upper case, too long) without a database error", async () => {
    for (const endpoint of ["\u0000", "default\u0000", "Default", "a".repeat(64), "../default"]) {
      const answer = await deliver({ body: "{}", header: "t=1,v1=00", endpoint });
      expect(answer.status).toBe(404);
      expect(answer.body).toMatchObject({ error: { code: "endpoint_not_found" } });
    }
  });

  it("answers 400 payload_invalid, not 503, for a signed event the ledger could not store (a NUL in its type, a created past year 9999)", async () => {
    const { name, secret } = await endpointWithSecret();
    for (const event of [{ ...oneEvent(), type: "charge.\u0000succeeded" }, { ...oneEvent(), created: 9_000_000_000_000_000 }]) {
      const answer = await deliver(signedDelivery(JSON.stringify(event), name, secret));
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ error: { code: "payload_invalid" } });
    }
    expect(await prisma().stripeEvent.count({ where: { endpoint: { name } } })).toBe(0);
  });

  it("answers 400 payload_incomplete, without throwing, when the client goes away mid-body", async () => {
    const { name } = await endpointWithSecret();
    let sent = false;
    const cut = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (!sent) controller.enqueue(new TextEncoder().encode('{"id":"evt_'));
        else controller.error(Object.assign(new Error("aborted"), { code: "ECONNRESET" }));
        sent = true;
      },
    });
    const request = new Request("http://localhost/api/stripe/webhook", { method: "POST", headers: { "stripe-signature": "t=1,v1=00" }, body: cut, duplex: "half" } as RequestInit);
    const answer = await handleWebhookRequest(request, name);
    expect(answer.status).toBe(400);
    expect(await answer.json()).toEqual({ error: { code: "payload_incomplete", message: "The request ended before its body did." } });
    expect(await prisma().stripeEvent.count({ where: { endpoint: { name } } })).toBe(0);
  });

  it("answers 413 for a body over 1 MiB and stores nothing", async () => {
    const { name, secret } = await endpointWithSecret();
    const event = stripeEvent("charge.succeeded", { id: "ch_big", object: "charge", padding: "x".repeat(1024 * 1024) });
    const answer = await deliver(signedDelivery(event, name, secret));
    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({ error: { code: "payload_too_large" } });
    expect(await prisma().stripeEvent.count({ where: { endpoint: { name } } })).toBe(0);
  });

  it("records rejections compactly: exact counts per minute, capped samples, no payload", async () => {
    const { name } = await endpointWithSecret();
    const forged = JSON.stringify(oneEvent());
    const header = stripeSignatureHeader(forged, newSecret());
    await Promise.all(Array.from({ length: 300 }, (_, i) => deliver({ body: forged, header, endpoint: name, sourceIp: `198.51.100.${i % 3}` })));
    await flushRejections();

    const tally = await pool().query<{ total: string; sources: string }>(
      `SELECT sum(count)::text AS total, count(DISTINCT source_ip)::text AS sources FROM rejection_tally WHERE endpoint = $1 AND reason = 'signature_mismatch'`,
      [name],
    );
    expect(tally.rows[0]).toEqual({ total: "300", sources: "3" });
    const samples = await prisma().rejectedDelivery.findMany({ where: { endpoint: name } });
    expect(samples.length).toBeGreaterThan(0);
    expect(samples.length).toBeLessThanOrEqual(40); // 20 per minute; the burst may straddle a minute boundary
    expect(samples[0]).toMatchObject({ reason: "signature_mismatch", bodySize: Buffer.byteLength(forged) });
    expect(JSON.stringify(samples, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v))).not.toContain("checkout.session");
  });
});
