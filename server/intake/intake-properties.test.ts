import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "@/tests/support/fresh-database";
import {
  bodyPlan,
  contentType,
  expectedEventId,
  FILLER_SIZES,
  genuineSignature,
  hostileDelivery,
  materialize,
  oddEvent,
  payloadExpectation,
  propertyRuns,
  refusedSignature,
  signatureExpectation,
} from "@/tests/support/hostile-deliveries";
import { deliver, endpointWithSecret, newSecret } from "@/tests/support/intake";
import { disconnect, prisma } from "../db";
import { loadStripeAddresses } from "../gatekeeper/sources/source-addresses";
import { STRIPE_WEBHOOK_ADDRESSES } from "../gatekeeper/sources/stripe-webhook-addresses";
import { MAX_BODY_BYTES } from "./handle-webhook-request";

/**
 * Properties of the intake handler (handleWebhookRequest, the route's whole job) against the real test
 * database, over generated deliveries (tests/support/hostile-deliveries.ts): anything unsigned is
 * answered 4xx and never reaches the ledger; a correctly signed Stripe event is answered 200 and is in
 * it. Nothing is mocked: the signature check, the gatekeeper and the ledger all run. A failure prints
 * fast-check's seed and the shrunk counterexample.
 */
const TOLERANCE = 300;
const SIZES = { maxDepth: 20_000, maxPadding: 8_192, fillerSizes: FILLER_SIZES };

// Flood counts, blocks and alerts are process and database state: this file has a database of its own.
beforeAll(async () => {
  await useFreshDatabase("intake_properties");
  await loadStripeAddresses();
}, 60_000);
afterAll(() => disconnect());

const ledgerCount = (endpoint: string) => prisma().stripeEvent.count({ where: { endpoint: { name: endpoint } } });

/** Deliveries that are Stripe's (its addresses), this machine's, or anyone's. */
const stripeSource = fc.constantFrom(...STRIPE_WEBHOOK_ADDRESSES, "127.0.0.1");
const anySource = fc.oneof(stripeSource, fc.ipV4(), fc.ipV6());
/** Headers of any size: intake sees what Node lets through (up to 16 KiB in all); here, more. */
const padding = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 70_000 }));
/** Endpoint names as a URL can carry them: ours, unknown ones, and ones no endpoint can have. */
const otherEndpointName = fc.string({ unit: fc.constantFrom("a", "z", "0", "-", "A", "\u0000", "%", ".", "/", "\u00e9", " ", "_"), minLength: 0, maxLength: 80 });

describe("intake properties (fast-check, real database)", () => {
  it("anything unsigned, from anywhere, to any endpoint name: a 4xx (never a 5xx, never a throw), no echo, and no stripe_event row", async () => {
    const endpoint = await endpointWithSecret({ secrets: 2, toleranceSeconds: TOLERANCE });
    const foreign = newSecret();
    const unsigned = fc.record({
      body: bodyPlan(SIZES),
      signature: refusedSignature(TOLERANCE),
      contentType: contentType(),
      source: anySource,
      padding,
      endpointName: fc.oneof({ arbitrary: fc.constant(endpoint.name), weight: 5 }, { arbitrary: otherEndpointName, weight: 1 }),
    });
    await fc.assert(
      fc.asyncProperty(unsigned, async (request) => {
        const made = materialize(request, { active: endpoint.secrets, foreign, toleranceSeconds: TOLERANCE, now: Math.floor(Date.now() / 1000) });
        const answer = await deliver({
          endpoint: request.endpointName,
          body: made.body,
          header: made.signatureLines,
          contentType: request.contentType,
          sourceIp: request.source,
          extraHeaders: request.padding > 0 ? { "x-padding": "p".repeat(request.padding) } : {},
        });
        expect(answer.status).toBeGreaterThanOrEqual(400);
        expect(answer.status).toBeLessThan(500);
        expect(answer.body).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
        for (const line of made.signatureLines) if (line.length >= 8) expect(answer.text).not.toContain(line);
        expect(await ledgerCount(endpoint.name)).toBe(0);
      }),
      propertyRuns(250),
    );
  });

  it("signed or not: 200 and a ledger row exactly for a Stripe event signed with an active secret over the exact bytes; otherwise a 4xx and the ledger unchanged", async () => {
    const endpoint = await endpointWithSecret({ secrets: 2, toleranceSeconds: TOLERANCE });
    const foreign = newSecret();
    const deliveries = fc.record({ delivery: hostileDelivery({ secretCount: 2, tolerance: TOLERANCE, ...SIZES }), source: stripeSource });
    await fc.assert(
      fc.asyncProperty(deliveries, async ({ delivery, source }) => {
        const made = materialize(delivery, { active: endpoint.secrets, foreign, toleranceSeconds: TOLERANCE, now: Math.floor(Date.now() / 1000) });
        const before = await ledgerCount(endpoint.name);
        const answer = await deliver({ endpoint: endpoint.name, body: made.body, header: made.signatureLines, contentType: delivery.contentType, sourceIp: source });
        const after = await ledgerCount(endpoint.name);
        const eventId = expectedEventId(delivery.body);
        const recorded = eventId === null ? 0 : await prisma().stripeEvent.count({ where: { stripeEventId: eventId, endpoint: { name: endpoint.name } } });
        const expectation = signatureExpectation(delivery.signature);

        expect(answer.status).toBeLessThan(500);
        if (made.body.length > MAX_BODY_BYTES) {
          expect(answer.status).toBe(413);
        } else if (expectation === "verifies") {
          const payload = payloadExpectation(delivery.body);
          if (payload === "event") expect(answer.status).toBe(200);
          else if (answer.status !== 200) expect(answer.body).toMatchObject({ error: { code: "payload_invalid" } });
          if (payload === "not-event") expect(answer.status).toBe(400);
        } else if (expectation === "refused") {
          expect(answer.status).toBe(400);
        }
        if (answer.status === 200) {
          expect(recorded).toBe(1);
          expect(after - before).toBe(answer.body.duplicate ? 0 : 1);
        } else {
          expect(after).toBe(before);
        }
      }),
      propertyRuns(250),
    );
  });

  it("a correctly signed event with any value in an indexed field (a NUL, 300 characters, a created no date can hold): 200 and recorded, or 400 payload_invalid, never a 5xx", async () => {
    const endpoint = await endpointWithSecret({ secrets: 2, toleranceSeconds: TOLERANCE });
    await fc.assert(
      fc.asyncProperty(oddEvent(), genuineSignature(2, TOLERANCE), async (body, signature) => {
        const made = materialize({ body, signature }, { active: endpoint.secrets, foreign: newSecret(), toleranceSeconds: TOLERANCE, now: Math.floor(Date.now() / 1000) });
        const answer = await deliver({ endpoint: endpoint.name, body: made.body, header: made.signatureLines });
        const recorded = await prisma().stripeEvent.count({ where: { stripeEventId: expectedEventId(body)!, endpoint: { name: endpoint.name } } });
        if (answer.status === 200) expect(recorded).toBe(1);
        else expect({ status: answer.status, body: answer.body, recorded }).toMatchObject({ status: 400, body: { error: { code: "payload_invalid" } }, recorded: 0 });
      }),
      propertyRuns(200),
    );
  });
});
