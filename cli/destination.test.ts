import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { subscriptionLifecycleEvents } from "./simulate/stripe-events";
import { fingerprint } from "../server/crypto/cipher";
import { disconnect, pool, prisma } from "../server/db";
import { dispatchDestinations } from "../server/destinations/dispatch-destinations";
import { booksFixture } from "../tests/support/books";
import { destinationReceiver } from "../tests/support/destination-receiver";
import { useFreshDatabase } from "../tests/support/fresh-database";
import { hookwarden } from "../tests/support/hookwarden-cli";

// Dispatch sends whatever is due in the whole database, and one test moves its clock: a database of its own.
beforeAll(async () => {
  await useFreshDatabase("destination_cli");
}, 60_000);
afterAll(() => disconnect());

const rowOf = async (endpoint: string, name: string) =>
  (
    await pool().query<{ state: string; paused_reason: string | null; event_types: string[]; forward_released: boolean; allow_internal: boolean; secret_fingerprint: string; url: string }>(
      `SELECT d.state, d.paused_reason, d.event_types, d.forward_released, d.allow_internal, d.secret_fingerprint, d.url FROM destination d JOIN endpoint ep ON ep.id = d.endpoint_id WHERE ep.name = $1 AND d.name = $2`,
      [endpoint, name],
    )
  ).rows[0];

const auditOf = (action: string) => prisma().auditEntry.findFirstOrThrow({ where: { action }, orderBy: { id: "desc" } });

/** Every destination, delivery and attempt as text, and the audit entries' count: what "changes nothing" compares. */
async function snapshot() {
  const rows = async (sql: string) => (await pool().query<{ row: string }>(sql)).rows.map((row) => row.row);
  return {
    destinations: await rows(`SELECT t::text AS row FROM destination t ORDER BY 1`),
    deliveries: await rows(`SELECT t::text AS row FROM destination_delivery t ORDER BY 1`),
    attempts: await rows(`SELECT t::text AS row FROM destination_attempt t ORDER BY 1`),
    audit: await prisma().auditEntry.count(),
  };
}

describe("hookwarden destination", () => {
  it("adds a destination and prints its secret once; lists and shows its backlog and attempts; pauses, resumes, retries, rotates, changes and deletes it, each audited as the CLI", async () => {
    const books = await booksFixture();
    const receiver = await destinationReceiver({ behaviour: [500] });
    const ref = `${books.endpoint.name}/orders-app`;

    const added = await hookwarden(["destination", "add", "--endpoint", books.endpoint.name, "--name", "orders-app", "--url", receiver.url, "--types", "customer.subscription.*", "--allow-internal"]);
    expect(added.stderr).toBe("");
    expect(added.code).toBe(0);
    const secret = /^Signing secret \(shown once; give it to your app, which verifies each message with it\): (whsec_\S+)$/m.exec(added.stdout)![1]!;
    expect(added.stdout).toContain(`Destination ${ref} added`);
    expect(await rowOf(books.endpoint.name, "orders-app")).toMatchObject({ state: "active", event_types: ["customer.subscription.*"], allow_internal: true, secret_fingerprint: fingerprint(secret) });
    expect(await auditOf("destinations.create")).toMatchObject({ actorKind: "cli", subject: `destination:${ref}` });

    // Four subscription events of one customer: the first is answered 500, the other three wait behind it.
    await books.send(subscriptionLifecycleEvents());
    await books.settle();
    await dispatchDestinations();

    const listed = await hookwarden(["destination", "list", "--endpoint", books.endpoint.name]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`^${ref}\\s+active\\s+${receiver.url.replace(/[.]/g, "\\.")}  customer\\.subscription\\.\\*$`, "m"));
    expect(listed.stdout).toMatch(/^ {4}4 pending \(1 failing\), 0 dead, 0 delivered in the last day; oldest pending since \d{4}-\d\d-\d\dT/m);
    expect(listed.stdout).not.toContain(secret);

    const shown = await hookwarden(["destination", "show", ref, "--status", "pending"]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`signing secret  ${fingerprint(secret)}`);
    expect(shown.stdout).toMatch(/^ {10}last error: answered 500$/m);
    expect(shown.stdout).toMatch(/^ {10}\S+ {2}failed {4}500 +\d+ ms {2}"failure 500: contact ••••"$/m);
    expect(shown.stdout).not.toContain("jenny.rosen");
    expect(shown.stdout).not.toContain(secret);
    expect(shown.stdout.match(/^ +\d+ {2}\S+ {2}pending /gm)).toHaveLength(4);

    const paused = await hookwarden(["destination", "pause", ref, "--reason", "deploying the app"]);
    expect(paused.code).toBe(0);
    expect(await rowOf(books.endpoint.name, "orders-app")).toMatchObject({ state: "paused", paused_reason: "deploying the app" });
    expect(await auditOf("destinations.pause")).toMatchObject({ actorKind: "cli", detail: "deploying the app" });
    expect((await hookwarden(["destination", "list"])).stdout).toMatch(/^ {4}paused since \S+: deploying the app$/m);

    const resumed = await hookwarden(["destination", "resume", ref]);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain(`Destination ${ref} resumed: 4 waiting deliveries are sent now, in order`);

    const retried = await hookwarden(["destination", "retry", ref, "--failing", "--reason", "the app is back"]);
    expect(retried.code).toBe(0);
    expect(retried.stdout).toContain(`1 failing delivery of ${ref} sent again now`);
    await dispatchDestinations();
    expect(receiver.accepted()).toHaveLength(4);
    const delivered = await hookwarden(["destination", "show", ref]);
    expect(delivered.stdout.match(/^ +\d+ {2}\S+ {2}delivered /gm)).toHaveLength(4);
    expect(delivered.stdout).toContain("0 pending (0 failing), 0 dead, 4 delivered in the last day");

    const rotated = await hookwarden(["destination", "rotate-secret", ref]);
    expect(rotated.code).toBe(0);
    const newSecret = /^New signing secret of \S+ \(shown once; give it to your app\): (whsec_\S+)$/m.exec(rotated.stdout)![1]!;
    expect(newSecret).not.toBe(secret);
    expect(rotated.stdout).toMatch(new RegExp(`^Until \\S+ each message is signed with the new and the previous secret \\(${fingerprint(secret)}\\)`, "m"));
    expect(await rowOf(books.endpoint.name, "orders-app")).toMatchObject({ secret_fingerprint: fingerprint(newSecret) });

    const changed = await hookwarden(["destination", "update", ref, "--types", "customer.subscription.*, invoice.paid", "--forward-released"]);
    expect(changed.code).toBe(0);
    expect(await rowOf(books.endpoint.name, "orders-app")).toMatchObject({ event_types: ["customer.subscription.*", "invoice.paid"], forward_released: true, allow_internal: true });

    const deleted = await hookwarden(["destination", "delete", ref, "--reason", "moved to the new app"]);
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toContain(`Destination ${ref} deleted with its deliveries (0 still waiting were dropped)`);
    expect(await rowOf(books.endpoint.name, "orders-app")).toBeUndefined();
    expect(await auditOf("destinations.delete")).toMatchObject({ actorKind: "cli", detail: "moved to the new app" });
    await receiver.close();
  }, 180_000);

  it("retries the dead deliveries written within --from and --to, with a reason", async () => {
    const books = await booksFixture();
    const receiver = await destinationReceiver({ then: 503 });
    const ref = `${books.endpoint.name}/billing`;
    expect((await hookwarden(["destination", "add", "--endpoint", books.endpoint.name, "--name", "billing", "--url", receiver.url, "--types", "invoice.paid", "--allow-internal"])).code).toBe(0);
    await books.send(subscriptionLifecycleEvents());
    await books.settle();
    await dispatchDestinations();
    await dispatchDestinations({ now: () => new Date(Date.now() + (72 * 60 + 1) * 60_000) }); // past the retry window: dead (and paused)
    expect((await hookwarden(["destination", "show", ref, "--status", "dead"])).stdout).toMatch(/^ +\d+ {2}\S+ {2}dead {6} 2 attempt\(s\)/m);

    const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
    const outside = await hookwarden(["destination", "retry", ref, "--reason", "the app is fixed", "--to", hourAgo]);
    expect(outside.stdout).toContain(`0 dead deliveries of ${ref} written until ${hourAgo} sent again now`);
    receiver.behaveNext([200]);
    const inside = await hookwarden(["destination", "retry", ref, "--reason", "the app is fixed", "--from", hourAgo]);
    expect(inside.code).toBe(0);
    expect(inside.stdout).toContain(`1 dead delivery of ${ref} written from ${hourAgo} sent again now`);
    expect(await auditOf("destinations.retry")).toMatchObject({ actorKind: "cli", detail: "the app is fixed", after: { which: "dead", retried: 1 } });
    expect((await hookwarden(["destination", "resume", ref])).stdout).toContain("1 waiting delivery is sent now");
    await dispatchDestinations();
    expect(receiver.accepted()).toHaveLength(1);
    await receiver.close();
  }, 180_000);

  it("refuses wrong flags, missing reasons, unknown destinations and bad input, saying so on stderr, and changes nothing", async () => {
    const books = await booksFixture();
    const endpoint = books.endpoint.name;
    const ref = `${endpoint}/kept`;
    expect((await hookwarden(["destination", "add", "--endpoint", endpoint, "--name", "kept", "--url", "https://app.example.com/hooks", "--types", "*"])).code).toBe(0);
    const before = await snapshot();
    const add = (...flags: string[]) => ["destination", "add", "--endpoint", endpoint, ...flags];
    const cases: [string[], number, RegExp][] = [
      [["destination", "pause", `${endpoint}/nope`, "--reason", "deploying the app"], 1, /No destination "[^"]+\/nope": name it by its id or as endpoint\/name/],
      [["destination", "pause", ref], 2, /destination pause needs --reason TEXT/],
      [["destination", "pause", ref, "--reason", "   "], 2, /destination pause needs --reason TEXT/],
      [["destination", "retry", ref], 2, /destination retry needs --reason TEXT/],
      [["destination", "delete", ref], 2, /destination delete needs --reason TEXT/],
      [["destination", "pause", ref, "--reason", "ok"], 1, /reason/],
      [["destination", "retry", ref, "--reason", "the app is fixed", "--from", "yesterday"], 1, /from must be a date and time, such as 2026-11-29T10:00:00Z/],
      [["destination", "retry", ref, "--reason", "the app is fixed", "--from", "2026-01-02T00:00:00Z", "--to", "2026-01-01T00:00:00Z"], 1, /to must be after from/],
      [["destination", "resume", ref], 1, /is not paused/],
      [["destination", "pause", ref, "--reason", "deploying the app", "--force"], 2, /Unknown option '--force'/],
      [["destination", "pause", ref, "other", "--reason", "deploying the app"], 2, /unexpected argument "other"/],
      [["destination", "pause", "--reason", "deploying the app"], 2, /destination pause needs a destination: its id or endpoint\/name/],
      [["destination", "show", ref, "--status", "lost"], 2, /--status must be one of pending, delivered, dead/],
      [["destination", "show", ref, "--before", "yesterday"], 2, /--before is a delivery number/],
      [["destination", "update", ref], 2, /destination update needs at least one of --url/],
      [["destination", "update", ref, "--forward-released", "--no-forward-released"], 2, /give --forward-released or --no-forward-released, not both/],
      [["destination", "update", ref, "--url", "http://10.0.0.5/hooks"], 1, /url must use https:\/\//],
      [add("--name", "fresh", "--url", "https://app.example.com/hooks"), 2, /destination add needs --types/],
      [["destination", "add", "--name", "fresh", "--url", "https://app.example.com/hooks", "--types", "*"], 2, /destination add needs --endpoint/],
      [add("--name", "fresh", "--url", "https://10.0.0.5/hooks", "--types", "*"), 1, /url reaches an internal address/],
      [add("--name", "fresh", "--url", "https://app.example.com/hooks", "--types", "invoice.paid,in*voice"), 1, /"in\*voice" is not an event type pattern/],
      [add("--name", "kept", "--url", "https://app.example.com/hooks", "--types", "*"), 1, /has a destination named "kept" already/],
      [["destination", "add", "--endpoint", "no-such-endpoint", "--name", "fresh", "--url", "https://app.example.com/hooks", "--types", "*"], 1, /No endpoint named "no-such-endpoint"/],
      [["destination", "list", "--endpoint", "no-such-endpoint"], 1, /No endpoint named "no-such-endpoint"/],
      [["destination", "forget", ref], 2, /unknown destination action "forget"/],
      [["destination"], 2, /destination needs an action: list, show, add/],
    ];
    for (const [args, code, message] of cases) {
      const result = await hookwarden(args);
      expect(result.stderr, args.join(" ")).toMatch(message);
      expect(result.code, args.join(" ")).toBe(code);
      expect(result.stdout, args.join(" ")).toBe("");
    }
    expect(await snapshot()).toEqual(before);
  }, 300_000);
});
