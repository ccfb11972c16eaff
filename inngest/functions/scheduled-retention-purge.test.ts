import { InngestTestEngine } from "@inngest/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { booksFixture } from "../../tests/support/books";
import { customerWithHistory } from "../../tests/support/customer-history";
import { useFreshDatabase } from "../../tests/support/fresh-database";
import { disconnect, pool, prisma } from "../../server/db";
import { scheduledRetentionPurge } from "./scheduled-retention-purge";

beforeAll(async () => {
  // The purge runs on the whole ledger: a database of its own keeps other files' events out.
  await useFreshDatabase("retention_schedule");
}, 60_000);
afterAll(() => disconnect());

const tick = () => new InngestTestEngine({ function: scheduledRetentionPurge }).execute({ events: [{ name: "inngest/scheduled.timer", data: {} }] });

describe("the retention schedule (Inngest cron function)", () => {
  it("purges what is due, records the runs as the schedule's, and does not run again before the interval", async () => {
    const { events } = await customerWithHistory(await booksFixture());
    await pool().query(`UPDATE stripe_event SET first_received_at = now() - interval '31 days' WHERE stripe_event_id = ANY($1::text[])`, [events.map((event) => event.id)]);

    const { error } = await tick();
    expect(error).toBeUndefined();
    const purges = await prisma().retentionPurge.findMany({ orderBy: { kind: "asc" } });
    expect(purges.map((purge) => [purge.kind, purge.status, purge.requestedBy, purge.counts])).toEqual([
      ["raw_payloads", "succeeded", "schedule", { stripe_event: events.length }],
      ["records", "succeeded", "schedule", {}],
    ]);
    expect(await prisma().stripeEvent.count({ where: { payloadCiphertext: { not: null } } })).toBe(0);

    await tick();
    expect(await prisma().retentionPurge.count()).toBe(2);
  });

  it("marks a purge left running by a process that stopped as failed (interrupted)", async () => {
    const stale = await prisma().retentionPurge.create({
      data: { kind: "raw_payloads", requestedBy: "schedule", cutoff: new Date(), heartbeatAt: new Date(Date.now() - 20 * 60_000), startedAt: new Date(Date.now() - 20 * 60_000) },
    });
    await tick();
    expect(await prisma().retentionPurge.findUniqueOrThrow({ where: { id: stale.id } })).toMatchObject({ status: "failed", error: expect.stringContaining("interrupted") });
  });
});
