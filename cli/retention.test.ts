import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnect, pool, prisma } from "../server/db";
import { booksFixture } from "../tests/support/books";
import { customerWithHistory } from "../tests/support/customer-history";
import { useFreshDatabase } from "../tests/support/fresh-database";
import { hookwarden } from "../tests/support/hookwarden-cli";

// A purge works on the whole ledger: this file has a database of its own.
beforeAll(async () => {
  await useFreshDatabase("retention_cli");
}, 60_000);
afterAll(() => disconnect());

describe("hookwarden retention", () => {
  it("a dry run says what would go and changes nothing; a purge removes it and says so; status lists the purges", async () => {
    const { events } = await customerWithHistory(await booksFixture());
    await pool().query(`UPDATE stripe_event SET first_received_at = now() - interval '45 days' WHERE stripe_event_id = ANY($1::text[])`, [events.map((event) => event.id)]);

    const wrong = await hookwarden(["retention", "purge", "--everything"]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/Unknown option '--everything'/);
    expect((await hookwarden(["retention", "purge", "--batch-size", "0"])).stderr).toMatch(/--batch-size is a whole number of events from 1 to 10000/);

    const dry = await hookwarden(["retention", "purge", "--dry-run"]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain("Dry run: nothing changed.");
    expect(dry.stdout).toMatch(new RegExp(`: ${events.length} would be replaced by their masked copy \\(0 kept: not settled yet\\)`));
    expect(await prisma().stripeEvent.count({ where: { payloadCiphertext: null } })).toBe(0);
    expect(await prisma().retentionPurge.count()).toBe(0);

    const purge = await hookwarden(["retention", "purge", "--batch-size", "2"]);
    expect(purge.stderr).toBe("");
    expect(purge.stdout).toMatch(new RegExp(`Raw payloads replaced by their masked copy: stripe_event ${events.length} \\(${Math.ceil(events.length / 2)} batches`));
    expect(purge.stdout).toMatch(/Records deleted: stripe_event 0, delivery 0, event_status_change 0/);
    expect(await prisma().stripeEvent.count({ where: { payloadCiphertext: null } })).toBe(events.length);

    const status = await hookwarden(["retention", "status"]);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain("Raw payloads kept 30 days, records 365 days; purged every 60 minutes.");
    expect(status.stdout).toContain("Due now: 0 raw payloads, 0 records");
    expect(status.stdout).toMatch(new RegExp(`raw_payloads\\s+succeeded by cli .*: stripe_event ${events.length}`));
  }, 60_000);
});
