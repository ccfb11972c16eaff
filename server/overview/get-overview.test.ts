import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { checkoutPaymentEvents, checkoutSession, newPaymentFlow, stripeEvent } from "../../cli/simulate/stripe-events";
import { stripeId } from "../../cli/simulate/stripe-ids";
import { apiPost } from "../../tests/support/api";
import { booksFixture } from "../../tests/support/books";
import { endpointWithSecret, recordWithoutEnqueue } from "../../tests/support/intake";
import { settleEvents } from "../../tests/support/settle";
import { sealAtRest } from "../crypto/keys";
import { disconnect, pool, prisma } from "../db";
import { EVENT_STATUSES } from "../ledger/event-status";
import { recordDelivery } from "../ledger/record-delivery";
import { parseStripeEvent } from "../intake/parse-stripe-event";
import { getOverview } from "./get-overview";

afterAll(() => disconnect());

/**
 * The tally and the per-minute rollup against a full count of the ledger, in ONE statement:
 * one snapshot, so other test files writing meanwhile cannot make them differ.
 */
async function rollupsAgainstLedger() {
  const { rows } = await pool().query<{
    tally: Record<string, string> | null;
    counted: Record<string, string> | null;
    open_tally: Record<string, string> | null;
    open_counted: Record<string, string> | null;
    minutes_off: number;
  }>(`
    SELECT
      (SELECT json_object_agg(status, n) FROM (SELECT status, sum(events) AS n FROM event_status_tally GROUP BY status HAVING sum(events) <> 0) t) AS tally,
      (SELECT json_object_agg(status, n) FROM (SELECT status, count(*) AS n FROM stripe_event GROUP BY status) c) AS counted,
      (SELECT json_object_agg(reason, n) FROM (SELECT reason, sum(items) AS n FROM quarantine_open_tally GROUP BY reason HAVING sum(items) <> 0) t) AS open_tally,
      (SELECT json_object_agg(reason, n) FROM (SELECT reason, count(*) AS n FROM quarantine_item WHERE status = 'open' GROUP BY reason) c) AS open_counted,
      (SELECT count(*)::int FROM (
        (SELECT minute, sum(deliveries) AS deliveries, sum(events) AS events FROM intake_minute GROUP BY minute
         EXCEPT
         SELECT date_trunc('minute', received_at), count(*), count(*) FILTER (WHERE kind = 'first') FROM delivery GROUP BY 1)
        UNION ALL
        (SELECT date_trunc('minute', received_at), count(*), count(*) FILTER (WHERE kind = 'first') FROM delivery GROUP BY 1
         EXCEPT
         SELECT minute, sum(deliveries), sum(events) FROM intake_minute GROUP BY minute)
      ) off) AS minutes_off`);
  const numbers = (value: Record<string, string> | null) => Object.fromEntries(Object.entries(value ?? {}).map(([status, n]) => [status, Number(n)]));
  const row = rows[0]!;
  return { tally: numbers(row.tally), counted: numbers(row.counted), openTally: numbers(row.open_tally), openCounted: numbers(row.open_counted), minutesOff: row.minutes_off };
}

describe("getOverview", () => {
  it("keeps the tallies and the per-minute rollup equal to a full count, through intake, processing, quarantine and decisions", async () => {
    const books = await booksFixture();
    const paid = newPaymentFlow();
    const short = newPaymentFlow();
    const rejected = newPaymentFlow();
    for (const flow of [paid, short, rejected]) await books.register({ reference: flow.reference, amount: flow.amount, currency: flow.currency });
    const events = [
      ...checkoutPaymentEvents(paid),
      stripeEvent("checkout.session.completed", checkoutSession({ ...short, amount: short.amount - 100 })),
      stripeEvent("checkout.session.completed", checkoutSession({ ...rejected, amount: rejected.amount - 100 })),
    ];
    await books.send(events);
    await books.send(events.slice(0, 2)); // retries: deliveries, not events
    await settleEvents(books.endpoint.name, events.map((event) => event.id));
    expect(await books.statusOf(events[4]!.id)).toBe("quarantined");
    expect((await apiPost(`/api/v1/events/${events[4]!.id}/release`, books.operator, { reason: "customer paid the rest by bank transfer" })).status).toBe(200);
    expect((await apiPost(`/api/v1/events/${events[5]!.id}/reject`, books.operator, { reason: "a test payment" })).status).toBe(200);

    const after = await rollupsAgainstLedger();
    expect(after.tally).toEqual(after.counted);
    expect(after.openTally).toEqual(after.openCounted);
    expect(after.minutesOff).toBe(0);
    expect(after.counted.processed).toBeGreaterThanOrEqual(4);
  });

  it("folds the tally rows of connections that ended into one, and the totals do not move", async () => {
    const { name } = await endpointWithSecret();
    const recorded = await recordWithoutEnqueue(stripeEvent("customer.updated", { id: stripeId("cus"), object: "customer" }), name); // `received`
    // A connection of its own (another server process, say) changes the status, then goes away.
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    const pid = (await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
    const changed = await client.query(`UPDATE stripe_event SET status = 'ignored', processed_at = now() WHERE id = $1 AND status = 'received'`, [recorded.eventId]);
    expect(changed.rowCount).toBe(1);
    expect(await prisma().eventStatusTally.findMany({ where: { backend: pid }, select: { status: true, events: true }, orderBy: { status: "asc" } })).toEqual([
      { status: "ignored", events: 1n },
      { status: "received", events: -1n },
    ]);
    await client.end();
    for (let i = 0; i < 100 && (await pool().query("SELECT 1 FROM pg_stat_activity WHERE pid = $1", [pid])).rowCount; i++) await new Promise((resolve) => setTimeout(resolve, 20));

    await getOverview();
    expect(await prisma().eventStatusTally.count({ where: { backend: pid } })).toBe(0);
    const folded = await rollupsAgainstLedger();
    expect(folded.tally).toEqual(folded.counted);
  });

  it("reports the queue, its oldest event, quarantine by reason, the 24-hour series and the intake latency", async () => {
    const books = await booksFixture();
    const short = newPaymentFlow();
    await books.register({ reference: short.reference, amount: short.amount, currency: short.currency });
    const quarantined = stripeEvent("checkout.session.completed", checkoutSession({ ...short, amount: 1 }));
    const fresh = stripeEvent("customer.updated", { id: stripeId("cus"), object: "customer" });
    await books.send([quarantined, fresh]);
    await settleEvents(books.endpoint.name, [quarantined.id, fresh.id]);

    // An event received 30 days ago that a worker is still holding: the oldest unprocessed one.
    const stale = stripeEvent("customer.created", { id: stripeId("cus"), object: "customer" });
    const body = Buffer.from(JSON.stringify(stale));
    const endpoint = await prisma().endpoint.findUniqueOrThrow({ where: { name: books.endpoint.name }, include: { secrets: true } });
    const receivedAt = new Date(Date.now() - 30 * 86_400_000);
    const recorded = await recordDelivery({
      endpointId: endpoint.id, event: parseStripeEvent(body)!, payloadCiphertext: sealAtRest(body), payloadSha256: "0".repeat(64), payloadSize: body.length,
      receivedAt, signatureTimestamp: Math.floor(receivedAt.getTime() / 1000), matchedSignature: "b".repeat(64), matchedSecretId: endpoint.secrets[0]!.id, sourceIp: null, initialStatus: "received",
    });
    await pool().query(`UPDATE stripe_event SET status = 'processing', claimed_at = now() WHERE id = $1`, [recorded.eventId]);
    try {
      const overview = await getOverview();
      expect(overview.queue.oldest).toMatchObject({ id: recorded.eventId, stripeEventId: stale.id, status: "processing", receivedAt: receivedAt.toISOString() });
      expect(overview.queue.oldest!.ageSeconds).toBeGreaterThanOrEqual(30 * 86_400 - 5);
      expect(overview.queue.byStatus.processing).toBeGreaterThanOrEqual(1);
      expect(overview.queue.depth).toBe(overview.queue.byStatus.received + overview.queue.byStatus.queued + overview.queue.byStatus.processing + overview.queue.byStatus.failed);
      expect(Object.keys(overview.statuses).sort()).toEqual([...EVENT_STATUSES].sort());
      expect(overview.dead).toBe(overview.statuses.dead);
      expect(overview.awaitingLink).toBe(overview.statuses.awaiting_link);

      const mismatch = overview.quarantine.byReason.find((group) => group.reason === "amount_mismatch");
      expect(mismatch?.count).toBeGreaterThanOrEqual(1);
      expect(mismatch?.explanation).toMatch(/amount differs/);
      expect(overview.quarantine.open).toBe(overview.quarantine.byReason.reduce((sum, group) => sum + group.count, 0));

      expect(overview.perMinute).toHaveLength(1440);
      const minutes = overview.perMinute.map((bucket) => Date.parse(bucket.minute));
      expect(minutes.every((minute, i) => i === 0 || minute - minutes[i - 1]! === 60_000)).toBe(true);
      expect(Date.parse(overview.at) - minutes.at(-1)!).toBeLessThan(60_000);
      expect(overview.last24h.deliveries).toBeGreaterThanOrEqual(2);
      expect(overview.last24h.events).toBeLessThanOrEqual(overview.last24h.deliveries);
      // The stale event was recorded 30 days ago: counted in its own minute, not in the last 24 hours.
      const staleMinute = await prisma().intakeMinute.aggregate({ where: { minute: new Date(Math.floor(receivedAt.getTime() / 60_000) * 60_000) }, _sum: { events: true } });
      expect(staleMinute._sum.events).toBe(1);

      expect(overview.intakeLatency.sample).toBeGreaterThanOrEqual(2);
      expect(overview.intakeLatency.p50Ms).toBeGreaterThanOrEqual(0);
      expect(overview.intakeLatency.p99Ms).toBeGreaterThanOrEqual(overview.intakeLatency.p50Ms!);
      expect(overview.intakeLatency.p99Ms).toBeLessThan(60_000);
    } finally {
      await pool().query(`UPDATE stripe_event SET status = 'ignored', processed_at = now() WHERE id = $1`, [recorded.eventId]);
    }
    const after = await getOverview();
    expect(after.queue.oldest?.id).not.toBe(recorded.eventId);
  });
});
