import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { checkoutPaymentEvents, newPaymentFlow, type StripeEventJson } from "@/cli/simulate/stripe-events";
import { deliver, newSecret, signedDelivery } from "@/tests/support/intake";
import { fingerprint } from "../crypto/cipher";
import { disconnect, pool, prisma } from "../db";
import { addEndpoint } from "../endpoints/add-endpoint";
import { addSigningSecret } from "../endpoints/add-signing-secret";
import { addSigningSecretReference } from "../endpoints/add-signing-secret-reference";
import { forgetEndpointSecrets } from "../endpoints/endpoint-secrets";
import { useAwsSecretsFake, useVaultFake } from "@/tests/support/secret-providers";
import type { AwsSecretsFake } from "./fakes/start-aws-secrets-fake";
import type { VaultFake } from "./fakes/start-vault-fake";
import { forgetCachedSecrets } from "./read-cached-secret";

// Intake with signing secrets that live in Vault and in AWS Secrets Manager (local fakes that
// speak their wire formats), a 1-second secret cache, and the real intake handler.
let vault: VaultFake;
let aws: AwsSecretsFake;
beforeAll(async () => {
  vault = await useVaultFake();
  aws = await useAwsSecretsFake();
});
beforeEach(() => {
  vault.up();
  aws.up();
  forgetCachedSecrets();
});
afterAll(() => disconnect());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const oneEvent = (): StripeEventJson => checkoutPaymentEvents(newPaymentFlow())[2]!;

/** The secret cache's TTL (1 s) and intake's own endpoint cache (5 s) both run out: the next delivery reads the secrets again. */
async function cachesExpire(endpoint: string): Promise<void> {
  await sleep(1_100);
  forgetEndpointSecrets(endpoint);
}

async function openAlerts(reference: string) {
  const { rows } = await pool().query<{ severity: string; message: string }>(
    `SELECT severity, message FROM alert WHERE kind = 'secret_provider_unreachable' AND subject = $1 AND resolved_at IS NULL`,
    [reference],
  );
  return rows;
}

async function matchedSecretOf(endpoint: string, eventId: string): Promise<string> {
  const event = await prisma().stripeEvent.findFirstOrThrow({ where: { stripeEventId: eventId, endpoint: { name: endpoint } }, include: { deliveries: true } });
  return event.deliveries[0]!.matchedSecretId;
}

async function endpointNamed() {
  const name = `sp-${randomBytes(5).toString("hex")}`;
  await addEndpoint({ name });
  return name;
}

const providers = [
  {
    name: "Vault",
    store: (path: string, secret: string) => {
      vault.put(`secret/${path}`, { signing_secret: secret });
      return `vault:secret/${path}#signing_secret`;
    },
    down: () => vault.down("sealed"),
    up: () => vault.up(),
  },
  {
    name: "AWS Secrets Manager",
    store: (path: string, secret: string) => {
      aws.put(path, JSON.stringify({ signing_secret: secret }));
      return `aws:${path}#signing_secret`;
    },
    down: () => aws.down("unavailable"),
    up: () => aws.up(),
  },
];

describe("signing secrets at a secret provider, through the real intake", () => {
  for (const provider of providers) {
    it(`an outage of ${provider.name} keeps verification working with the cached secret; the alert opens and resolves`, async () => {
      const endpoint = await endpointNamed();
      const secret = newSecret();
      const reference = provider.store(`hookwarden/${endpoint}`, secret);
      const added = await addSigningSecretReference({ endpointName: endpoint, reference, source: "cli" });
      expect(added).toMatchObject({ reference, fingerprint: fingerprint(secret) });

      const first = oneEvent();
      expect((await deliver(signedDelivery(first, endpoint, secret))).status).toBe(200);
      expect(await matchedSecretOf(endpoint, first.id)).toBe(added.id);

      provider.down();
      await cachesExpire(endpoint);
      const during = oneEvent();
      const answer = await deliver(signedDelivery(during, endpoint, secret));
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ received: true, duplicate: false });
      expect(await matchedSecretOf(endpoint, during.id)).toBe(added.id);
      const alerts = await openAlerts(reference);
      expect(alerts).toHaveLength(1);
      expect(alerts[0]!.severity).toBe("warning");
      expect(alerts[0]!.message).not.toContain(secret);
      // A forgery is still a forgery during the outage.
      expect((await deliver(signedDelivery(oneEvent(), endpoint, newSecret()))).body).toMatchObject({ error: { code: "signature_mismatch" } });

      provider.up();
      await cachesExpire(endpoint);
      expect((await deliver(signedDelivery(oneEvent(), endpoint, secret))).status).toBe(200);
      expect(await openAlerts(reference)).toEqual([]);
    });
  }

  it("a secret rolled in Vault is picked up after the cache's TTL, and the row's fingerprint follows it", async () => {
    const endpoint = await endpointNamed();
    const before = newSecret();
    const reference = providers[0]!.store(`hookwarden/${endpoint}`, before);
    const added = await addSigningSecretReference({ endpointName: endpoint, reference, source: "cli" });
    expect((await deliver(signedDelivery(oneEvent(), endpoint, before))).status).toBe(200);

    const after = newSecret();
    providers[0]!.store(`hookwarden/${endpoint}`, after);
    await cachesExpire(endpoint);
    expect((await deliver(signedDelivery(oneEvent(), endpoint, after))).status).toBe(200);
    expect((await deliver(signedDelivery(oneEvent(), endpoint, before))).body).toMatchObject({ error: { code: "signature_mismatch" } });
    expect((await prisma().signingSecret.findUniqueOrThrow({ where: { id: added.id } })).fingerprint).toBe(fingerprint(after));
  });

  it("a referenced secret never read before an outage is unavailable alone: the endpoint's other secrets still verify, and a critical alert is open", async () => {
    const endpoint = await endpointNamed();
    const stored = newSecret();
    await addSigningSecret({ endpointName: endpoint, secret: stored, source: "cli" });
    const inVault = newSecret();
    const reference = providers[0]!.store(`hookwarden/${endpoint}`, inVault);
    await addSigningSecretReference({ endpointName: endpoint, reference, source: "cli" });

    // A process that starts during the outage has no last good value for it.
    vault.down("unreachable");
    forgetCachedSecrets();
    forgetEndpointSecrets(endpoint);
    expect((await deliver(signedDelivery(oneEvent(), endpoint, stored))).status).toBe(200);
    expect((await deliver(signedDelivery(oneEvent(), endpoint, inVault))).body).toMatchObject({ error: { code: "signature_mismatch" } });
    expect(await openAlerts(reference)).toMatchObject([{ severity: "critical" }]);

    vault.up();
    await cachesExpire(endpoint);
    expect((await deliver(signedDelivery(oneEvent(), endpoint, inVault))).status).toBe(200);
    expect(await openAlerts(reference)).toEqual([]);
  });
});
