import { InngestTestEngine } from "@inngest/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkoutPaymentEvents, newPaymentFlow } from "../../cli/simulate/stripe-events";
import { useFakeStripe, endpointWithStripeKey } from "../../tests/support/fake-stripe";
import { useFreshDatabase } from "../../tests/support/fresh-database";
import { disconnect, prisma } from "../../server/db";
import type { FakeStripe } from "../../server/stripe-fake/fake-stripe";
import { scheduledReconciliation } from "./scheduled-reconciliation";

let fake: FakeStripe;
beforeAll(async () => {
  // The schedule runs on every endpoint with a key: a database of its own keeps other files' endpoints out.
  await useFreshDatabase("schedule");
  fake = await useFakeStripe();
});
afterAll(() => disconnect());

const tick = () => new InngestTestEngine({ function: scheduledReconciliation }).execute({ events: [{ name: "inngest/scheduled.timer", data: {} }] });

describe("the reconciliation schedule (Inngest cron function)", () => {
  it("runs what is due on each endpoint with a Stripe key, recovers the missed events, and does not run again before the interval", async () => {
    const endpoint = await endpointWithStripeKey();
    const events = checkoutPaymentEvents(newPaymentFlow());
    for (const event of events) fake.addEvent(event as unknown as Record<string, unknown>, { deliverySuccess: false, storeObject: true });

    const { error } = await tick();
    expect(error).toBeUndefined();
    const runs = await prisma().reconciliationRun.findMany({ orderBy: { kind: "asc" } });
    expect(runs.map((run) => [run.kind, run.status, run.requestedBy])).toEqual([
      ["drift_audit", "succeeded", "system"],
      ["missed_events", "succeeded", "system"],
    ]);
    expect(await prisma().stripeEvent.count({ where: { endpoint: { name: endpoint.name }, origin: "recovered" } })).toBe(3);

    await tick();
    expect(await prisma().reconciliationRun.count()).toBe(2);
  });

  it("marks a run left running by a process that stopped as failed (interrupted)", async () => {
    const endpoint = await prisma().endpoint.findFirstOrThrow();
    const stale = await prisma().reconciliationRun.create({
      data: { kind: "missed_events", endpointId: endpoint.id, requestedBy: "system", status: "running", heartbeatAt: new Date(Date.now() - 10 * 60_000) },
    });
    await tick();
    expect(await prisma().reconciliationRun.findUniqueOrThrow({ where: { id: stale.id } })).toMatchObject({ status: "failed", error: expect.stringContaining("interrupted") });
  });
});
