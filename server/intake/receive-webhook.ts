import { sha256Hex } from "../crypto/cipher";
import { sealAtRest } from "../crypto/keys";
import { EndpointNameSchema } from "../endpoints/endpoint-name";
import { endpointSecrets } from "../endpoints/endpoint-secrets";
import { noteSecretMatch } from "../endpoints/note-secret-match";
import { queueMode } from "../env";
import { AppError } from "../errors";
import type { RejectionReason } from "../ledger/event-status";
import { recordDelivery, type RecordedDelivery } from "../ledger/record-delivery";
import { recordRejection } from "../ledger/record-rejection";
import { log } from "../log";
import { wakeEmbeddedRunner } from "../queue/embedded-runner";
import { sendToInngestInBackground } from "../queue/send-to-inngest";
import { verifyStripeSignature } from "../verification/verify-stripe-signature";
import { noteForeignSignatures } from "../rotation/note-foreign-signatures";
import { parseStripeEvent } from "./parse-stripe-event";

export type IncomingDelivery = {
  endpointName: string;
  body: Uint8Array;
  signatureHeader: string | null;
  sourceIp: string | null;
  receivedAt: Date;
};

const REJECTION_MESSAGES: Record<RejectionReason, string> = {
  header_missing: "The Stripe-Signature header is missing.",
  header_malformed: "The Stripe-Signature header is malformed.",
  signature_mismatch: "No signature matches an active signing secret of this endpoint.",
  timestamp_outside_tolerance: "The signature timestamp is outside the accepted window.",
  payload_invalid: "The signed payload is not a Stripe event.",
  payload_too_large: "The request body is larger than 1 MiB.",
  endpoint_not_found: "There is no webhook endpoint with this name.",
};

/** Records a refused request (compactly, never its body) and returns the error to answer with. */
export function rejectDelivery(delivery: Omit<IncomingDelivery, "signatureHeader">, reason: RejectionReason): AppError {
  recordRejection({
    receivedAt: delivery.receivedAt,
    endpoint: EndpointNameSchema.safeParse(delivery.endpointName).success ? delivery.endpointName : "(invalid name)",
    sourceIp: delivery.sourceIp,
    reason,
    bodySha256: delivery.body.length > 0 ? sha256Hex(delivery.body) : null,
    bodySize: delivery.body.length,
  });
  return new AppError(reason, REJECTION_MESSAGES[reason]);
}

/**
 * Intake: proves a delivery came from Stripe, records it durably, and hands a new
 * event to processing. Throws AppError for a refused request (recorded as a
 * rejection) and lets database errors through (the route answers 503).
 * Invariant 3: nothing is parsed or recorded before the signature verifies.
 */
export async function receiveWebhook(delivery: IncomingDelivery): Promise<RecordedDelivery> {
  const endpoint = await endpointSecrets(delivery.endpointName);
  if (!endpoint) throw rejectDelivery(delivery, "endpoint_not_found");

  const verdict = verifyStripeSignature({
    payload: delivery.body,
    header: delivery.signatureHeader,
    secrets: endpoint.secrets,
    toleranceSeconds: endpoint.toleranceSeconds,
    now: Math.floor(delivery.receivedAt.getTime() / 1000),
  });
  if (!verdict.ok) {
    if (verdict.code === "signature_mismatch" && endpoint.inactiveSecrets.length > 0) {
      noteForeignSignatures({ endpoint, payload: delivery.body, header: delivery.signatureHeader, accepted: false, now: delivery.receivedAt.getTime() });
    }
    throw rejectDelivery(delivery, verdict.code);
  }

  const event = parseStripeEvent(delivery.body);
  if (!event) throw rejectDelivery(delivery, "payload_invalid");

  const mode = queueMode();
  const recorded = await recordDelivery({
    endpointId: endpoint.id,
    event,
    payloadCiphertext: sealAtRest(delivery.body),
    payloadSha256: sha256Hex(delivery.body),
    payloadSize: delivery.body.length,
    receivedAt: delivery.receivedAt,
    signatureTimestamp: verdict.signatureTimestamp,
    matchedSignature: verdict.matchedSignature,
    matchedSecretId: verdict.matchedSecretId,
    sourceIp: delivery.sourceIp,
    initialStatus: mode === "embedded" ? "queued" : "received",
  });

  noteSecretMatch(verdict.matchedSecretId, delivery.receivedAt);
  if (verdict.unmatchedSignatures.length > 0) {
    noteForeignSignatures({ endpoint, payload: delivery.body, header: delivery.signatureHeader, accepted: true, unmatched: verdict.unmatchedSignatures, now: delivery.receivedAt.getTime() });
  }
  if (!recorded.duplicate) {
    if (mode === "embedded") wakeEmbeddedRunner();
    else {
      sendToInngestInBackground({
        ledgerEventId: recorded.eventId,
        stripeEventId: event.id,
        endpointId: endpoint.id,
        type: event.type,
        concurrencyKey: event.customerId ?? event.objectId ?? event.id,
      });
    }
  }
  log.debug("delivery recorded", { stripeEventId: event.id, type: event.type, endpoint: endpoint.name, kind: recorded.kind });
  return recorded;
}
