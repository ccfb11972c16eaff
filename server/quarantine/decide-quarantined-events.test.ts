import { afterAll, describe, expect, it } from "vitest";
import { checkoutSession, newPaymentFlow, stripeEvent } from "../../cli/simulate/stripe-events";
import { booksFixture } from "../../tests/support/books";
import type { AuditContext } from "../audit/audit-actor";
import { disconnect, prisma } from "../db";
import { decideQuarantinedEvents } from "./decide-quarantined-events";

afterAll(() => disconnect());

const audit: AuditContext = { actor: { kind: "user", id: "00000000-0000-4000-8000-000000000001", label: "ops@example.test" }, sourceAddress: "10.1.2.3" };

describe("deciding several quarantined events at once", () => {
  it("rejects each with the one reason and its own audit record; one decided meanwhile is reported, not decided twice", async () => {
    const books = await booksFixture();
    const events = [newPaymentFlow(), newPaymentFlow(), newPaymentFlow()].map((flow) => stripeEvent("checkout.session.completed", checkoutSession(flow)));
    await books.send(events);
    await books.settle();
    const ids = await Promise.all(events.map((event) => books.ledgerIdOf(event.id)));
    await decideQuarantinedEvents("release", { ids: [ids[2]!], reason: "checked by hand" }, audit);

    const outcome = await decideQuarantinedEvents("reject", { ids, reason: "staging traffic" }, audit);
    expect(outcome.decided).toBe(2);
    expect(outcome.failed).toEqual([{ id: ids[2], message: expect.stringContaining("not in quarantine") }]);
    const items = await prisma().quarantineItem.findMany({ where: { eventId: { in: ids } }, orderBy: { createdAt: "asc" } });
    expect(Object.fromEntries(items.map((item) => [item.eventId, item.status]))).toEqual({ [ids[0]!]: "rejected", [ids[1]!]: "rejected", [ids[2]!]: "released" });
    const entries = await prisma().auditEntry.findMany({ where: { action: "events.reject", subject: { in: events.map((event) => `event:${event.id}`) } } });
    expect(entries).toHaveLength(2);
    expect(entries.every((entry) => entry.detail === "reason: staging traffic" && entry.sourceAddress === "10.1.2.3")).toBe(true);
  });

  it("refuses bad input as a whole and changes nothing", async () => {
    await expect(decideQuarantinedEvents("reject", { ids: [], reason: "x" }, audit)).rejects.toMatchObject({ code: "invalid_request" });
    await expect(decideQuarantinedEvents("reject", { ids: ["not-a-uuid"], reason: "staging" }, audit)).rejects.toMatchObject({ code: "invalid_request" });
    const books = await booksFixture();
    const event = stripeEvent("checkout.session.completed", checkoutSession(newPaymentFlow()));
    await books.send([event]);
    await books.settle();
    const id = await books.ledgerIdOf(event.id);
    await expect(decideQuarantinedEvents("reject", { ids: [id], reason: " " }, audit)).rejects.toMatchObject({ code: "invalid_request" });
    expect((await prisma().quarantineItem.findUniqueOrThrow({ where: { eventId: id } })).status).toBe("open");
  });
});
