import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkoutPaymentEvents, newPaymentFlow } from "../cli/simulate/stripe-events";
import { columnName, ENCRYPTED_COLUMNS } from "../server/crypto/encrypted-columns";
import { loadKeyring, unloadKeyring } from "../server/crypto/load-keyring";
import { disconnect, pool, prisma } from "../server/db";
import { setEndpointStripeKey } from "../server/endpoints/set-endpoint-stripe-key";
import { encryptedRecords, versionsOf } from "../tests/support/encrypted-records";
import { useFreshDatabase } from "../tests/support/fresh-database";
import { hookwarden } from "../tests/support/hookwarden-cli";
import { deliver, endpointWithSecret, signedDelivery } from "../tests/support/intake";
import { cliContext } from "../tests/support/users";

// `keys rotate` rewrites whole tables: this file has a database of its own.
beforeAll(async () => {
  await useFreshDatabase("keys_cli");
  const { name, secret } = await endpointWithSecret();
  await setEndpointStripeKey({ name, apiKey: `rk_test_${randomBytes(10).toString("hex")}` }, cliContext);
  expect((await deliver(signedDelivery(checkoutPaymentEvents(newPaymentFlow())[1]!, name, secret))).status).toBe(200);
}, 60_000);

afterAll(async () => {
  unloadKeyring();
  await disconnect();
});

/** Every stored ciphertext, byte for byte, and the key and audit rows: what "changes nothing" compares. */
async function everythingEncrypted(): Promise<string[]> {
  const rows: string[] = [];
  for (const column of ENCRYPTED_COLUMNS) {
    const { rows: found } = await pool().query<{ key: string; ciphertext: Buffer }>(
      `SELECT "${column.key}"::text AS key, "${column.column}" AS ciphertext FROM "${column.table}" ORDER BY 1`,
    );
    rows.push(...found.map((row) => `${columnName(column)}:${row.key}:${row.ciphertext?.toString("hex")}`));
  }
  rows.push(`keys:${await prisma().encryptionKey.count()}`, `audit:${await prisma().auditEntry.count({ where: { action: "keys.rotate" } })}`);
  return rows;
}

describe("hookwarden keys", () => {
  it("refuses a wrong flag or value with the usage and exit code 2, and changes nothing", async () => {
    const before = await everythingEncrypted();
    const cases: [string[], RegExp][] = [
      [["keys", "rotate", "--bogus"], /Unknown option '--bogus'/],
      [["keys", "rotate", "--batch-size", "0"], /--batch-size is a whole number of records from 1 to 10000/],
      [["keys", "rotate", "--batch-size", "lots"], /--batch-size is a whole number/],
      [["keys", "rotate-now"], /unknown keys action "rotate-now"/],
      [["keys"], /keys needs an action: status or rotate/],
    ];
    for (const [args, message] of cases) {
      const result = await hookwarden(args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).toContain("hookwarden keys rotate [--resume] [--batch-size N]");
    }
    expect(await everythingEncrypted()).toEqual(before);
  }, 60_000);

  it("refuses to rotate with a master key that does not open what is stored, saying so, and changes nothing", async () => {
    const before = await everythingEncrypted();
    const result = await hookwarden(["keys", "rotate"], undefined, { HOOKWARDEN_ENCRYPTION_KEY: randomBytes(32).toString("base64") });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/HOOKWARDEN_ENCRYPTION_KEY does not open the records already stored \(stripe_event.payload_ciphertext\).*Nothing changed/);
    expect(await everythingEncrypted()).toEqual(before);
  });

  it("status, rotate with progress, status again, and --resume with nothing to finish", async () => {
    const first = await hookwarden(["keys", "status"]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^1\s+current\s+-\s+-\s+-\s+\(the master key, HOOKWARDEN_ENCRYPTION_KEY\)$/m);
    expect(first.stdout).toMatch(/stripe_event\.payload_ciphertext\s+v1: 1\s+\(raw Stripe event payloads\)/);
    expect(first.stdout).toMatch(/signing_secret\.ciphertext\s+v1: 1\s/);
    expect(first.stdout).toMatch(/endpoint\.stripe_api_key_ciphertext\s+v1: 1\s/);

    // The real waits: KEY_SETTLE_MS before version 2 is used, and again before version 1 retires.
    const rotated = await hookwarden(["keys", "rotate"]);
    expect(rotated.stderr).toContain("Rotating to key version 2.");
    expect(rotated.stderr).toMatch(/Waiting \d+ s until every Hookwarden process can read version 2/);
    expect(rotated.stderr).toContain("Version 2 is current: new records are encrypted with it.");
    expect(rotated.stderr).toContain("stripe_event.payload_ciphertext: 1/1 re-encrypted (100%)");
    expect(rotated.stdout).toContain("Key version 2 is current; version 1 retired (kept: backups may still hold their ciphertexts); 3 records re-encrypted.");
    expect(rotated.code).toBe(0);

    const second = await hookwarden(["keys", "status"]);
    expect(second.stdout).toMatch(/^1\s+retired\s/m);
    expect(second.stdout).toMatch(/^2\s+current\s/m);
    expect(second.stdout).toMatch(/stripe_event\.payload_ciphertext\s+v2: 1\s/);
    expect(second.stdout).not.toContain("unfinished");

    const resumed = await hookwarden(["keys", "rotate", "--resume"]);
    expect(resumed.stdout).toContain("No unfinished key rotation: nothing to resume.");
    expect(await prisma().encryptionKey.count()).toBe(2);

    // Now that a wrapped key exists, any command with another master key stops at once, naming the variable.
    const wrongMaster = await hookwarden(["keys", "status"], undefined, { HOOKWARDEN_ENCRYPTION_KEY: randomBytes(32).toString("base64") });
    expect(wrongMaster.code).toBe(1);
    expect(wrongMaster.stderr).toMatch(/HOOKWARDEN_ENCRYPTION_KEY cannot open encryption key version 2/);

    await loadKeyring();
    const records = await encryptedRecords();
    expect(records.filter((record) => record.error !== null)).toEqual([]);
    expect(versionsOf(records)).toEqual({ 2: 3 });
  }, 120_000);
});
