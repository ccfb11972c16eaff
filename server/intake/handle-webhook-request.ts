import { randomUUID } from "node:crypto";
import { env } from "../env";
import { isAppError, type AppError } from "../errors";
import { log } from "../log";
import { gatekeeperOn } from "../gatekeeper/gatekeeper-on";
import { noteSourceFailure, sourceBlockedUntil } from "../gatekeeper/sources/source-limiter";
import { DELIVERY_VERDICTS } from "../ledger/event-status";
import { countIntakeRequest, type IntakeOutcome } from "../metrics/intake-metrics";
import { clientAddress } from "./client-address";
import { receiveWebhook, rejectDelivery } from "./receive-webhook";

/** Stripe never sends more; larger bodies are refused before they are read in full. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Seconds Stripe is asked to wait before retrying when the ledger cannot record. */
const RETRY_AFTER_SECONDS = 30;
/** While a breaker sheds: Stripe keeps its own backoff schedule anyway; this is the hint. */
const SHED_RETRY_AFTER_SECONDS = 300;

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", "cache-control": "no-store", ...headers } });

/** Reads at most `limit` bytes; returns null as soon as the body proves larger. */
async function readBody(request: Request, limit: number): Promise<Uint8Array | null> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) return null;
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}

/**
 * The intake route's whole job: raw bytes in, one of the documented answers out.
 * 200 only after the delivery is committed; 4xx for refused requests; 503 with
 * Retry-After when the ledger cannot record, so that Stripe tries again.
 * No answer ever echoes the payload, the signature or a secret.
 * `clock.now` replaces the receive time (the evaluation harness replays recorded traffic on a virtual clock).
 * Every answer is counted, with its latency, in this process's metrics (server/metrics/).
 */
export async function handleWebhookRequest(request: Request, endpointName: string, clock: { now?: Date } = {}): Promise<Response> {
  const started = performance.now();
  const { outcome, response } = await answerWebhookRequest(request, endpointName, clock);
  countIntakeRequest({ endpointName, outcome, status: response.status, seconds: (performance.now() - started) / 1000 });
  return response;
}

type Answer = { outcome: IntakeOutcome; response: Response };

const refused = (error: AppError, headers: Record<string, string> = {}): Answer => ({
  outcome: error.code,
  response: json(error.status, { error: { code: error.code, message: error.message } }, headers),
});

async function answerWebhookRequest(request: Request, endpointName: string, clock: { now?: Date }): Promise<Answer> {
  // The gatekeeper's clock: now, or a virtual time under `hookwarden detect --replay`.
  const receivedAt = clock.now ?? new Date();
  const sourceIp = clientAddress(request.headers, env().HOOKWARDEN_TRUSTED_PROXIES);
  const gatekeeper = gatekeeperOn();
  // A source flooding us with forged or malformed requests: answered before its body is read.
  const blockedUntil = gatekeeper ? sourceBlockedUntil(sourceIp, receivedAt.getTime()) : null;
  if (blockedUntil !== null) {
    await request.body?.cancel().catch(() => undefined);
    const error = rejectDelivery({ endpointName, body: new Uint8Array(0), sourceIp, receivedAt }, "source_blocked");
    const retryAfter = Math.max(1, Math.ceil((blockedUntil - receivedAt.getTime()) / 1000));
    return refused(error, { "retry-after": String(retryAfter) });
  }
  // A client that goes away mid-body (a cut connection) is one more refused request, not an error thrown at the framework.
  const body = await readBody(request, MAX_BODY_BYTES).catch(() => undefined);
  if (body === undefined) {
    if (gatekeeper) noteSourceFailure(sourceIp, "payload_incomplete", endpointName, receivedAt);
    return refused(rejectDelivery({ endpointName, body: new Uint8Array(0), sourceIp, receivedAt }, "payload_incomplete"));
  }
  if (body === null) {
    if (gatekeeper) noteSourceFailure(sourceIp, "payload_too_large", endpointName, receivedAt);
    return refused(rejectDelivery({ endpointName, body: new Uint8Array(0), sourceIp, receivedAt }, "payload_too_large"));
  }
  try {
    const recorded = await receiveWebhook({
      endpointName,
      body,
      signatureHeader: request.headers.get("stripe-signature"),
      sourceIp,
      receivedAt,
    });
    return { outcome: DELIVERY_VERDICTS[recorded.duplicate ? "duplicate" : "first"], response: json(200, { received: true, duplicate: recorded.duplicate }) };
  } catch (error) {
    if (isAppError(error)) return refused(error, error.code === "shedding" ? { "retry-after": String(SHED_RETRY_AFTER_SECONDS) } : {});
    const correlationId = randomUUID();
    log.error("ledger could not record a delivery", { correlationId, endpoint: endpointName, error });
    return {
      outcome: "ledger_unavailable",
      response: json(
        503,
        { error: { code: "ledger_unavailable", message: "The delivery could not be recorded; retry later.", correlationId } },
        { "retry-after": String(RETRY_AFTER_SECONDS) },
      ),
    };
  }
}
