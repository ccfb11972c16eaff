import { randomBytes } from "node:crypto";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { checkoutPaymentEvents, newPaymentFlow } from "@/cli/simulate/stripe-events";
import { booksFixture } from "@/tests/support/books";
import { useFakeStripe } from "@/tests/support/fake-stripe";
import { newSecret } from "@/tests/support/intake";
import { cliContext } from "@/tests/support/users";
import { authOptions } from "../auth/auth-options";
import { oidcClientSecret } from "../auth/oidc-client-secret";
import { fingerprint } from "../crypto/cipher";
import { countCiphertextsByVersion } from "../crypto/count-ciphertexts";
import { ENCRYPTED_COLUMNS } from "../crypto/encrypted-columns";
import { disconnect, prisma } from "../db";
import { addEndpoint } from "../endpoints/add-endpoint";
import { addSigningSecret } from "../endpoints/add-signing-secret";
import { addSigningSecretReference } from "../endpoints/add-signing-secret-reference";
import { setEndpointStripeKey } from "../endpoints/set-endpoint-stripe-key";
import { parseEnv, reloadEnv } from "../env";
import { HANDLERS } from "../processing/handlers";
import { getReconciliationOrThrow } from "../reconcile/list-reconciliations";
import { startReconciliation } from "../reconcile/start-reconciliation";
import type { FakeStripe } from "../stripe-fake/fake-stripe";
import { stripeAccessFor } from "../stripe-api/stripe-api-for-endpoint";
import { useVaultFake } from "@/tests/support/secret-providers";
import type { VaultFake } from "./fakes/start-vault-fake";
import { forgetCachedSecrets } from "./read-cached-secret";

// Vault is configured in this file (a local fake); AWS Secrets Manager is not.
let vault: VaultFake;
let stripe: FakeStripe;
beforeAll(async () => {
  delete process.env.HOOKWARDEN_AWS_REGION;
  delete process.env.AWS_REGION;
  vault = await useVaultFake();
  stripe = await useFakeStripe();
});
beforeEach(() => {
  vault.up();
  forgetCachedSecrets();
});
afterAll(async () => {
  for (const name of ["HOOKWARDEN_OIDC_ISSUER", "HOOKWARDEN_OIDC_CLIENT_ID", "HOOKWARDEN_OIDC_CLIENT_SECRET"]) delete process.env[name];
  reloadEnv();
  await disconnect();
});

const unique = () => randomBytes(5).toString("hex");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function endpointNamed() {
  const name = `sr-${unique()}`;
  await addEndpoint({ name });
  return name;
}

const rowsOf = (endpointName: string) => prisma().signingSecret.findMany({ where: { endpoint: { name: endpointName } } });

describe("adding a signing secret by reference", () => {
  it("bad references, unconfigured providers, unreadable or non-whsec secrets are clear errors that store nothing", async () => {
    const endpoint = await endpointNamed();
    vault.put(`secret/hookwarden/${endpoint}`, { signing_secret: newSecret(), api_key: "rk_test_not_a_signing_secret" });
    const add = (reference: string) => addSigningSecretReference({ endpointName: endpoint, reference, source: "cli" });

    await expect(add("vault:secret/hookwarden/nothing-here")).rejects.toThrow(/is not a valid secret reference: a Vault reference needs a path and a #field/);
    await expect(add("s3cr3t")).rejects.toThrow(/is not a valid secret reference/);
    await expect(add("aws:hookwarden/default#signing_secret")).rejects.toThrow(/the aws secret provider is not configured: set HOOKWARDEN_AWS_REGION/);
    await expect(add(`vault:secret/hookwarden/missing-${unique()}#signing_secret`)).rejects.toThrow(/Vault has no secret at/);
    await expect(add(`vault:secret/hookwarden/${endpoint}#nope`)).rejects.toThrow(/has no field "nope" \(it has: signing_secret, api_key\)/);
    const notWhsec = add(`vault:secret/hookwarden/${endpoint}#api_key`);
    await expect(notWhsec).rejects.toThrow(/is not a Stripe signing secret/);
    await expect(notWhsec).rejects.not.toThrow(/rk_test_not_a_signing_secret/);
    await expect(add("env:HOOKWARDEN_TEST_UNSET_VARIABLE")).rejects.toThrow(/the environment variable HOOKWARDEN_TEST_UNSET_VARIABLE is not set/);
    await expect(addSigningSecretReference({ endpointName: `nowhere-${unique()}`, reference: `vault:secret/hookwarden/${endpoint}#signing_secret`, source: "cli" })).rejects.toThrow(/no endpoint named/);
    expect(await rowsOf(endpoint)).toEqual([]);
  });

  it("stores the reference and the fingerprint, never the value; the same reference again changes nothing; a value the endpoint already stores is a conflict", async () => {
    const endpoint = await endpointNamed();
    const secret = newSecret();
    vault.put(`secret/hookwarden/${endpoint}`, { signing_secret: secret });
    const reference = `vault:secret/hookwarden/${endpoint}#signing_secret`;
    const first = await addSigningSecretReference({ endpointName: endpoint, reference, source: "cli", label: "from vault" });
    const again = await addSigningSecretReference({ endpointName: endpoint, reference: ` ${reference} `, source: "cli" });
    expect(again.id).toBe(first.id);
    const rows = await rowsOf(endpoint);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ reference, ciphertext: null, fingerprint: fingerprint(secret), label: "from vault", status: "active" });

    // An env reference reads this process's environment.
    const inEnv = newSecret();
    process.env[`HOOKWARDEN_TEST_SECRET_${endpoint.replace(/-/g, "_")}`] = inEnv;
    await addSigningSecretReference({ endpointName: endpoint, reference: `env:HOOKWARDEN_TEST_SECRET_${endpoint.replace(/-/g, "_")}`, source: "cli" });

    const stored = newSecret();
    await addSigningSecret({ endpointName: endpoint, secret: stored, source: "cli" });
    vault.put(`secret/hookwarden/${endpoint}-copy`, { signing_secret: stored });
    await expect(addSigningSecretReference({ endpointName: endpoint, reference: `vault:secret/hookwarden/${endpoint}-copy#signing_secret`, source: "cli" })).rejects.toThrow(
      new RegExp(`already has this secret \\(fingerprint ${fingerprint(stored)}\\), stored in the database`),
    );
    expect((await rowsOf(endpoint)).map((row) => row.fingerprint).sort()).toEqual([fingerprint(secret), fingerprint(inEnv), fingerprint(stored)].sort());
  });

  it("referenced rows hold no ciphertext, so key status and rotation see nothing unreadable in signing_secret", async () => {
    const column = ENCRYPTED_COLUMNS.find((candidate) => candidate.table === "signing_secret")!;
    expect((await countCiphertextsByVersion(column)).has(null)).toBe(false);
    expect(await prisma().signingSecret.count({ where: { ciphertext: null } })).toBeGreaterThan(0);
  });
});

describe("an endpoint's Stripe API key by reference", () => {
  it("stores only the reference and the fingerprint, audited; a bad reference changes nothing", async () => {
    const endpoint = await endpointNamed();
    const apiKey = `rk_test_${unique()}vault`;
    vault.put(`secret/hookwarden/${endpoint}-stripe`, { api_key: apiKey, signing_secret: newSecret() });
    const reference = `vault:secret/hookwarden/${endpoint}-stripe#api_key`;

    expect(await setEndpointStripeKey({ name: endpoint, reference }, cliContext)).toEqual({ name: endpoint, fingerprint: fingerprint(apiKey), reference });
    const row = await prisma().endpoint.findUniqueOrThrow({ where: { name: endpoint } });
    expect(row).toMatchObject({ stripeApiKeyCiphertext: null, stripeApiKeyReference: reference, stripeApiKeyFingerprint: fingerprint(apiKey) });
    const audit = await prisma().auditEntry.findFirstOrThrow({ where: { action: "endpoints.set_stripe_key", subject: `endpoint:${endpoint}` }, orderBy: { id: "desc" } });
    expect(audit.after).toEqual({ stripeApiKey: fingerprint(apiKey), reference });
    expect(JSON.stringify([audit.before, audit.after, audit.detail])).not.toContain(apiKey);

    await expect(setEndpointStripeKey({ name: endpoint, reference: `vault:secret/hookwarden/${endpoint}-stripe#signing_secret` }, cliContext)).rejects.toThrow(/is not a Stripe restricted key/);
    await expect(setEndpointStripeKey({ name: endpoint, reference: "aws:hookwarden/stripe" }, cliContext)).rejects.toThrow(/the aws secret provider is not configured/);
    await expect(setEndpointStripeKey({ name: endpoint, reference: "vault:nope" }, cliContext)).rejects.toThrow(/is not a valid secret reference/);
    expect(await prisma().endpoint.findUniqueOrThrow({ where: { name: endpoint } })).toMatchObject({ stripeApiKeyReference: reference, stripeApiKeyFingerprint: fingerprint(apiKey) });

    // A key pasted later replaces the reference.
    await setEndpointStripeKey({ name: endpoint, apiKey: "rk_test_pasted1234" }, cliContext);
    expect(await prisma().endpoint.findUniqueOrThrow({ where: { name: endpoint } })).toMatchObject({ stripeApiKeyReference: null, stripeApiKeyFingerprint: fingerprint("rk_test_pasted1234") });
  });

  it("is read through the secret cache: the value from Vault, the last good one during an outage", async () => {
    const endpoint = await endpointNamed();
    const apiKey = `rk_test_${unique()}cache`;
    vault.put(`secret/hookwarden/${endpoint}-stripe`, { api_key: apiKey });
    const reference = `vault:secret/hookwarden/${endpoint}-stripe#api_key`;
    await setEndpointStripeKey({ name: endpoint, reference }, cliContext);
    const row = { name: endpoint, stripe_api_key_ciphertext: null, stripe_api_key_reference: reference };
    expect(await stripeAccessFor(row)).toMatchObject({ apiKey, source: "endpoint" });
    vault.down("sealed");
    await sleep(1_100);
    expect(await stripeAccessFor(row)).toMatchObject({ apiKey, source: "endpoint" });
    // Never read in this process, during an outage: an error that processing retries, not a missing key.
    forgetCachedSecrets();
    await expect(stripeAccessFor(row)).rejects.toThrow(/lives at vault:secret\/hookwarden\/.*-stripe#api_key, which could not be read yet/);
  });

  it("a missed-event recovery reaches Stripe with the key that lives in Vault", async () => {
    stripe.reset();
    const books = await booksFixture();
    vault.put(`secret/hookwarden/${books.endpoint.name}-stripe`, { api_key: `rk_test_${unique()}recovery` });
    await setEndpointStripeKey({ name: books.endpoint.name, reference: `vault:secret/hookwarden/${books.endpoint.name}-stripe#api_key` }, cliContext);
    const flow = newPaymentFlow();
    await books.register({ reference: flow.reference, amount: flow.amount, currency: flow.currency, customer: flow.customer });
    const events = checkoutPaymentEvents(flow);
    for (const event of events) stripe.addEvent(event as unknown as Record<string, unknown>, { deliverySuccess: false, storeObject: true });
    const run = await startReconciliation({ kind: "missed_events", endpoint: books.endpoint.name }, cliContext, { wait: true });
    await books.settle();
    const applied = events.filter((event) => event.type in HANDLERS).length;
    expect(await getReconciliationOrThrow(run.id)).toMatchObject({ status: "succeeded", findings: applied, repaired: applied });
    expect((await prisma().transaction.findUniqueOrThrow({ where: { reference: flow.reference } })).status).toBe("paid");
  });
});

describe("the OIDC client secret by reference", () => {
  it("is read from its provider at start; until then SSO is off; the configuration refuses a malformed reference or an unconfigured provider", async () => {
    const secret = `oidc-${unique()}`;
    vault.put("secret/hookwarden/oidc", { client_secret: secret });
    process.env.HOOKWARDEN_OIDC_ISSUER = "https://login.example.test/realms/ops";
    process.env.HOOKWARDEN_OIDC_CLIENT_ID = "hookwarden";
    process.env.HOOKWARDEN_OIDC_CLIENT_SECRET = "vault:secret/hookwarden/oidc#client_secret";
    reloadEnv();
    const oidcProvider = () => authOptions().providers.find((provider) => provider.id === "oidc") as OAuthConfig<Record<string, unknown>> | undefined;
    expect(oidcProvider()).toBeUndefined();
    expect(await oidcClientSecret()).toBe(secret);
    expect(oidcProvider()?.clientSecret).toBe(secret);

    const base = { DATABASE_URL: "postgresql://u:p@db.internal:5432/hookwarden", HOOKWARDEN_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString("base64"), NEXTAUTH_SECRET: "x".repeat(44) };
    const sso = { HOOKWARDEN_OIDC_ISSUER: "https://login.example.test", HOOKWARDEN_OIDC_CLIENT_ID: "hookwarden" };
    expect(() => parseEnv({ ...base, ...sso, HOOKWARDEN_OIDC_CLIENT_SECRET: "vault:secret/hookwarden/oidc" })).toThrow(/HOOKWARDEN_OIDC_CLIENT_SECRET looks like a secret reference but is not a valid one/);
    expect(() => parseEnv({ ...base, ...sso, HOOKWARDEN_OIDC_CLIENT_SECRET: "vault:secret/hookwarden/oidc#client_secret" })).toThrow(/refers to Vault, which is not configured: set HOOKWARDEN_VAULT_ADDR/);
    expect(() => parseEnv({ ...base, HOOKWARDEN_VAULT_ADDR: "http://127.0.0.1:8200" })).toThrow(/HOOKWARDEN_VAULT_TOKEN: the Vault secret provider needs both/);
    expect(parseEnv({ ...base, ...sso, HOOKWARDEN_OIDC_CLIENT_SECRET: "plain-secret-value" }).HOOKWARDEN_OIDC_CLIENT_SECRET).toBe("plain-secret-value");
  });
});
