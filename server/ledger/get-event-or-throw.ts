import { prisma } from "../db";
import { AppError } from "../errors";
import { readEventPayload } from "./read-event-payload";

/**
 * One event by its Stripe id, with every delivery and its payload masked (whatever
 * the caller's role: the raw payload is only read through break-glass). The same
 * Stripe id can exist under two endpoints; then the caller must name the endpoint.
 */
export async function getEventOrThrow(stripeEventId: string, endpointName?: string) {
  const rows = await prisma().stripeEvent.findMany({
    where: { stripeEventId, ...(endpointName ? { endpoint: { name: endpointName } } : {}) },
    include: {
      endpoint: { select: { name: true } },
      deliveries: {
        orderBy: { receivedAt: "asc" },
        select: { id: true, receivedAt: true, signatureTimestamp: true, sourceIp: true, matchedSecretId: true, kind: true, verdict: true },
      },
    },
    take: 2,
  });
  const row = rows[0];
  if (!row) throw new AppError("not_found", `No event ${stripeEventId} in the ledger.`);
  if (rows.length > 1) {
    throw new AppError("ambiguous", `Event ${stripeEventId} was received on several endpoints; add ?endpoint=<name>.`);
  }
  const secretIds = [...new Set(row.deliveries.map((delivery) => delivery.matchedSecretId))];
  const secrets = await prisma().signingSecret.findMany({ where: { id: { in: secretIds } }, select: { id: true, fingerprint: true } });
  const fingerprintOf = new Map(secrets.map((secret) => [secret.id, secret.fingerprint]));
  return {
    id: row.stripeEventId,
    ledgerId: row.id,
    type: row.type,
    status: row.status,
    endpoint: row.endpoint.name,
    livemode: row.livemode,
    apiVersion: row.apiVersion,
    account: row.account,
    objectId: row.objectId,
    objectType: row.objectType,
    customerId: row.customerId,
    stripeCreatedAt: row.stripeCreatedAt.toISOString(),
    firstReceivedAt: row.firstReceivedAt.toISOString(),
    lastReceivedAt: row.lastReceivedAt.toISOString(),
    processedAt: row.processedAt?.toISOString() ?? null,
    deliveryCount: row.deliveryCount,
    payload: await readEventPayload(row.id, { masked: true }),
    deliveries: row.deliveries.map((delivery) => ({
      receivedAt: delivery.receivedAt.toISOString(),
      signatureTimestamp: delivery.signatureTimestamp.toISOString(),
      sourceIp: delivery.sourceIp,
      matchedSecret: fingerprintOf.get(delivery.matchedSecretId) ?? null,
      kind: delivery.kind,
      verdict: delivery.verdict,
      replay: delivery.kind === "replay",
      retry: delivery.kind === "retry",
    })),
  };
}
