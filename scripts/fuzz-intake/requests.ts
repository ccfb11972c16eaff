/**
 * The fuzzer's requests: each one a plan drawn with fast-check from a seed, so that `--seed S` replays
 * the same sequence. The body and the Stripe-Signature header come from the arbitraries the property
 * tests use (tests/support/hostile-deliveries.ts); this file adds what only a real HTTP server sees:
 * the method, the path, the source address (X-Forwarded-For from a trusted proxy), headers near and
 * over Node's size limit, chunked bodies, and malformed HTTP sent over a raw socket.
 *
 * One request in SIGNED_EVERY is a correctly signed Stripe event (one in DUPLICATE_EVERY of those a
 * repeat of an earlier one, as in bench:intake's traffic and as Stripe retries); the genuine headers among
 * the hostile plans add a few more.
 */
import fc from "fast-check";
import { maxHeaderSize } from "node:http";
import { STRIPE_WEBHOOK_ADDRESSES } from "../../server/gatekeeper/sources/stripe-webhook-addresses";
import { DUPLICATE_EVERY } from "../bench/request-pool";
import {
  bodyPlan,
  contentType,
  CONTENT_TYPES,
  editedSignature,
  eventId,
  EVENT_TYPES,
  FILLER_SIZES,
  genuineSignature,
  headerText,
  refusedSignature,
  type BodySizes,
  type HostileDelivery,
} from "../../tests/support/hostile-deliveries";

export const TOLERANCE_SECONDS = 300;
export const SIGNED_EVERY = 10;
/** Requests drawn per seed: request i is the (i mod CHUNK)-th sample of seed S + floor(i / CHUNK). */
const CHUNK = 500;

/** Addresses outside Stripe's list (documentation ranges): the flood limiter blocks them after a few refusals. */
const OUTSIDE_ADDRESSES = [
  ...Array.from({ length: 10 }, (_, i) => `203.0.113.${i + 1}`),
  ...Array.from({ length: 5 }, (_, i) => `198.51.100.${i + 1}`),
  ...Array.from({ length: 5 }, (_, i) => `2001:db8::${i + 1}`),
];

export type SourcePlan =
  | { kind: "stripe"; address: string } // X-Forwarded-For: one of Stripe's addresses, from the trusted proxy (us)
  | { kind: "local" } // no X-Forwarded-For: the source is the proxy itself, this machine
  | { kind: "outside"; address: string }
  | { kind: "forged"; value: string }; // any X-Forwarded-For text

export type RawVariant =
  | "bad-header-name"
  | "nul-in-header"
  | "bare-lf"
  | "length-and-chunked"
  | "bad-content-length"
  | "two-content-lengths"
  | "truncated-body"
  | "bad-chunk"
  | "unknown-method"
  | "http-1.0"
  | "garbage";

export type FuzzRequest =
  | {
      kind: "http";
      /** correctly signed Stripe event (the known share), or any plan */
      share: "signed" | "hostile";
      /** signed share: send an earlier signed body again, re-signed now (a Stripe retry) */
      repeat: boolean;
      delivery: HostileDelivery;
      method: string;
      path: string;
      source: SourcePlan;
      /** pad the headers to about this many bytes in all (near or over Node's limit), or not */
      headerBytes: number | null;
      chunked: boolean;
    }
  | { kind: "raw"; variant: RawVariant; source: SourcePlan; garbage: Uint8Array };

export const WEBHOOK_PATH = "/api/stripe/webhook";
/** Paths beside the default endpoint's: the same endpoint by name, unknown names, names no endpoint can have, encodings a router may choke on. */
const OTHER_PATHS = [
  `${WEBHOOK_PATH}/default`,
  `${WEBHOOK_PATH}/no-such-endpoint`,
  `${WEBHOOK_PATH}/DEFAULT`,
  `${WEBHOOK_PATH}/%00`,
  `${WEBHOOK_PATH}/default%00`,
  `${WEBHOOK_PATH}/%2e%2e`,
  `${WEBHOOK_PATH}/..%2fdefault`,
  `${WEBHOOK_PATH}/%ZZ`,
  `${WEBHOOK_PATH}/%C3%28`,
  `${WEBHOOK_PATH}/%ED%A0%80`,
  `${WEBHOOK_PATH}/${"a".repeat(64)}`,
  `${WEBHOOK_PATH}/${"b".repeat(4000)}`,
  `${WEBHOOK_PATH}/`,
  `${WEBHOOK_PATH}?endpoint=default`,
  `${WEBHOOK_PATH}/default/extra`,
  `/api/stripe/Webhook`,
  `//api/stripe/webhook`,
  `/api/stripe/webhook/.`,
];

const stripeSource = fc.constantFrom(...STRIPE_WEBHOOK_ADDRESSES).map((address): SourcePlan => ({ kind: "stripe", address }));
const localSource = fc.constant<SourcePlan>({ kind: "local" });
const forgedValues = fc.oneof(
  headerText(200),
  fc.constantFrom("", "unknown", "127.0.0.1", "::ffff:3.18.12.63", `${STRIPE_WEBHOOK_ADDRESSES[0]}, 203.0.113.9`, `203.0.113.9, ${STRIPE_WEBHOOK_ADDRESSES[0]}`, "3.18.12.63:443", "[::1]", "1.2.3.4.5"),
  fc.array(fc.ipV4(), { minLength: 2, maxLength: 300 }).map((addresses) => addresses.join(", ")),
);

const signedSource = fc.oneof({ arbitrary: stripeSource, weight: 19 }, { arbitrary: localSource, weight: 1 });
const anySource = fc.oneof(
  { arbitrary: stripeSource, weight: 85 },
  { arbitrary: localSource, weight: 5 },
  { arbitrary: fc.constantFrom(...OUTSIDE_ADDRESSES).map((address): SourcePlan => ({ kind: "outside", address })), weight: 7 },
  { arbitrary: forgedValues.map((value): SourcePlan => ({ kind: "forged", value })), weight: 3 },
);

const headerBytes = fc.oneof(
  { arbitrary: fc.constant(null), weight: 90 },
  { arbitrary: fc.integer({ min: maxHeaderSize - 1_500, max: maxHeaderSize - 300 }), weight: 5 }, // near: Node lets it through
  { arbitrary: fc.integer({ min: maxHeaderSize + 200, max: 4 * maxHeaderSize }), weight: 5 }, // over: Node answers 431
);

/** Deep and large bodies, but few of them: about 1% of the requests are 1 MiB or more. */
const SIZES: BodySizes = { maxDepth: 100_000, maxPadding: 16_384, fillerSizes: [...FILLER_SIZES, 2, 100, 10_000], weights: { filler: 2, deep: 5 } };

/** The known share: a Stripe event (any twist that keeps it one), signed as Stripe would, from Stripe. */
const signedRequest = (secretCount: number) =>
  fc.record({
    kind: fc.constant("http" as const),
    share: fc.constant("signed" as const),
    repeat: fc.nat(DUPLICATE_EVERY - 1).map((n) => n === 0),
    delivery: fc.record({
      body: fc.record({ kind: fc.constant("event" as const), id: eventId(), type: fc.constantFrom(...EVENT_TYPES), twist: fc.constant({ kind: "none" as const }) }),
      signature: genuineSignature(secretCount, TOLERANCE_SECONDS),
      contentType: fc.constant<string | null>(CONTENT_TYPES[0]),
    }),
    method: fc.constant("POST"),
    path: fc.constant(WEBHOOK_PATH),
    source: signedSource,
    headerBytes: fc.constant(null),
    chunked: fc.constant(false),
  });

/** Anything: mostly a POST to the endpoint with a refused header, sometimes genuine, sometimes not even HTTP. */
const hostileRequest = (secretCount: number): fc.Arbitrary<FuzzRequest> =>
  fc.oneof(
    {
      weight: 99,
      arbitrary: fc.record({
        kind: fc.constant("http" as const),
        share: fc.constant("hostile" as const),
        repeat: fc.constant(false),
        delivery: fc.record({
          body: bodyPlan(SIZES),
          signature: fc.oneof(
            { arbitrary: refusedSignature(TOLERANCE_SECONDS), weight: 16 },
            { arbitrary: genuineSignature(secretCount, TOLERANCE_SECONDS), weight: 1 },
            { arbitrary: editedSignature(), weight: 1 },
          ),
          contentType: contentType(),
        }),
        method: fc.oneof({ arbitrary: fc.constant("POST"), weight: 92 }, { arbitrary: fc.constantFrom("GET", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"), weight: 8 }),
        path: fc.oneof({ arbitrary: fc.constant(WEBHOOK_PATH), weight: 92 }, { arbitrary: fc.constantFrom(...OTHER_PATHS), weight: 8 }),
        source: anySource,
        headerBytes,
        chunked: fc.nat(9).map((n) => n === 0),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant("raw" as const),
        variant: fc.constantFrom<RawVariant>(
          "bad-header-name",
          "nul-in-header",
          "bare-lf",
          "length-and-chunked",
          "bad-content-length",
          "two-content-lengths",
          "truncated-body",
          "bad-chunk",
          "unknown-method",
          "http-1.0",
          "garbage",
        ),
        source: anySource,
        garbage: fc.uint8Array({ minLength: 1, maxLength: 512 }),
      }),
    },
  );

/** Request `index` of the run with this seed: the same plan every time. */
export class FuzzRequests {
  private chunkIndex = -1;
  private chunk: FuzzRequest[] = [];
  private readonly signed: fc.Arbitrary<FuzzRequest>;
  private readonly hostile: fc.Arbitrary<FuzzRequest>;

  constructor(
    private readonly seed: number,
    secretCount: number,
  ) {
    this.signed = signedRequest(secretCount);
    this.hostile = hostileRequest(secretCount);
  }

  at(index: number): FuzzRequest {
    const chunkIndex = Math.floor(index / CHUNK);
    if (chunkIndex !== this.chunkIndex) {
      // Hostile plans from one seed, the signed share from another, so that changing one mix leaves the other alone.
      const hostile = fc.sample(this.hostile, { seed: this.seed + 2 * chunkIndex, numRuns: CHUNK });
      const signed = fc.sample(this.signed, { seed: this.seed + 2 * chunkIndex + 1, numRuns: Math.ceil(CHUNK / SIGNED_EVERY) });
      this.chunk = hostile.map((plan, i) => (i % SIGNED_EVERY === 0 ? signed[i / SIGNED_EVERY]! : plan));
      this.chunkIndex = chunkIndex;
    }
    return this.chunk[index % CHUNK]!;
  }
}
