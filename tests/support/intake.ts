import { randomBytes } from "node:crypto";
import { stripeSignatureHeader } from "@/cli/simulate/sign";
import type { StripeEventJson } from "@/cli/simulate/stripe-events";
import { addEndpoint } from "@/server/endpoints/add-endpoint";
import { addSigningSecret } from "@/server/endpoints/add-signing-secret";
import { PEER_HEADER } from "@/server/intake/client-address";
import { handleWebhookRequest } from "@/server/intake/handle-webhook-request";
import { sha256Hex } from "@/server/crypto/cipher";
import { sealAtRest } from "@/server/crypto/keys";
import { prisma } from "@/server/db";
import { parseStripeEvent } from "@/server/intake/parse-stripe-event";
import { recordDelivery } from "@/server/ledger/record-delivery";

export function newSecret(): string {
  return `whsec_${randomBytes(24).toString("base64url").replace(/-/g, "x")}`;
}

/** A fresh endpoint with one active secret; names are unique so test files never collide. */
export async function endpointWithSecret(options: { secrets?: number; toleranceSeconds?: number } = {}) {
  const name = `t-${randomBytes(5).toString("hex")}`;
  await addEndpoint({ name, toleranceSeconds: options.toleranceSeconds });
  const secrets = Array.from({ length: options.secrets ?? 1 }, newSecret);
  const fingerprints: string[] = [];
  for (const secret of secrets) fingerprints.push((await addSigningSecret({ endpointName: name, secret, source: "cli" })).fingerprint);
  return { name, secret: secrets[0]!, secrets, fingerprints };
}

/**
 * One request to intake. `header` is the Stripe-Signature value, or its lines when sent more than once;
 * `contentType` replaces application/json (null: no content type).
 */
export type Delivery = {
  body: string | Uint8Array;
  header: string | readonly string[] | null;
  endpoint: string;
  sourceIp?: string;
  extraHeaders?: Record<string, string>;
  contentType?: string | null;
};

export function signedDelivery(event: StripeEventJson | string, endpoint: string, secret: string | string[], timestamp?: number): Delivery & { body: string; header: string } {
  const body = typeof event === "string" ? event : JSON.stringify(event);
  return { body, header: stripeSignatureHeader(body, secret, timestamp), endpoint };
}

export function webhookRequest(delivery: Delivery): Request {
  const headers = new Headers({ "content-type": "application/json", [PEER_HEADER]: delivery.sourceIp ?? "127.0.0.1", ...delivery.extraHeaders });
  if (delivery.contentType === null) headers.delete("content-type");
  else if (delivery.contentType !== undefined) headers.set("content-type", delivery.contentType);
  for (const line of delivery.header === null ? [] : [delivery.header].flat()) headers.append("stripe-signature", line);
  return new Request(`http://localhost/api/stripe/webhook/${delivery.endpoint}`, { method: "POST", headers, body: typeof delivery.body === "string" ? delivery.body : Buffer.from(delivery.body) });
}

/** Sends a delivery through the real intake handler (at `now`, the gatekeeper's clock, when given) and returns status and parsed JSON body. */
export async function deliver(delivery: Delivery, now?: Date): Promise<{ status: number; body: Record<string, unknown>; text: string; headers: Headers }> {
  const response = await handleWebhookRequest(webhookRequest(delivery), delivery.endpoint, { now });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as Record<string, unknown>, text, headers: response.headers };
}

/** Records a verified event as intake does in Inngest mode (status `received`), without handing it anywhere; received `receivedAt` (now). */
export async function recordWithoutEnqueue(event: StripeEventJson, endpointName: string, receivedAt = new Date()) {
  const endpoint = await prisma().endpoint.findUniqueOrThrow({ where: { name: endpointName }, include: { secrets: true } });
  const body = Buffer.from(JSON.stringify(event));
  return recordDelivery({
    endpointId: endpoint.id,
    event: parseStripeEvent(body)!,
    payloadCiphertext: sealAtRest(body),
    payloadSha256: sha256Hex(body),
    payloadSize: body.length,
    receivedAt,
    signatureTimestamp: Math.floor(receivedAt.getTime() / 1000),
    matchedSignature: "a".repeat(64),
    matchedSecretId: endpoint.secrets[0]!.id,
    sourceIp: null,
    initialStatus: "received",
  });
}
