import { isKnownEndpoint } from "../endpoints/endpoint-secrets";
import type { ErrorCode } from "../errors";
import { DELIVERY_VERDICTS } from "../ledger/event-status";
import { metrics } from "./metrics-registry";

/** How intake answered: the delivery's verdict when it was recorded, else the error code it was answered with. */
export type IntakeOutcome = (typeof DELIVERY_VERDICTS)[keyof typeof DELIVERY_VERDICTS] | ErrorCode;

/** The endpoint label of requests to a name intake does not know: the URL is the sender's choice, so it never becomes a label. */
export const UNKNOWN_ENDPOINT = "(unknown)";

export type IntakeAnswer = { endpointName: string; outcome: IntakeOutcome; status: number; seconds: number };

/**
 * Counts one intake answer and its latency, in this process's memory: no query, and labels from
 * bounded sets only (an endpoint intake knows, an answer code, a status class). Never the source
 * address, which an attacker chooses.
 */
export function countIntakeRequest(answer: IntakeAnswer): void {
  const recorded = answer.outcome === DELIVERY_VERDICTS.first || answer.outcome === DELIVERY_VERDICTS.duplicate;
  const endpoint = recorded || isKnownEndpoint(answer.endpointName) ? answer.endpointName : UNKNOWN_ENDPOINT;
  const { intakeRequests, intakeDuration } = metrics();
  intakeRequests.inc({ endpoint, outcome: answer.outcome });
  intakeDuration.observe({ endpoint, status_class: answer.status < 300 ? "2xx" : answer.status < 500 ? "4xx" : "5xx" }, answer.seconds);
}
