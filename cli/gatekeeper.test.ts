import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnect, pool } from "@/server/db";
import { loadStripeAddresses } from "@/server/gatekeeper/sources/source-addresses";
import { useFreshDatabase } from "@/tests/support/fresh-database";
import { auditEntries, deliverAndSettle, HELD_TYPE, statusesOf } from "@/tests/support/gatekeeper";
import { hookwarden } from "@/tests/support/hookwarden-cli";
import { endpointWithSecret } from "@/tests/support/intake";
import { settleEvents } from "@/tests/support/settle";

// Breakers and the address list are shared state; the CLI's processes inherit this database's URL.
beforeAll(async () => {
  await useFreshDatabase("gatekeeper_cli");
  await loadStripeAddresses();
}, 60_000);
afterAll(() => disconnect());

const breakerState = async (id: string) => (await pool().query<{ state: string; shed_until: Date | null }>(`SELECT state, shed_until FROM circuit_breaker WHERE id = $1`, [id])).rows[0];

describe("hookwarden gatekeeper", () => {
  it("forces a breaker open, shows it holding events with why, releases one and then the rest, and closes it, each audited as the CLI", { timeout: 180_000 }, async () => {
    const endpoint = await endpointWithSecret();
    const opened = await hookwarden(["gatekeeper", "breaker", "open", endpoint.name, "--types", HELD_TYPE, "--reason", "card testing suspected, INC-7"]);
    expect(opened.code, opened.stderr).toBe(0);
    const breakerId = /Breaker ([0-9a-f-]{36})/.exec(opened.stdout)![1]!;
    expect(opened.stdout).toContain(`is open (opened) for ${HELD_TYPE}`);
    const [first, ...others] = await deliverAndSettle(endpoint, 3);
    expect(await statusesOf([first!.id])).toEqual(["held"]);

    const status = await hookwarden(["gatekeeper", "status"]);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(new RegExp(`OPEN\\s+${endpoint.name}\\s+${HELD_TYPE}\\s+held 3`));
    expect(status.stdout).toContain("why: card testing suspected, INC-7");
    expect(status.stdout).toMatch(/opened \S+ by the command line/);
    const shown = await hookwarden(["gatekeeper", "breaker", "show", breakerId]);
    expect(shown.stdout).toContain(first!.stripe_event_id);
    expect(shown.stdout).toContain("breaker_opened");

    const one = await hookwarden(["gatekeeper", "release", "--events", first!.stripe_event_id, "--reason", "confirmed with the customer"]);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toContain("Released 1 held event");
    const rest = await hookwarden(["gatekeeper", "release", breakerId, "--reason", "the rest are genuine"]);
    expect(rest.stdout).toContain("Released 2 held event");
    await settleEvents(endpoint.name, [first!, ...others].map((event) => event.stripe_event_id));
    expect(await statusesOf([first!, ...others].map((event) => event.id))).toEqual(["processed", "processed", "processed"]);

    const closed = await hookwarden(["gatekeeper", "breaker", "close", breakerId, "--reason", "incident over"]);
    expect(closed.code, closed.stderr).toBe(0);
    expect(await breakerState(breakerId)).toMatchObject({ state: "closed" });
    expect((await auditEntries("gatekeeper.release_held")).filter((entry) => entry.actor_kind === "cli").map((entry) => entry.detail)).toEqual(["confirmed with the customer", "the rest are genuine"]);
    expect(await auditEntries("gatekeeper.force_breaker", `breaker:${breakerId}`)).toHaveLength(2);

    const decisions = await hookwarden(["gatekeeper", "decisions", "--endpoint", endpoint.name, "--kind", "breaker_opened,breaker_closed", "--json"]);
    expect(decisions.stdout.trim().split("\n").map((line) => (JSON.parse(line) as { kind: string }).kind)).toEqual(["breaker_closed", "breaker_opened"]);
  });

  it("half-opens and sheds (capped), sets a policy, edits the address list and lifts a block", { timeout: 180_000 }, async () => {
    const endpoint = await endpointWithSecret();
    const opened = await hookwarden(["gatekeeper", "breaker", "open", endpoint.name, "--reason", "drill", "--shed-hours", "100"]);
    expect(opened.code).toBe(1);
    expect(opened.stderr).toContain("at most 48");
    const shedding = await hookwarden(["gatekeeper", "breaker", "open", endpoint.name, "--reason", "drill", "--shed-hours", "12"]);
    expect(shedding.code, shedding.stderr).toBe(0);
    expect(shedding.stdout).toContain("Shed mode until");
    expect(shedding.stdout).toContain("about 9 days");
    const breakerId = /Breaker ([0-9a-f-]{36})/.exec(shedding.stdout)![1]!;
    const until = (await breakerState(breakerId))!.shed_until!.getTime();
    expect(until - Date.now()).toBeLessThanOrEqual(6 * 3_600_000);
    const halfOpen = await hookwarden(["gatekeeper", "breaker", "half-open", breakerId, "--reason", "quiet again"]);
    expect(halfOpen.code, halfOpen.stderr).toBe(0);
    expect(await breakerState(breakerId)).toMatchObject({ state: "half_open", shed_until: null });

    const policy = await hookwarden(["gatekeeper", "policy", endpoint.name, "enforce", "--reason", "Stripe only"]);
    expect(policy.stdout).toContain(`Source policy of "${endpoint.name}": enforce.`);
    expect((await pool().query(`SELECT source_policy FROM endpoint WHERE name = $1`, [endpoint.name])).rows[0]).toEqual({ source_policy: "enforce" });

    const added = await hookwarden(["gatekeeper", "sources", "add", "2001:db8::5", "--note", "announced"]);
    expect(added.code, added.stderr).toBe(0);
    expect((await hookwarden(["gatekeeper", "sources", "list"])).stdout).toMatch(/2001:db8::5\s+admin/);
    expect((await hookwarden(["gatekeeper", "sources", "remove", "2001:db8::5"])).code).toBe(0);
    const offline = await hookwarden(["gatekeeper", "sources", "refresh"], undefined, { HOOKWARDEN_STRIPE_IPS_URL: "http://127.0.0.1:9/ips_webhooks.json" });
    expect(offline.code).toBe(1);
    expect(offline.stderr).toContain("Nothing changed");

    const block = await pool().query<{ id: string }>(`INSERT INTO source_block (address, blocked_at, until, failures, reason) VALUES ('203.0.113.77', now(), now() + interval '10 minutes', 5, 'test') RETURNING id::text AS id`);
    const lifted = await hookwarden(["gatekeeper", "unblock", block.rows[0]!.id, "--reason", "our partner"]);
    expect(lifted.stdout).toContain("The block of 203.0.113.77 is lifted");
  });

  it("refuses bad flags and missing reasons with the usage, changing nothing", { timeout: 180_000 }, async () => {
    const endpoint = await endpointWithSecret();
    const attempts = await Promise.all([
      hookwarden(["gatekeeper", "breaker", "open", endpoint.name]),
      hookwarden(["gatekeeper", "breaker", "open", endpoint.name, "--reason", "x", "--shed-hours", "lots"]),
      hookwarden(["gatekeeper", "breaker", "open", endpoint.name, "--reason", "x", "--shed", "2"]),
      hookwarden(["gatekeeper", "release", "--reason", "nothing named"]),
      hookwarden(["gatekeeper", "policy", endpoint.name, "strict"]),
      hookwarden(["gatekeeper", "decisions", "--kind", "everything"]),
      hookwarden(["gatekeeper", "frobnicate"]),
    ]);
    for (const attempt of attempts) {
      expect(attempt.code, attempt.stderr).toBe(2);
      expect(attempt.stderr).toContain("Usage:");
    }
    expect((await pool().query(`SELECT count(*)::int AS count FROM circuit_breaker b JOIN endpoint e ON e.id = b.endpoint_id WHERE e.name = $1`, [endpoint.name])).rows[0]).toEqual({ count: 0 });
  });
});
