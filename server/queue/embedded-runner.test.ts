import { afterAll, describe, expect, it } from "vitest";
import { checkoutSession, newPaymentFlow, stripeEvent } from "../../cli/simulate/stripe-events";
import { booksFixture } from "../../tests/support/books";
import { recordWithoutEnqueue } from "../../tests/support/intake";
import { startWorker } from "../../tests/support/workers";
import { disconnect, pool, prisma } from "../db";

afterAll(() => disconnect());

describe("embedded runner", () => {
  it("resumes after being killed mid-batch: nothing lost, nothing applied twice", async () => {
    const books = await booksFixture();
    const flows = Array.from({ length: 300 }, () => newPaymentFlow());
    const ids: string[] = [];
    for (const flow of flows) {
      await books.register({ reference: flow.reference, amount: flow.amount, currency: flow.currency, customer: flow.customer });
      // Recorded but held back (`received`) until the worker is up, so that it alone processes them.
      ids.push((await recordWithoutEnqueue(stripeEvent("checkout.session.completed", checkoutSession(flow)), books.endpoint.name)).eventId);
    }
    const processed = async () => Number((await pool().query(`SELECT count(*) FROM effect WHERE event_id = ANY($1::uuid[])`, [ids])).rows[0].count);

    const first = startWorker({ CONCURRENCY: "4", IDLE_MS: "60000" });
    await pool().query(`UPDATE stripe_event SET status = 'queued' WHERE id = ANY($1::uuid[])`, [ids]);
    await expect.poll(processed, { timeout: 30_000, interval: 10 }).toBeGreaterThanOrEqual(30);
    first.child.kill("SIGKILL");
    await first.exited;
    const atKill = await processed();
    expect(atKill).toBeLessThan(ids.length); // it really died mid-batch

    const second = startWorker({ CONCURRENCY: "4", IDLE_MS: "1000", RESUME: "1" });
    expect(await second.exited).toBe(0);

    expect(await processed()).toBe(ids.length);
    const statuses = await prisma().stripeEvent.groupBy({ by: ["status"], where: { id: { in: ids } }, _count: true });
    expect(statuses).toEqual([{ status: "processed", _count: ids.length }]);
    expect(await prisma().transaction.count({ where: { reference: { in: flows.map((flow) => flow.reference) }, status: "paid" } })).toBe(ids.length);
  }, 90_000);
});
