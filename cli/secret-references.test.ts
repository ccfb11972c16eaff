import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnect, prisma } from "../server/db";
import { fingerprint } from "../server/crypto/cipher";
import { startVaultFake, type VaultFake } from "../server/secrets/fakes/start-vault-fake";
import { newSecret } from "../tests/support/intake";
import { hookwarden } from "../tests/support/hookwarden-cli";

let vault: VaultFake;
let withVault: Record<string, string>;
beforeAll(async () => {
  vault = await startVaultFake();
  withVault = { HOOKWARDEN_VAULT_ADDR: vault.url, HOOKWARDEN_VAULT_TOKEN: vault.token };
});
afterAll(async () => {
  await vault.close();
  await disconnect();
});

const uniqueName = () => `clr-${randomBytes(4).toString("hex")}`;

describe("hookwarden CLI: secrets that live at a secret provider", () => {
  it("secret add --from stores a Vault reference; secret list shows where each secret lives and never a value", { timeout: 90_000 }, async () => {
    const name = uniqueName();
    await hookwarden(["endpoint", "add", name]);
    const inVault = newSecret();
    vault.put(`secret/hookwarden/${name}`, { signing_secret: inVault });
    const reference = `vault:secret/hookwarden/${name}#signing_secret`;

    const added = await hookwarden(["secret", "add", name, "--from", reference], undefined, withVault);
    expect(added.stderr).toBe("");
    expect(added.code).toBe(0);
    expect(added.stdout).toContain(`Secret ${fingerprint(inVault)} from ${reference} is active on "${name}"`);
    expect(added.stdout).not.toContain(inVault);
    const stored = newSecret();
    expect((await hookwarden(["secret", "add", name], `${stored}\n`)).code).toBe(0);

    const listed = await hookwarden(["secret", "list", name]);
    expect(listed.stdout).toMatch(/stored in/);
    expect(listed.stdout).toMatch(new RegExp(`${fingerprint(inVault)}.* ${reference.replace(/[/#]/g, "\\$&")} `));
    expect(listed.stdout).toMatch(new RegExp(`${fingerprint(stored)}.* database `));
    expect(listed.stdout).not.toContain(inVault);
    expect(listed.stdout).not.toContain(stored);
  });

  it("a malformed reference, an unconfigured provider and --secret with --from are refused, and nothing is stored", { timeout: 90_000 }, async () => {
    const name = uniqueName();
    await hookwarden(["endpoint", "add", name]);
    const malformed = await hookwarden(["secret", "add", name, "--from", "vault:secret/hookwarden/x"], undefined, withVault);
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toMatch(/is not a valid secret reference: a Vault reference needs a path and a #field/);
    const unconfigured = await hookwarden(["secret", "add", name, "--from", "vault:secret/hookwarden/x#signing_secret"]);
    expect(unconfigured.code).toBe(1);
    expect(unconfigured.stderr).toMatch(/the vault secret provider is not configured: set HOOKWARDEN_VAULT_ADDR and HOOKWARDEN_VAULT_TOKEN/);
    const both = await hookwarden(["secret", "add", name, "--secret", newSecret(), "--from", "env:X"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/either --secret or --from, not both/);
    expect(await prisma().signingSecret.count({ where: { endpoint: { name } } })).toBe(0);
  });

  it("endpoint set-stripe-key --from keeps the key at its provider and prints only its fingerprint", { timeout: 90_000 }, async () => {
    const name = uniqueName();
    await hookwarden(["endpoint", "add", name]);
    const apiKey = `rk_test_${randomBytes(8).toString("hex")}`;
    vault.put(`secret/hookwarden/${name}-stripe`, { api_key: apiKey });
    const reference = `vault:secret/hookwarden/${name}-stripe#api_key`;
    const set = await hookwarden(["endpoint", "set-stripe-key", name, "--from", reference], undefined, withVault);
    expect(set.code).toBe(0);
    expect(set.stdout).toContain(`Stripe API key for "${name}" is read from ${reference} (fingerprint ${fingerprint(apiKey)}).`);
    expect(set.stdout).not.toContain(apiKey);
    expect(await prisma().endpoint.findUniqueOrThrow({ where: { name } })).toMatchObject({ stripeApiKeyReference: reference, stripeApiKeyCiphertext: null });
  });
});
