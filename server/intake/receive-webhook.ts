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
import { sheddingBreakerFor } from "../gatekeeper/breaker/shedding-breakers";
import { noteEndpointFailure } from "../gatekeeper/detect/failure-flood";
import { gatekeeperOn } from "../gatekeeper/gatekeeper-on";
import { noteOutsideSource } from "../gatekeeper/sources/note-outside-source";
import { isStripeAddress } from "../gatekeeper/sources/source-addresses";
import { noteSourceFailure } from "../gatekeeper/sources/source-limiter";
import { noteRefusedRequest, noteVerifiedDelivery } from "../gatekeeper/traffic/traffic-recorder";
import type { EndpointForIntake } from "../endpoints/endpoint-secrets";

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
  payload_incomplete: "The request ended before its body did.",
  endpoint_not_found: "There is no webhook endpoint with this name.",
  source_not_allowed: "This endpoint accepts deliveries from Stripe's webhook addresses only.",
  source_blocked: "Too many forged or malformed requests from this address; try again later.",
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
  const gatekeeper = gatekeeperOn();
  // A name no endpoint can have (any byte a URL can carry, NUL included) is not looked up at all.
  const validName = EndpointNameSchema.safeParse(delivery.endpointName).success;
  const endpoint = validName ? await endpointSecrets(delivery.endpointName) : null;
  if (!endpoint) {
    if (gatekeeper) noteSourceFailure(delivery.sourceIp, "endpoint_not_found", delivery.endpointName, delivery.receivedAt);
    throw rejectDelivery(delivery, "endpoint_not_found");
  }
  // Source policy, before any signature work: enforce refuses what does not come from Stripe's addresses.
  if (gatekeeper && endpoint.sourcePolicy === "enforce" && !isStripeAddress(delivery.sourceIp)) {
    noteRefusedRequest({ endpointId: endpoint.id, receivedAt: delivery.receivedAt, outcome: "refused", payloadSize: delivery.body.length });
    noteOutsideSource(endpoint, delivery.sourceIp, delivery.receivedAt, "refused");
    throw rejectDelivery(delivery, "source_not_allowed");
  }

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
    if (gatekeeper) noteRefusal(endpoint, delivery, verdict.code, "signature");
    throw rejectDelivery(delivery, verdict.code);
  }

  const event = parseStripeEvent(delivery.body);
  if (!event) {
    if (gatekeeper) noteRefusal(endpoint, delivery, "payload_invalid", "malformed");
    throw rejectDelivery(delivery, "payload_invalid");
  }
  // A breaker in shed mode: not recorded, answered 503, so Stripe keeps the event and retries it.
  if (gatekeeper && sheddingBreakerFor(endpoint.id, event.type, delivery.receivedAt.getTime())) {
    noteRefusedRequest({ endpointId: endpoint.id, receivedAt: delivery.receivedAt, outcome: "shed", payloadSize: delivery.body.length });
    throw new AppError("shedding", "Deliveries of this event type are paused by the gatekeeper; retry later.");
  }

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
  if (gatekeeper) {
    noteVerifiedDelivery({
      endpointId: endpoint.id,
      receivedAt: delivery.receivedAt,
      sourceIp: delivery.sourceIp,
      kind: recorded.kind,
      type: event.type,
      created: Math.floor(event.created.getTime() / 1000),
      signatureTimestamp: verdict.signatureTimestamp,
      payloadSize: delivery.body.length,
    });
    if (endpoint.sourcePolicy === "monitor" && !isStripeAddress(delivery.sourceIp)) noteOutsideSource(endpoint, delivery.sourceIp, delivery.receivedAt, "flagged");
  }
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

/** What the gatekeeper learns from a refused request: the source's failure count, and the endpoint's traffic. */
function noteRefusal(endpoint: EndpointForIntake, delivery: IncomingDelivery, reason: RejectionReason, outcome: "signature" | "malformed"): void {
  noteSourceFailure(delivery.sourceIp, reason, endpoint.name, delivery.receivedAt);
  noteEndpointFailure(endpoint, reason, delivery.receivedAt);
  noteRefusedRequest({ endpointId: endpoint.id, receivedAt: delivery.receivedAt, outcome, payloadSize: delivery.body.length });
}
