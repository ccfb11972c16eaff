import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { stripeEvent } from "@/cli/simulate/stripe-events";
import { useFreshDatabase } from "@/tests/support/fresh-database";
import { auditEntries } from "@/tests/support/gatekeeper";
import { deliver, endpointWithSecret, signedDelivery } from "@/tests/support/intake";
import { cliContext } from "@/tests/support/users";
import { disconnect, pool } from "../../db";
import { reloadEnv } from "../../env";
import { listSources } from "../views/list-sources";
import { addSourceAddress } from "./add-source-address";
import { liftSourceBlock } from "./lift-source-block";
import { refreshSourceAddresses } from "./refresh-source-addresses";
import { removeSourceAddress } from "./remove-source-address";
import { setSourcePolicy } from "./set-source-policy";
import { isStripeAddress, loadStripeAddresses } from "./source-addresses";
import { settleSourceBlocks, sourceBlockedUntil } from "./source-limiter";
import { STRIPE_WEBHOOK_ADDRESSES } from "./stripe-webhook-addresses";

// The address list and the blocks are whole tables every process reads: a database of its own.
beforeAll(() => useFreshDatabase("source_admin"), 60_000);
afterAll(async () => {
  await new Promise((resolve) => stripeList.close(resolve));
  delete process.env.HOOKWARDEN_STRIPE_IPS_URL;
  reloadEnv();
  await disconnect();
});

/** A local stand-in for https://stripe.com/files/ips/ips_webhooks.json: it answers whatever the test sets. */
let answer: { status: number; body: string } = { status: 200, body: "{}" };
const stripeList: Server = createServer((_request, response) => {
  response.writeHead(answer.status, { "content-type": "application/json" });
  response.end(answer.body);
});
beforeAll(async () => {
  await new Promise<void>((resolve) => stripeList.listen(0, "127.0.0.1", resolve));
  process.env.HOOKWARDEN_STRIPE_IPS_URL = `http://127.0.0.1:${(stripeList.address() as AddressInfo).port}/files/ips/ips_webhooks.json`;
  reloadEnv();
});

async function addresses() {
  const rows = await pool().query<{ address: string; origin: string }>(`SELECT address, origin FROM stripe_source_address ORDER BY address`);
  return rows.rows;
}

async function resetToShipped() {
  await pool().query(`DELETE FROM stripe_source_address`);
  await loadStripeAddresses();
}

describe("the address list", () => {
  beforeEach(resetToShipped);

  it("an admin adds an address (IPv6 as intake sees it), used at once, audited; a duplicate or a range is refused", async () => {
    expect(isStripeAddress("2001:db8::7")).toBe(false);
    expect(await addSourceAddress({ address: "2001:DB8:0:0::7", note: "Stripe's announcement of 2026-12-01" }, cliContext)).toEqual({ address: "2001:db8::7", origin: "admin" });
    expect(isStripeAddress("2001:db8::7")).toBe(true);
    expect(await addresses()).toContainEqual({ address: "2001:db8::7", origin: "admin" });
    expect(await auditEntries("gatekeeper.edit_sources", "source:2001:db8::7")).toEqual([expect.objectContaining({ actor_kind: "cli", detail: "Stripe's announcement of 2026-12-01" })]);

    await expect(addSourceAddress({ address: "2001:db8::7" }, cliContext)).rejects.toMatchObject({ code: "conflict" });
    for (const bad of ["10.0.0.0/8", "1.2.3.4:443", "stripe.com", "01.2.3.4", "fe80::1%eth0", ""]) {
      await expect(addSourceAddress({ address: bad }, cliContext), bad).rejects.toMatchObject({ code: "invalid_request", fields: { address: expect.any(String) } });
    }
    expect(await addresses()).toHaveLength(STRIPE_WEBHOOK_ADDRESSES.length + 1);
  });

  it("an admin removes an address (refused at once by isStripeAddress), never the last one", async () => {
    const [first, ...others] = STRIPE_WEBHOOK_ADDRESSES;
    expect(await removeSourceAddress({ address: first, reason: "Stripe retired it" }, cliContext)).toEqual({ address: first, remaining: others.length });
    expect(isStripeAddress(first!)).toBe(false);
    expect(await auditEntries("gatekeeper.edit_sources", `source:${first}`)).toContainEqual(expect.objectContaining({ before: { address: first, origin: "shipped" }, after: null, detail: "Stripe retired it" }));
    await expect(removeSourceAddress({ address: first }, cliContext)).rejects.toMatchObject({ code: "not_found" });
    await expect(removeSourceAddress({ address: "not an address" }, cliContext)).rejects.toMatchObject({ code: "invalid_request" });

    await pool().query(`DELETE FROM stripe_source_address WHERE address <> $1`, [others[0]]);
    await expect(removeSourceAddress({ address: others[0] }, cliContext)).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("last address") });
    expect(await addresses()).toEqual([{ address: others[0], origin: "shipped" }]);
  });

  it("a refresh replaces the shipped and earlier Stripe addresses by Stripe's published list, keeps the admin's, and says what changed", async () => {
    await addSourceAddress({ address: "192.0.2.10", note: "our own relay" }, cliContext);
    const published = [...STRIPE_WEBHOOK_ADDRESSES.slice(2), "3.3.3.3", "2600:1f18::1"];
    answer = { status: 200, body: JSON.stringify({ WEBHOOKS: published }) };
    const refreshed = await refreshSourceAddresses({}, cliContext);
    expect(refreshed).toEqual({
      url: process.env.HOOKWARDEN_STRIPE_IPS_URL,
      added: ["3.3.3.3", "2600:1f18::1"],
      removed: [...STRIPE_WEBHOOK_ADDRESSES.slice(0, 2)].sort(),
      unchanged: STRIPE_WEBHOOK_ADDRESSES.length - 2,
      keptAdmin: 1,
      total: published.length + 1,
    });
    const rows = await addresses();
    expect(rows.filter((row) => row.origin === "stripe").map((row) => row.address).sort()).toEqual([...published].sort());
    expect(rows.filter((row) => row.origin !== "stripe")).toEqual([{ address: "192.0.2.10", origin: "admin" }]);
    expect(isStripeAddress("3.3.3.3")).toBe(true);
    expect(isStripeAddress(STRIPE_WEBHOOK_ADDRESSES[0]!)).toBe(false);
    expect(await auditEntries("gatekeeper.edit_sources", "sources:stripe")).toContainEqual(expect.objectContaining({ after: { addresses: published.length + 1, added: ["3.3.3.3", "2600:1f18::1"], removed: refreshed.removed } }));

    // Run again with the same list: nothing to add or remove.
    expect(await refreshSourceAddresses({}, cliContext)).toMatchObject({ added: [], removed: [], unchanged: published.length });
  });

  it("a refresh that cannot reach Stripe or gets something else than the list fails clearly, and nothing changes", async () => {
    const before = await addresses();
    const audited = (await auditEntries("gatekeeper.edit_sources", "sources:stripe")).length;
    const cases: [typeof answer, RegExp][] = [
      [{ status: 503, body: "busy" }, /answered HTTP 503/],
      [{ status: 200, body: "<html>captive portal</html>" }, /not JSON/],
      [{ status: 200, body: JSON.stringify({ API: ["1.1.1.1"] }) }, /no "WEBHOOKS" list/],
      [{ status: 200, body: JSON.stringify({ WEBHOOKS: [] }) }, /empty/],
      [{ status: 200, body: JSON.stringify({ WEBHOOKS: ["3.18.12.63", "10.0.0.0/8"] }) }, /not an IP address/],
    ];
    for (const [reply, message] of cases) {
      answer = reply;
      await expect(refreshSourceAddresses({}, cliContext)).rejects.toMatchObject({ code: "stripe_unavailable", status: 502, message: expect.stringMatching(message) });
    }
    process.env.HOOKWARDEN_STRIPE_IPS_URL = "http://127.0.0.1:9/unreachable.json";
    reloadEnv();
    try {
      await expect(refreshSourceAddresses({}, cliContext)).rejects.toMatchObject({ code: "stripe_unavailable", message: expect.stringContaining("Nothing changed") });
    } finally {
      process.env.HOOKWARDEN_STRIPE_IPS_URL = `http://127.0.0.1:${(stripeList.address() as AddressInfo).port}/files/ips/ips_webhooks.json`;
      reloadEnv();
    }
    expect(await addresses()).toEqual(before);
    expect(await auditEntries("gatekeeper.edit_sources", "sources:stripe")).toHaveLength(audited);
  });
});

describe("an endpoint's source policy", () => {
  beforeEach(resetToShipped);

  it("enforce takes effect at once in this process (403 for an outside address), is audited, and reports the outside deliveries it would now refuse", async () => {
    const { name, secret } = await endpointWithSecret();
    const endpointId = (await pool().query<{ id: string }>(`SELECT id FROM endpoint WHERE name = $1`, [name])).rows[0]!.id;
    await pool().query(`INSERT INTO traffic_minute (endpoint_id, minute, deliveries, outside_deliveries) VALUES ($1, date_trunc('minute', now()) - interval '1 hour', 7, 4)`, [endpointId]);
    const outside = () => ({ ...signedDelivery(stripeEvent("customer.created", { id: "cus_policy1", object: "customer" }), name, secret), sourceIp: "192.0.2.99" });
    expect((await deliver(outside())).status).toBe(200);

    expect(await setSourcePolicy({ endpoint: name, policy: "enforce", reason: "Stripe only from now on" }, cliContext)).toEqual({ endpoint: name, policy: "enforce", changed: true, outsideDeliveries24h: 4 });
    expect((await deliver(outside())).status).toBe(403);
    expect(await auditEntries("gatekeeper.set_source_policy", `endpoint:${name}`)).toEqual([
      expect.objectContaining({ before: { sourcePolicy: "monitor" }, after: { sourcePolicy: "enforce" }, detail: "Stripe only from now on" }),
    ]);
    expect(await setSourcePolicy({ endpoint: name, policy: "enforce" }, cliContext)).toMatchObject({ changed: false });
    expect(await auditEntries("gatekeeper.set_source_policy", `endpoint:${name}`)).toHaveLength(1);
    expect(await setSourcePolicy({ endpoint: name, policy: "off" }, cliContext)).toMatchObject({ changed: true });
    expect((await deliver(outside())).status).toBe(200);
  });

  it("refuses enforce while the list is empty, an unknown policy and an unknown endpoint, changing nothing", async () => {
    const { name } = await endpointWithSecret();
    await expect(setSourcePolicy({ endpoint: name, policy: "strict" }, cliContext)).rejects.toMatchObject({ code: "invalid_request", fields: { policy: expect.stringContaining("off, monitor, enforce") } });
    await expect(setSourcePolicy({ endpoint: "no-such-endpoint", policy: "off" }, cliContext)).rejects.toMatchObject({ code: "not_found" });
    await pool().query(`DELETE FROM stripe_source_address`);
    await expect(setSourcePolicy({ endpoint: name, policy: "enforce" }, cliContext)).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("empty") });
    expect((await pool().query(`SELECT source_policy FROM endpoint WHERE name = $1`, [name])).rows[0]).toEqual({ source_policy: "monitor" });
    expect(await auditEntries("gatekeeper.set_source_policy", `endpoint:${name}`)).toEqual([]);
    // Whoever looks at the list first fills it with the shipped copy, as intake's first read does.
    expect((await listSources()).addresses.map((row) => row.address).sort()).toEqual([...STRIPE_WEBHOOK_ADDRESSES].sort());
  });
});

describe("lifting a block", () => {
  it("an admin lifts a source's block with a reason: its signed deliveries are accepted at once; an ended or lifted block is refused", async () => {
    const { name, secret } = await endpointWithSecret();
    const attacker = "203.0.113.200";
    const start = new Date();
    const forged = () => ({ ...signedDelivery(stripeEvent("customer.created", { id: "cus_flood", object: "customer" }), name, "whsec_not_the_endpoints_secret_at_all"), sourceIp: attacker });
    for (let i = 0; i < 6; i++) await deliver(forged(), new Date(start.getTime() + i * 100));
    await settleSourceBlocks();
    expect(sourceBlockedUntil(attacker, start.getTime() + 1_000)).not.toBeNull();
    const { current } = (await listSources(new Date(start.getTime() + 1_000))).blocks;
    const block = current.find((candidate) => candidate.address === attacker)!;
    expect(block).toMatchObject({ state: "blocked", failures: 5 });

    await expect(liftSourceBlock({ blockId: block.id, reason: "" }, cliContext)).rejects.toMatchObject({ code: "invalid_request" });
    await expect(liftSourceBlock({ blockId: "999999999", reason: "partner's test server" }, cliContext)).rejects.toMatchObject({ code: "not_found" });
    const liftedAt = new Date(start.getTime() + 2_000);
    expect(await liftSourceBlock({ blockId: block.id, reason: "partner's test server" }, cliContext, liftedAt)).toEqual({ id: block.id, address: attacker });
    expect(sourceBlockedUntil(attacker, liftedAt.getTime() + 1)).toBeNull();
    const genuine = { ...signedDelivery(stripeEvent("customer.created", { id: "cus_partner", object: "customer" }), name, secret), sourceIp: attacker };
    expect((await deliver(genuine, new Date(liftedAt.getTime() + 1_000))).status).toBe(200);
    expect(await auditEntries("gatekeeper.lift_block", `source:${attacker}`)).toEqual([expect.objectContaining({ actor_kind: "cli", detail: "partner's test server" })]);
    await expect(liftSourceBlock({ blockId: block.id, reason: "again" }, cliContext)).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("lifted already") });

    const ended = await pool().query<{ id: string }>(`INSERT INTO source_block (address, blocked_at, until, failures, reason) VALUES ('203.0.113.201', now() - interval '2 hours', now() - interval '1 hour', 9, 'test') RETURNING id::text AS id`);
    await expect(liftSourceBlock({ blockId: ended.rows[0]!.id, reason: "too late" }, cliContext)).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("ended") });
    const { recent } = (await listSources()).blocks;
    expect(recent.map((row) => [row.address, row.state])).toEqual(expect.arrayContaining([[attacker, "lifted"], ["203.0.113.201", "ended"]]));
    expect(recent.find((row) => row.address === attacker)!.liftedBy).toBe("the command line");
  });
});
