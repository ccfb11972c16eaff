import { afterAll, describe, expect, it } from "vitest";
import { checkoutSession, newPaymentFlow, stripeEvent } from "../../cli/simulate/stripe-events";
import { stripeId } from "../../cli/simulate/stripe-ids";
import { apiPost } from "../../tests/support/api";
import { booksFixture } from "../../tests/support/books";
import { deliver, endpointWithSecret, signedDelivery } from "../../tests/support/intake";
import { settleEvents } from "../../tests/support/settle";
import { disconnect } from "../db";
import { AppError } from "../errors";
import { getEventStoryOrThrow, STORY_DELIVERIES } from "./get-event-story-or-throw";

afterAll(() => disconnect());

describe("getEventStoryOrThrow", () => {
  it("tells a quarantined payment's whole story: deliveries with retry and replay, history, evidence; then its release and effect", async () => {
    const books = await booksFixture();
    const flow = newPaymentFlow();
    await books.register({ reference: flow.reference, amount: flow.amount, currency: flow.currency });
    const event = stripeEvent("checkout.session.completed", checkoutSession({ ...flow, amount: flow.amount - 100 }));
    const t = Math.floor(Date.now() / 1000);
    const first = { ...signedDelivery(event, books.endpoint.name, books.endpoint.secret, t), sourceIp: "3.18.12.63" };
    await deliver(first);
    await deliver({ ...signedDelivery(event, books.endpoint.name, books.endpoint.secret, t + 5), sourceIp: "3.130.192.231" }); // Stripe retries
    await deliver({ ...first, sourceIp: "203.0.113.9" }); // someone replays the captured request
    await settleEvents(books.endpoint.name, [event.id]);

    const story = await getEventStoryOrThrow(event.id);
    expect(story.event).toMatchObject({
      stripeEventId: event.id,
      type: "checkout.session.completed",
      status: "quarantined",
      endpoint: books.endpoint.name,
      objectId: flow.session,
      customerId: flow.customer,
      amount: flow.amount - 100,
      currency: flow.currency,
      deliveryCount: 3,
    });
    expect(story.deliveries.map((delivery) => [delivery.kind, delivery.sourceIp, delivery.verdict])).toEqual([
      ["first", "3.18.12.63", "accepted"],
      ["retry", "3.130.192.231", "duplicate"],
      ["replay", "203.0.113.9", "duplicate"],
    ]);
    expect(story.deliveries.every((delivery) => delivery.matchedSecret?.fingerprint === books.endpoint.fingerprints[0])).toBe(true);
    expect(story.deliveries[1]!.signatureTimestamp).toBe(new Date((t + 5) * 1000).toISOString());
    for (const delivery of story.deliveries) expect(Date.parse(delivery.recordedAt!)).toBeGreaterThanOrEqual(Date.parse(delivery.receivedAt));
    expect(story.history.map((change) => [change.from, change.to])).toEqual([
      [null, "queued"],
      ["queued", "processing"],
      ["processing", "quarantined"],
    ]);
    expect(story.history[2]!.reason).toMatch(/^amount_mismatch/);
    expect(story.quarantine).toMatchObject({ reason: "amount_mismatch", status: "open", subject: `transaction:${flow.reference}`, explanation: expect.stringMatching(/amount/) });
    expect(story.quarantine!.evidence).toContainEqual({ field: "amount", expected: flow.amount, received: flow.amount - 100 });
    expect(story.effect).toBeNull();
    expect(story.payment).toBeNull();

    expect((await apiPost(`/api/v1/events/${event.id}/release`, books.operator, { reason: "the rest came by bank transfer" })).status).toBe(200);
    const released = await getEventStoryOrThrow(story.event.id); // by ledger id this time
    expect(released.event.status).toBe("processed");
    expect(released.history.at(-1)).toMatchObject({ from: "processing", to: "processed", actor: expect.stringMatching(/^api_key:/) });
    expect(released.history.some((change) => change.reason.includes("the rest came by bank transfer"))).toBe(true);
    expect(released.quarantine).toMatchObject({ status: "released", decisionReason: "the rest came by bank transfer", decidedBy: expect.stringMatching(/^api_key:/) });
    expect(released.effect).toMatchObject({ subject: `transaction:${flow.reference}`, kind: expect.stringMatching(/^transaction_/) });
    expect(released.payment).toEqual({ reference: flow.reference, status: "paid", amount: flow.amount, currency: flow.currency });
  });

  it("shows the latest deliveries of a flooded event and says how many are left out", async () => {
    const endpoint = await endpointWithSecret();
    const event = stripeEvent("customer.updated", { id: stripeId("cus"), object: "customer" });
    const delivery = signedDelivery(event, endpoint.name, endpoint.secret);
    for (let i = 0; i < STORY_DELIVERIES + 5; i++) await deliver(delivery);
    const story = await getEventStoryOrThrow(event.id, endpoint.name);
    expect(story.event.deliveryCount).toBe(STORY_DELIVERIES + 5);
    expect(story.deliveries).toHaveLength(STORY_DELIVERIES);
    expect(story.deliveriesOmitted).toBe(5);
    expect(story.deliveries.every((shown) => shown.kind === "replay")).toBe(true); // the first delivery is among the five left out
  });

  it("asks for the endpoint when the same Stripe id arrived on two, and says when there is no such event", async () => {
    const [one, two] = [await endpointWithSecret(), await endpointWithSecret()];
    const event = stripeEvent("customer.updated", { id: stripeId("cus"), object: "customer" });
    await deliver(signedDelivery(event, one.name, one.secret));
    await deliver(signedDelivery(event, two.name, two.secret));
    expect(await getEventStoryOrThrow(event.id).catch((error: AppError) => error.code)).toBe("ambiguous");
    expect((await getEventStoryOrThrow(event.id, two.name)).event.endpoint).toBe(two.name);
    expect(await getEventStoryOrThrow("evt_nothing_like_it").catch((error: AppError) => error.code)).toBe("not_found");
  });
});
