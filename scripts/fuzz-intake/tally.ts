/**
 * What the fuzzer learnt from the answers: counts by status and by kind of request, the 5xx and any
 * acceptance of a request that was not correctly signed (with examples), and which correctly signed
 * events were sent and acknowledged, for the ledger check afterwards.
 */
import { MAX_BODY_BYTES } from "../../server/intake/handle-webhook-request";
import { expectedEventId, payloadExpectation, signatureExpectation, type Materialized } from "../../tests/support/hostile-deliveries";
import type { FuzzRequest } from "./requests";
import { WEBHOOK_PATH } from "./requests";
import type { Answer } from "./send";

const DEFAULT_ENDPOINT_PATHS = [WEBHOOK_PATH, `${WEBHOOK_PATH}/default`];
/** The paths intake's two routes serve: /api/stripe/webhook and /api/stripe/webhook/{endpoint}, with any query. */
const INTAKE_ROUTE = /^\/api\/stripe\/webhook(\/[^/?]+)?(\?.*)?$/;
const isIntakeRoute = (path: string) => INTAKE_ROUTE.test(path);
/** 503s Hookwarden gives on purpose with the database up: a breaker shedding an event type (Stripe retries). */
export const DELIBERATE_503_CODES = ["shedding"];
/** Intake's answers once a request reached the signature check (or got past it). */
const SIGNATURE_CHECKED = ["header_missing", "header_malformed", "signature_mismatch", "timestamp_outside_tolerance", "payload_invalid"];
const MAX_EXAMPLES = 10;

export type Group =
  | "correctly signed (the known share)"
  | "hostile, genuine or edited header"
  | "unsigned POST, Stripe's or local source"
  | "unsigned POST, outside source"
  | "unsigned POST, forged X-Forwarded-For"
  | "other method"
  | "other path"
  | "headers near Node's limit"
  | "headers over Node's limit"
  | "malformed HTTP (raw socket)";

export const GROUPS: Group[] = [
  "correctly signed (the known share)",
  "hostile, genuine or edited header",
  "unsigned POST, Stripe's or local source",
  "unsigned POST, outside source",
  "unsigned POST, forged X-Forwarded-For",
  "other method",
  "other path",
  "headers near Node's limit",
  "headers over Node's limit",
  "malformed HTTP (raw socket)",
];

function groupOf(plan: FuzzRequest, nodeHeaderLimit: number): Group {
  if (plan.kind === "raw") return "malformed HTTP (raw socket)";
  if (plan.method !== "POST") return "other method";
  if (plan.headerBytes !== null) return plan.headerBytes > nodeHeaderLimit ? "headers over Node's limit" : "headers near Node's limit";
  if (plan.path !== WEBHOOK_PATH) return "other path";
  if (plan.share === "signed") return "correctly signed (the known share)";
  if (signatureExpectation(plan.delivery.signature) !== "refused") return "hostile, genuine or edited header";
  if (plan.source.kind === "outside") return "unsigned POST, outside source";
  if (plan.source.kind === "forged") return "unsigned POST, forged X-Forwarded-For";
  return "unsigned POST, Stripe's or local source";
}

const statusKey = (answer: Answer) => (answer.status === null ? `no answer (${answer.failure})` : String(answer.status));
const bump = <K>(map: Map<K, number>, key: K, by = 1) => map.set(key, (map.get(key) ?? 0) + by);

function describe(plan: FuzzRequest, answer: Answer): string {
  if (plan.kind === "raw") return `raw ${plan.variant} → ${statusKey(answer)}`;
  const body = plan.delivery.body.kind === "event" ? `event (${plan.delivery.body.twist.kind})` : plan.delivery.body.kind;
  return `${plan.method} ${plan.path.slice(0, 60)} signature ${plan.delivery.signature.kind}, body ${body}, source ${plan.source.kind} → ${statusKey(answer)} ${answer.code ?? ""}`.trim();
}

export class FuzzTally {
  sent = 0;
  readonly byStatus = new Map<string, number>();
  readonly byGroup = new Map<Group, Map<string, number>>();
  /** Intake's error codes, for the answers that carry one. */
  readonly byCode = new Map<string, number>();
  readonly deliberate503 = new Map<string, number>();
  /** Any other 5xx: status and code. */
  readonly unexpected5xx = new Map<string, number>();
  readonly unexpected5xxExamples: string[] = [];
  /** 5xx on a path no intake route serves (Next.js's own answers): reported apart, see README. */
  readonly outsideIntake5xx = new Map<string, number>();
  readonly outsideIntake5xxExamples: string[] = [];
  /** Recorded (2xx, "received": true) although not a correctly signed Stripe event. */
  unsignedAccepted = 0;
  readonly unsignedAcceptedExamples: string[] = [];
  /** 2xx answers without "received" (OPTIONS, HEAD): nothing was recorded; listed apart. */
  readonly other2xx = new Map<string, number>();

  /** Event ids of every request the fuzzer signed correctly over the exact bytes sent (genuine or edited headers). */
  readonly signedEventIds = new Set<string>();
  /** Correctly signed Stripe events that must be recorded (see `record`): what each was answered. */
  readonly signedAnswers = new Map<string, number>();
  signedSent = 0;
  /** Requests with a genuine or edited header over a Stripe event the fuzzer signed. */
  signedRequests = 0;
  /** Event id → 2xx answers it got. */
  readonly acknowledged = new Map<string, number>();
  answers2xx = 0;
  duplicatesAnswered = 0;

  constructor(private readonly nodeHeaderLimit: number) {}

  record(plan: FuzzRequest, made: (Materialized & { eventId: string | null }) | null, answer: Answer): void {
    this.sent += 1;
    const key = statusKey(answer);
    bump(this.byStatus, key);
    const group = groupOf(plan, this.nodeHeaderLimit);
    bump(this.byGroup.get(group) ?? this.byGroup.set(group, new Map()).get(group)!, key);
    if (answer.code) bump(this.byCode, answer.code);

    if (answer.status !== null && answer.status >= 500) {
      if (answer.status === 503 && answer.code !== null && DELIBERATE_503_CODES.includes(answer.code)) bump(this.deliberate503, answer.code);
      else if (plan.kind === "http" && !isIntakeRoute(plan.path)) {
        bump(this.outsideIntake5xx, `${answer.status} ${answer.code ?? "(no code)"}`);
        if (this.outsideIntake5xxExamples.length < MAX_EXAMPLES) this.outsideIntake5xxExamples.push(describe(plan, answer));
      } else {
        bump(this.unexpected5xx, `${answer.status} ${answer.code ?? "(no code)"}`);
        if (this.unexpected5xxExamples.length < MAX_EXAMPLES) this.unexpected5xxExamples.push(describe(plan, answer));
      }
    }

    const expectation = plan.kind === "http" ? signatureExpectation(plan.delivery.signature) : "refused";
    const eventId = made?.eventId ?? null;
    const signedEvent = plan.kind === "http" && plan.method === "POST" && expectation !== "refused" && eventId !== null;
    if (signedEvent) {
      this.signedEventIds.add(eventId);
      this.signedRequests += 1;
    }
    // Must be answered 2xx: a verifying header over a Stripe event within the body limit, POSTed to the
    // default endpoint (by either path) from a source that is never blocked, with headers Node lets through.
    const mustBeRecorded =
      signedEvent &&
      plan.kind === "http" &&
      expectation === "verifies" &&
      payloadExpectation(plan.delivery.body) === "event" &&
      made!.body.length <= MAX_BODY_BYTES &&
      (plan.headerBytes === null || plan.headerBytes <= this.nodeHeaderLimit) &&
      DEFAULT_ENDPOINT_PATHS.includes(plan.path) &&
      (plan.source.kind === "stripe" || plan.source.kind === "local");
    if (mustBeRecorded) {
      this.signedSent += 1;
      bump(this.signedAnswers, key);
    }

    if (answer.status === null || answer.status < 200 || answer.status > 299) return;
    if (!answer.received) {
      bump(this.other2xx, `${plan.kind === "http" ? plan.method : "raw"} ${answer.status}`);
      return;
    }
    this.answers2xx += 1;
    if (answer.duplicate) this.duplicatesAnswered += 1;
    if (signedEvent) {
      bump(this.acknowledged, eventId);
      return;
    }
    this.unsignedAccepted += 1;
    if (this.unsignedAcceptedExamples.length < MAX_EXAMPLES) this.unsignedAcceptedExamples.push(describe(plan, answer));
  }

  /** Requests that intake's signature check answered (or let through): the point of spreading sources over Stripe's addresses. */
  reachedSignatureCheck(): number {
    return SIGNATURE_CHECKED.reduce((sum, code) => sum + (this.byCode.get(code) ?? 0), 0) + this.answers2xx;
  }

  count(status: string): number {
    return this.byStatus.get(status) ?? 0;
  }

  static total(map: Map<string, number>): number {
    return [...map.values()].reduce((sum, n) => sum + n, 0);
  }

  fiveXX(): number {
    return [...this.byStatus].filter(([status]) => status.startsWith("5")).reduce((sum, [, n]) => sum + n, 0);
  }

  /** The event a verified delivery of this plan records; a repeat names the event it repeats. */
  static eventIdOf(plan: FuzzRequest, repeatOf: string | null): string | null {
    if (plan.kind !== "http") return null;
    return repeatOf ?? expectedEventId(plan.delivery.body);
  }
}
