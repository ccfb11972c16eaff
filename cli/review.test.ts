import { afterAll, describe, expect, it } from "vitest";
import { cardAttemptEvents } from "./simulate/card-attempts";
import { stripeId } from "./simulate/stripe-ids";
import { disconnect, prisma } from "../server/db";
import { booksFixture } from "../tests/support/books";
import { hookwarden } from "../tests/support/hookwarden-cli";
import { cardTestingRun } from "../tests/support/payment-traffic";
import { settleEvents } from "../tests/support/settle";

afterAll(() => disconnect());

describe("hookwarden review", () => {
  it("lists and shows a review (masked), refuses a decision without a reason, and dismisses one with a reason, audited as the CLI", async () => {
    const books = await booksFixture();
    const customer = stripeId("cus");
    const run = cardTestingRun({ start: Math.floor(Date.now() / 1000) - 900, attempts: 8, everySeconds: 30, customer, email: "cli.tester@example.com" });
    const events = run.flatMap(cardAttemptEvents);
    await books.send(events);
    await settleEvents(books.endpoint.name, events.map((event) => event.id));
    const item = await prisma().reviewItem.findFirstOrThrow({ where: { customerId: customer } });

    const list = await hookwarden(["review", "list", "--limit", "200"]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`${item.id}\\s+${item.score} (elevated|highest)\\s+card_testing\\s+customer ${customer}`));

    const shown = await hookwarden(["review", "show", item.id]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`card_testing on customer ${customer}: score ${item.score}`);
    expect(shown.stdout).toMatch(/Reasons:\n {2}\+\d/);
    expect(shown.stdout).toContain(`${run[0]!.card.brand} ••••${run[0]!.card.last4}`);
    expect(shown.stdout).not.toContain(run[0]!.card.fingerprint);
    expect(shown.stdout).not.toContain("cli.tester@example.com");

    const refused = await hookwarden(["review", "dismiss", item.id]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("review dismiss needs --reason TEXT");
    expect((await prisma().reviewItem.findUniqueOrThrow({ where: { id: item.id } })).status).toBe("open");

    const dismissed = await hookwarden(["review", "dismiss", item.id, "--reason", "load test from our own team"]);
    expect(dismissed).toMatchObject({ code: 0, stdout: expect.stringContaining(`Review ${item.id} dismissed as legitimate`) });
    expect(await prisma().reviewItem.findUniqueOrThrow({ where: { id: item.id } })).toMatchObject({ status: "dismissed", decidedBy: "cli", decisionReason: "load test from our own team" });
    expect(await prisma().auditEntry.findFirstOrThrow({ where: { action: "reviews.dismiss", subject: `review:${item.id}` } })).toMatchObject({ actorKind: "cli" });
    expect((await hookwarden(["review", "confirm", item.id, "--reason", "again"])).stderr).toContain("already dismissed");
  }, 120_000);
});
