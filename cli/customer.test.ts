import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkoutSession, newPaymentFlow, stripeEvent } from "./simulate/stripe-events";
import { disconnect, pool, prisma } from "../server/db";
import { flushTraffic } from "../server/gatekeeper/traffic/traffic-recorder";
import { releaseQuarantinedEvent } from "../server/quarantine/decide-quarantine";
import { booksFixture } from "../tests/support/books";
import { cliContext } from "../tests/support/users";
import { customerWithHistory } from "../tests/support/customer-history";
import { useFreshDatabase } from "../tests/support/fresh-database";
import { hookwarden } from "../tests/support/hookwarden-cli";

// Erasure is checked by searching every table: this file has a database of its own.
beforeAll(async () => {
  await useFreshDatabase("customer_cli");
}, 60_000);
afterAll(() => disconnect());

/** Every row of every table (but the append-only audit log) as text: what "changes nothing" compares. */
async function everything(): Promise<string[]> {
  await flushTraffic(); // the deliveries' traffic counts are written a moment later: write them now, so they are not taken for a change
  const tables = await pool().query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('audit_entry', '_prisma_migrations') ORDER BY 1`);
  const rows: string[] = [];
  for (const { name } of tables.rows) {
    const found = await pool().query<{ row: string }>(`SELECT t::text AS row FROM "${name}" t ORDER BY 1`);
    rows.push(...found.rows.map((row) => `${name}:${row.row}`));
  }
  return rows;
}

/** Tables (the audit log too) in which `text` appears anywhere, case-insensitive. */
async function tablesHolding(text: string): Promise<string[]> {
  const tables = await pool().query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
  const holding: string[] = [];
  for (const { name } of tables.rows) {
    const found = await pool().query<{ n: number }>(`SELECT count(*)::int AS n FROM "${name}" t WHERE t::text ILIKE $1`, [`%${text}%`]);
    if (found.rows[0]!.n > 0) holding.push(name);
  }
  return holding;
}

async function figures(customer: string, reference: string) {
  return {
    events: await prisma().stripeEvent.findMany({ where: { customerId: customer }, orderBy: { id: "asc" }, select: { id: true, stripeEventId: true, type: true, status: true, amount: true, currency: true, deliveryCount: true, stripeCreatedAt: true } }),
    payment: await prisma().transaction.findUniqueOrThrow({ where: { reference }, include: { links: true }, omit: { customer: true, updatedAt: true } }),
    subscriptions: await prisma().subscription.findMany({ where: { customerId: customer }, omit: { updatedAt: true } }),
    invoices: await prisma().subscriptionInvoice.findMany({ where: { customerId: customer } }),
    effects: await prisma().effect.count(),
    deliveries: await prisma().delivery.count(),
    history: await prisma().eventStatusChange.count(),
  };
}

describe("hookwarden customer export and erase (data-subject requests)", () => {
  let erin: Awaited<ReturnType<typeof customerWithHistory>>;
  let other: Awaited<ReturnType<typeof customerWithHistory>>;
  let folder: string;
  let quarantinedSession: string;

  beforeAll(async () => {
    const fixture = await booksFixture();
    erin = await customerWithHistory(fixture);
    other = await customerWithHistory(fixture);
    // A payment registered for someone else that Erin's session claims: quarantined, with her e-mail address as evidence.
    const flow = newPaymentFlow({ customer: erin.customer, email: erin.email });
    await fixture.register({ reference: flow.reference, amount: flow.amount, currency: flow.currency, customer: "someone.else@example.net" });
    const session = stripeEvent("checkout.session.completed", checkoutSession(flow));
    await fixture.send([session]);
    await fixture.settle();
    expect(await fixture.statusOf(session.id)).toBe("quarantined");
    quarantinedSession = session.id;
    folder = mkdtempSync(path.join(tmpdir(), "hookwarden-export-"));
  }, 60_000);

  it("exports everything held about the customer to a private file, and nothing of another customer, with an audit entry of counts", async () => {
    const out = path.join(folder, "erin.json");
    const result = await hookwarden(["customer", "export", erin.customer, "--out", out]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`Exported ${erin.customer}: ${erin.events.length + 1} events, ${erin.events.length + 1} deliveries, 1 registered payments, 1 subscriptions, 1 invoices, 1 quarantine items`));
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const text = readFileSync(out, "utf8");
    const document = JSON.parse(text) as { customer: string; events: { id: string; payload: unknown; deliveries: unknown[] }[]; payments: { reference: string; amount: number; status: string }[]; subscriptions: unknown[]; entitlements: unknown[]; quarantine: unknown[] };
    expect(document.customer).toBe(erin.customer);
    expect(document.events.map((event) => event.id).sort()).toEqual(expect.arrayContaining(erin.events.map((event) => event.id)));
    expect(document.events.every((event) => event.deliveries.length === 1)).toBe(true);
    expect(JSON.stringify(document.events.map((event) => event.payload))).toContain(erin.email);
    expect(text).toContain(erin.name);
    expect(document.payments).toEqual([expect.objectContaining({ reference: erin.reference, amount: 3000, status: "paid" })]);
    expect(document.subscriptions).toHaveLength(1);
    expect(document.entitlements).toHaveLength(1);
    expect(document.quarantine).toEqual([expect.objectContaining({ reason: "customer_mismatch" })]);
    for (const foreign of [other.customer, other.email, other.name, other.reference]) expect(text).not.toContain(foreign);

    const entry = await prisma().auditEntry.findFirstOrThrow({ where: { action: "customers.export" }, orderBy: { id: "desc" } });
    expect(entry).toMatchObject({ actorKind: "cli", subject: `customer:${erin.customer}`, after: expect.objectContaining({ events: erin.events.length + 1, payments: 1 }) });
    expect(JSON.stringify({ ...entry, id: String(entry.id) })).not.toContain(erin.email);
  }, 60_000);

  it("refuses an unknown customer, a malformed id, a wrong flag or a missing reason, saying so, and changes nothing", async () => {
    const before = await everything();
    const audits = await prisma().auditEntry.count();
    const cases: [string[], number, RegExp][] = [
      [["customer", "erase", "cus_Unknown123", "--reason", "ticket 1"], 1, /Hookwarden knows nothing of cus_Unknown123: .*Nothing changed/],
      [["customer", "export", "cus_Unknown123", "--out", path.join(folder, "none.json")], 1, /Hookwarden knows nothing of cus_Unknown123/],
      [["customer", "erase", "jenny@example.com", "--reason", "ticket 1"], 1, /"jenny@example.com" is not a customer id: a Stripe customer id looks like cus_/],
      [["customer", "erase", erin.customer], 2, /customer erase needs --reason/],
      [["customer", "erase", erin.customer, "--reason", "ticket 1", "--force"], 2, /Unknown option '--force'/],
      [["customer", "erase", erin.customer, other.customer, "--reason", "ticket 1"], 2, /unexpected argument/],
      [["customer", "forget", erin.customer], 2, /unknown customer action "forget"/],
    ];
    for (const [args, code, message] of cases) {
      const result = await hookwarden(args);
      expect(result.stderr, args.join(" ")).toMatch(message);
      expect(result.code, args.join(" ")).toBe(code);
    }
    expect(() => statSync(path.join(folder, "none.json"))).toThrow();
    expect(await everything()).toEqual(before);
    expect(await prisma().auditEntry.count()).toBe(audits);
  }, 60_000);

  it("erases the customer's personal data from payloads, masked payloads and the books, keeps every figure and the other customer's data, audits it, and a second erase changes nothing", async () => {
    const before = await figures(erin.customer, erin.reference);
    const otherBefore = (await everything()).filter((row) => row.includes(other.customer) || row.includes(other.reference));
    expect(await tablesHolding(erin.email)).toEqual(expect.arrayContaining(["payment_transaction", "quarantine_item"]));

    const result = await hookwarden(["customer", "erase", erin.customer, "--reason", "GDPR request #4411"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`Erased ${erin.customer}: rows changed: stripe_event ${erin.events.length + 1}, .*payment_transaction 1`));

    expect(await tablesHolding(erin.email)).toEqual([]);
    expect(await tablesHolding(erin.name)).toEqual([]);
    expect(await figures(erin.customer, erin.reference)).toEqual(before);
    expect(await prisma().transaction.findUniqueOrThrow({ where: { reference: erin.reference } })).toMatchObject({ customer: "[erased]", status: "paid", amount: 3000, paidByCustomer: erin.customer });
    expect(await prisma().stripeEvent.count({ where: { customerId: erin.customer, payloadCiphertext: { not: null } } })).toBe(0);
    expect(await prisma().stripeEvent.count({ where: { customerId: erin.customer, payloadRemovedBy: "erasure" } })).toBe(erin.events.length + 1);
    // The other customer is untouched: every row that names them is as it was.
    expect((await everything()).filter((row) => row.includes(other.customer) || row.includes(other.reference))).toEqual(otherBefore);
    expect(await tablesHolding(other.email)).toEqual(expect.arrayContaining(["payment_transaction"]));

    const entry = await prisma().auditEntry.findFirstOrThrow({ where: { action: "customers.erase" }, orderBy: { id: "desc" } });
    expect(entry).toMatchObject({ actorKind: "cli", subject: `customer:${erin.customer}`, detail: "GDPR request #4411", after: { events: erin.events.length + 1, changed: expect.objectContaining({ stripe_event: erin.events.length + 1, payment_transaction: 1 }) } });

    const snapshot = await everything();
    const again = await hookwarden(["customer", "erase", erin.customer, "--reason", "GDPR request #4411, again"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`Nothing left to erase for ${erin.customer}`);
    expect(await everything()).toEqual(snapshot);

    // Its quarantined event cannot be released from a payload that is gone: refused, saying why, and still open.
    await expect(releaseQuarantinedEvent({ stripeEventId: quarantinedSession }, { reason: "looks fine to me" }, cliContext)).rejects.toThrow(/cannot be released: its raw payload was removed by a data-subject erasure/);
    expect(await prisma().quarantineItem.findFirstOrThrow({ where: { reason: "customer_mismatch" } })).toMatchObject({ status: "open" });

    // What is left can still be exported: masked, with the figures.
    const out = path.join(folder, "erin-after.json");
    expect((await hookwarden(["customer", "export", erin.customer, "--out", out])).code).toBe(0);
    const text = readFileSync(out, "utf8");
    expect(text).not.toContain(erin.email);
    expect(text).toContain('"amount": 3000');
  }, 60_000);
});
