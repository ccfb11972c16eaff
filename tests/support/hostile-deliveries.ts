/**
 * Webhook deliveries, genuine and hostile, as plans that fast-check generates and shrinks. The property
 * tests (server/verification/signature-properties.test.ts, server/intake/intake-properties.test.ts) and
 * the HTTP fuzzer (`npm run fuzz:intake`) draw from these same arbitraries.
 *
 * A plan says how a body and its `Stripe-Signature` header are made; `materialize` makes them when the
 * request is sent, because a genuine header's `t` is "now". `signatureExpectation` is the oracle, written
 * from Stripe's rules (/work/shared/docs/STRIPE.md) and our stricter ones (README, "Signature header
 * rules"), not from the parser: a plan `verifies` only when the header is one Stripe would send (a `v1`
 * of an active secret over the exact bytes, `t` within the tolerance) with what Stripe documents a
 * receiver must ignore beside it (more `v1`, `v0`, unknown schemes, the same `v1` twice, any order).
 * Every mutation of such a header or of its body is `refused`, except free character edits of the
 * header (`either`: an edit can leave it valid, e.g. a leading zero in `t`, which Stripe's SDKs accept too).
 */
import fc from "fast-check";
import { MAX_BODY_BYTES } from "../../server/intake/handle-webhook-request";
import { MAX_HEADER_LENGTH, MAX_V1 } from "../../server/verification/parse-signature-header";
import { computeStripeSignature } from "../../server/verification/verify-stripe-signature";

/** A fixed seed, printed by fast-check with any counterexample, so a failure in CI replays exactly. */
export const PROPERTY_SEED = 20_261_130;

/** Settings of one `fc.assert`: the fixed seed, and few enough runs that a file takes seconds. */
export const propertyRuns = (numRuns: number) => ({ seed: PROPERTY_SEED, numRuns });

/** What Stripe may send beside the `v1` of an active secret, and a receiver must tolerate. */
export type GenuineExtra =
  | { kind: "v1"; hex: string } // a v1 of a secret this endpoint does not hold (Stripe signs with each secret it holds)
  | { kind: "v0"; hex: string } // test mode's deliberately fake scheme
  | { kind: "scheme"; key: string; value: string } // a scheme receivers do not know (keys are case-sensitive: V1 is not v1)
  | { kind: "same-v1" }; // the valid v1 once more

export type SignaturePlan =
  /** One v1 per signer (indexes into the active secrets), t = now + skew (within the tolerance), extras inserted. */
  | { kind: "genuine"; signers: number[]; skewSeconds: number; extras: { extra: GenuineExtra; at: number }[] }
  /** Free character edits of a genuine header (one signer, no extras): may still verify, but only as the same t and v1. */
  | { kind: "edited"; edits: { at: number; op: "insert" | "delete" | "replace"; char: string }[] }
  // Everything below must never verify.
  | { kind: "body-bit-flipped"; bit: number }
  | { kind: "signature-bit-flipped"; bit: number }
  | { kind: "outside-tolerance"; skewSeconds: number }
  | { kind: "foreign-secret" }
  | { kind: "v0-only"; withWrongV1: boolean } // the right HMAC under v0 (a downgrade)
  | { kind: "scheme-case"; key: "V1" | "T" } // the right v1 or t under an upper-case key
  | { kind: "hex-case" } // the right HMAC in upper-case hex
  | { kind: "whitespace"; at: number; space: string } // inside a genuine header
  | { kind: "duplicate-t"; skewSeconds: number; first: boolean }
  | { kind: "empty-element"; at: number }
  | { kind: "truncated"; keep: number }
  | { kind: "too-many-v1"; extra: number }
  | { kind: "oversized"; length: number }
  | { kind: "sent-twice" } // the genuine header on two lines: HTTP joins them with ", "
  | { kind: "absent" }
  | { kind: "empty" }
  | { kind: "text"; text: string };

export type EventTwist =
  | { kind: "none" }
  | { kind: "invalid-utf8"; sequence: number[] } // bytes that are not UTF-8, inside a metadata string
  | { kind: "unicode"; text: string } // any text, JSON-escaped (lone surrogates, NUL), in metadata
  | { kind: "deep"; depth: number } // metadata nested this deep
  | { kind: "duplicate-key"; key: "type" | "object" | "livemode" | "created" | "data" } // an earlier, wrong value; the last one is right
  | { kind: "padding"; size: number } // a large metadata string
  | { kind: "odd-field"; field: "type" | "api_version" | "account" | "object_id" | "created"; value: string | number }; // may make it no Stripe event

export type BodyPlan =
  /** A Stripe event: a verified delivery of it is recorded under `id`. */
  | { kind: "event"; id: string; type: (typeof EVENT_TYPES)[number]; twist: EventTwist }
  // None of these is a Stripe event.
  | { kind: "bytes"; bytes: Uint8Array }
  | { kind: "text"; text: string }
  | { kind: "json"; value: unknown }
  | { kind: "deep"; depth: number; open: "[" | "{" }
  | { kind: "filler"; size: number };

export type HostileDelivery = { body: BodyPlan; signature: SignaturePlan; contentType: string | null };

export type SigningKeys = {
  /** The endpoint's active secrets, in any order. */
  active: readonly string[];
  /** A secret the endpoint does not hold. */
  foreign: string;
  toleranceSeconds: number;
  /** Unix seconds. */
  now: number;
};

export type Materialized = {
  body: Buffer;
  /** The Stripe-Signature header lines; none when absent, two when sent twice. */
  signatureLines: string[];
  /** The t and the v1 values (one per signing secret) a genuine or edited header was made with. */
  signedAs: { timestamp: number; signatures: string[] } | null;
};

export type Expectation = "verifies" | "refused" | "either";

/** Whether the header of this plan must verify, must not, or may (see the file's comment). */
export function signatureExpectation(plan: SignaturePlan): Expectation {
  if (plan.kind === "genuine") return "verifies";
  if (plan.kind === "edited") return "either";
  return "refused";
}

/** The Stripe event id a verified delivery of this body records; null when the body is no Stripe event. */
export function expectedEventId(plan: BodyPlan): string | null {
  return plan.kind === "event" ? plan.id : null;
}

/**
 * What a verified delivery of this body must get: recorded (`event`), refused as payload_invalid
 * (`not-event`), or either (an event with an odd field value, which intake may judge no Stripe event).
 */
export function payloadExpectation(plan: BodyPlan): "event" | "not-event" | "either" {
  if (plan.kind !== "event") return "not-event";
  return plan.twist.kind === "odd-field" ? "either" : "event";
}

// ---------------------------------------------------------------------------------------------
// Arbitraries

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const HEX = "0123456789abcdef";
const fixedString = (alphabet: string, length: number) => fc.string({ unit: fc.constantFrom(...alphabet), minLength: length, maxLength: length });

const hex64 = () => fixedString(HEX, 64);
/** `evt_fz` and 24 random letters and digits: distinct over any run we make. */
export const eventId = () => fixedString(ALPHANUMERIC, 24).map((suffix) => `evt_fz${suffix}`);

/** A character a header value may carry over HTTP: tab, visible ASCII, space, and Latin-1 (obs-text). */
const headerChar = () =>
  fc.oneof(
    { arbitrary: fc.constantFrom(",", "=", "t", "v", "1", "0", "a", "f", "9", " ", "\t"), weight: 3 },
    { arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), weight: 3 },
    { arbitrary: fc.integer({ min: 0x80, max: 0xff }).map((code) => String.fromCharCode(code)), weight: 1 },
  );
export const headerText = (maxLength = 200) => fc.string({ unit: headerChar(), maxLength });

const skewWithin = (tolerance: number) => fc.integer({ min: -(tolerance - 5), max: tolerance - 5 });
const skewOutside = (tolerance: number) =>
  fc.oneof(fc.integer({ min: tolerance + 5, max: 10 * 365 * 86_400 }), fc.integer({ min: -10 * 365 * 86_400, max: -(tolerance + 5) }));

const genuineExtra = (): fc.Arbitrary<GenuineExtra> =>
  fc.oneof(
    hex64().map((hex) => ({ kind: "v1" as const, hex })),
    fc.oneof(hex64(), fc.constant("6ffbb59b2300aae63f272406069a9788598b792a944a07aba816edb039989a39")).map((hex) => ({ kind: "v0" as const, hex })),
    fc.record({ key: fc.constantFrom("v2", "v9", "V1", "T", "scheme", "x-v1"), value: fixedString(ALPHANUMERIC, 12) }).map((scheme) => ({ kind: "scheme" as const, ...scheme })),
    fc.constant({ kind: "same-v1" as const }),
  );

/** Genuine headers: what Stripe sends, with `secretCount` active secrets to sign with. */
export const genuineSignature = (secretCount: number, tolerance: number): fc.Arbitrary<SignaturePlan> =>
  fc.record({
    kind: fc.constant("genuine" as const),
    signers: fc.uniqueArray(fc.integer({ min: 0, max: secretCount - 1 }), { minLength: 1, maxLength: secretCount }),
    skewSeconds: skewWithin(tolerance),
    // At most MAX_V1 v1 in all: the signers (at most 2 here), the same v1 again, and these.
    extras: fc.array(fc.record({ extra: genuineExtra(), at: fc.nat() }), { maxLength: 8 }),
  });

/** Headers that must never verify, each breaking one rule of a genuine one. */
export const refusedSignature = (tolerance: number): fc.Arbitrary<SignaturePlan> =>
  fc.oneof(
    fc.nat().map((bit) => ({ kind: "body-bit-flipped" as const, bit })),
    fc.integer({ min: 0, max: 255 }).map((bit) => ({ kind: "signature-bit-flipped" as const, bit })),
    skewOutside(tolerance).map((skewSeconds) => ({ kind: "outside-tolerance" as const, skewSeconds })),
    fc.constant({ kind: "foreign-secret" as const }),
    fc.boolean().map((withWrongV1) => ({ kind: "v0-only" as const, withWrongV1 })),
    fc.constantFrom("V1" as const, "T" as const).map((key) => ({ kind: "scheme-case" as const, key })),
    fc.constant({ kind: "hex-case" as const }),
    fc.record({ at: fc.nat(), space: fc.constantFrom(" ", "\t", "\u00a0", "  ") }).map((plan) => ({ kind: "whitespace" as const, ...plan })),
    fc.record({ skewSeconds: skewWithin(tolerance), first: fc.boolean() }).map((plan) => ({ kind: "duplicate-t" as const, ...plan })),
    fc.nat().map((at) => ({ kind: "empty-element" as const, at })),
    fc.nat().map((keep) => ({ kind: "truncated" as const, keep })),
    fc.integer({ min: 1, max: 40 }).map((extra) => ({ kind: "too-many-v1" as const, extra })),
    fc.integer({ min: MAX_HEADER_LENGTH + 1, max: 4 * MAX_HEADER_LENGTH }).map((length) => ({ kind: "oversized" as const, length })),
    fc.constant({ kind: "sent-twice" as const }),
    fc.constant({ kind: "absent" as const }),
    fc.constant({ kind: "empty" as const }),
    headerText().map((text) => ({ kind: "text" as const, text })),
  );

export const editedSignature = (): fc.Arbitrary<SignaturePlan> =>
  fc
    .array(fc.record({ at: fc.nat(), op: fc.constantFrom("insert" as const, "delete" as const, "replace" as const), char: headerChar() }), { minLength: 1, maxLength: 3 })
    .map((edits) => ({ kind: "edited" as const, edits }));

export const signaturePlan = (secretCount: number, tolerance: number): fc.Arbitrary<SignaturePlan> =>
  fc.oneof({ arbitrary: genuineSignature(secretCount, tolerance), weight: 2 }, { arbitrary: refusedSignature(tolerance), weight: 6 }, { arbitrary: editedSignature(), weight: 1 });

const INVALID_UTF8: number[][] = [[0xff], [0xc3, 0x28], [0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0xfe, 0xfe, 0xff, 0xff]];

const eventTwist = (maxDepth: number, maxPadding: number): fc.Arbitrary<EventTwist> =>
  fc.oneof(
    { arbitrary: fc.constant({ kind: "none" as const }), weight: 4 },
    {
      arbitrary: fc
        .oneof(fc.constantFrom(...INVALID_UTF8), fc.array(fc.integer({ min: 0x80, max: 0xff }), { minLength: 1, maxLength: 8 }))
        .map((sequence) => ({ kind: "invalid-utf8" as const, sequence })),
      weight: 1,
    },
    { arbitrary: fc.string({ unit: "binary", maxLength: 64 }).map((text) => ({ kind: "unicode" as const, text })), weight: 1 },
    { arbitrary: fc.integer({ min: 2, max: maxDepth }).map((depth) => ({ kind: "deep" as const, depth })), weight: 1 },
    { arbitrary: fc.constantFrom("type" as const, "object" as const, "livemode" as const, "created" as const, "data" as const).map((key) => ({ kind: "duplicate-key" as const, key })), weight: 1 },
    {
      // Mostly small; one in ten just under or over the body limit (with the rest of the event around it).
      arbitrary: fc
        .oneof({ arbitrary: fc.integer({ min: 1, max: maxPadding }), weight: 9 }, { arbitrary: fc.constantFrom(MAX_BODY_BYTES - 1_024, MAX_BODY_BYTES), weight: 1 })
        .map((size) => ({ kind: "padding" as const, size })),
      weight: 1,
    },
    { arbitrary: oddField(), weight: 1 },
  );

/** A field intake indexes, with a value Stripe would not send: any text (NUL, 300 characters), or a `created` no date can hold. */
const oddField = (): fc.Arbitrary<EventTwist> =>
  fc.oneof(
    fc.record({
      kind: fc.constant("odd-field" as const),
      field: fc.constantFrom("type" as const, "api_version" as const, "account" as const, "object_id" as const),
      value: fc.oneof(fc.string({ unit: "binary", maxLength: 300 }), fc.constantFrom("\u0000", "a\u0000b", "", " ")),
    }),
    fc.record({
      kind: fc.constant("odd-field" as const),
      field: fc.constant("created" as const),
      value: fc.oneof(fc.constantFrom(0, -1, 1.5, 8.64e12, 9e15, Number.MAX_SAFE_INTEGER, 1e21), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER })),
    }),
  );

/** A Stripe event with one indexed field holding a value Stripe would not send. */
export const oddEvent = (): fc.Arbitrary<BodyPlan> =>
  fc.record({ kind: fc.constant("event" as const), id: eventId(), type: fc.constantFrom(...EVENT_TYPES), twist: oddField() });

/**
 * Types our processing handles in different ways (a payment, a customer, a subscription) or not at all,
 * with their object, its id prefix and the few fields processing needs to take it for what it says.
 */
const OBJECTS_BY_TYPE = {
  "customer.created": ["customer", "cus", ""],
  "payment_intent.created": ["payment_intent", "pi", '"amount":1000,"currency":"usd","status":"requires_payment_method",'],
  "charge.succeeded": ["charge", "ch", '"amount":1000,"currency":"usd","status":"succeeded",'],
  "invoice.paid": ["invoice", "in", '"amount_due":1000,"currency":"usd","customer":"cus_fuzz","status":"paid",'],
  "customer.subscription.updated": ["subscription", "sub", '"customer":"cus_fuzz","status":"active",'],
  "product.updated": ["product", "prod", ""],
} as const;
export const EVENT_TYPES = Object.keys(OBJECTS_BY_TYPE) as (keyof typeof OBJECTS_BY_TYPE)[];

export type BodySizes = {
  /** Deepest nesting, at the top level or inside an event. */
  maxDepth: number;
  /** Largest padding of an event, apart from the one padding in ten that is just under or over the body limit. */
  maxPadding: number;
  fillerSizes: number[];
  /** How often each kind of body comes, against events (60) and each other kind (10 by default). */
  weights?: Partial<Record<BodyPlan["kind"], number>>;
};

/**
 * Bodies: Stripe events (some with a twist that keeps them events) and bodies that are none.
 * The sizes bound the large ones (the property tests keep them smaller than the fuzzer, which also sends fewer).
 */
export const bodyPlan = (options: BodySizes): fc.Arbitrary<BodyPlan> => {
  const weight = (kind: BodyPlan["kind"]) => options.weights?.[kind] ?? (kind === "event" ? 60 : 10);
  return fc.oneof(
    {
      arbitrary: fc.record({ kind: fc.constant("event" as const), id: eventId(), type: fc.constantFrom(...EVENT_TYPES), twist: eventTwist(options.maxDepth, options.maxPadding) }),
      weight: weight("event"),
    },
    { arbitrary: fc.uint8Array({ maxLength: 2048 }).map((bytes) => ({ kind: "bytes" as const, bytes })), weight: weight("bytes") },
    {
      arbitrary: fc
        .oneof(fc.string({ unit: "binary", maxLength: 300 }), fc.constantFrom("", " ", "\n", "null", "{}", "[]", "true", '{"id":"evt_1"}', "\ufeff{}", '{"object":"event"}'))
        .map((text) => ({ kind: "text" as const, text })),
      weight: weight("text"),
    },
    { arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => ({ kind: "json" as const, value })), weight: weight("json") },
    {
      arbitrary: fc.record({ depth: fc.integer({ min: 2, max: options.maxDepth }), open: fc.constantFrom("[" as const, "{" as const) }).map((plan) => ({ kind: "deep" as const, ...plan })),
      weight: weight("deep"),
    },
    { arbitrary: fc.constantFrom(...options.fillerSizes).map((size) => ({ kind: "filler" as const, size })), weight: weight("filler") },
  );
};

/** Content types Stripe sends (the first) and every other kind a client could claim: intake reads bytes whatever it says. */
export const CONTENT_TYPES = [
  "application/json; charset=utf-8",
  "application/json",
  "text/plain",
  "text/html; charset=iso-8859-1",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=----hookwarden",
  "application/octet-stream",
  "application/xml",
  "application/cbor",
  "*/*",
  "",
  "json",
  "application/json; charset=utf-16",
  "application/json; charset=\u00ff\u00fe",
] as const;

export const contentType = (): fc.Arbitrary<string | null> =>
  fc.oneof({ arbitrary: fc.constantFrom(...CONTENT_TYPES), weight: 6 }, { arbitrary: fc.constant(null), weight: 1 }, { arbitrary: headerText(120), weight: 1 });

/** Sizes near and over the body limit. */
export const FILLER_SIZES = [0, 1, MAX_BODY_BYTES - 1, MAX_BODY_BYTES, MAX_BODY_BYTES + 1, MAX_BODY_BYTES + 65_536];

export const hostileDelivery = (options: BodySizes & { secretCount: number; tolerance: number }): fc.Arbitrary<HostileDelivery> =>
  fc.record({ body: bodyPlan(options), signature: signaturePlan(options.secretCount, options.tolerance), contentType: contentType() });

// ---------------------------------------------------------------------------------------------
// Making the bytes

/** The JSON of a Stripe event (written by hand, so that it can carry duplicate keys and raw bytes). */
function eventBody(plan: Extract<BodyPlan, { kind: "event" }>, created: number): Buffer {
  const twist = plan.twist;
  let metadata: Buffer = Buffer.from('{"source":"fuzz"}');
  if (twist.kind === "invalid-utf8") metadata = Buffer.concat([Buffer.from('{"note":"a'), Buffer.from(twist.sequence), Buffer.from('z"}')]);
  if (twist.kind === "unicode") metadata = Buffer.from(JSON.stringify({ note: twist.text }), "utf8");
  if (twist.kind === "deep") metadata = Buffer.from(`${"[".repeat(twist.depth)}${"]".repeat(twist.depth)}`);
  if (twist.kind === "padding") metadata = Buffer.from(JSON.stringify({ pad: "x".repeat(twist.size) }));
  const decoy: Record<string, string> = { type: '"type":7,', object: '"object":"list",', livemode: '"livemode":"yes",', created: '"created":-1,', data: '"data":null,' };
  const duplicate = twist.kind === "duplicate-key" ? decoy[twist.key]! : "";
  const odd = (field: string, usual: string | number) => JSON.stringify(twist.kind === "odd-field" && twist.field === field ? twist.value : usual);
  const [objectType, idPrefix, fields] = OBJECTS_BY_TYPE[plan.type];
  // Only Connect events name an account; an odd one is added for the twist.
  const account = twist.kind === "odd-field" && twist.field === "account" ? `"account":${JSON.stringify(twist.value)},` : "";
  return Buffer.concat([
    Buffer.from(`{${duplicate}"id":"${plan.id}","object":"event","api_version":${odd("api_version", "2025-09-30.clover")},${account}`),
    Buffer.from(`"created":${odd("created", created)},"data":{"object":{"id":${odd("object_id", `${idPrefix}_${plan.id.slice(6, 20)}`)},"object":"${objectType}",${fields}"metadata":`),
    metadata,
    Buffer.from(`}},"livemode":false,"pending_webhooks":1,"request":{"id":null,"idempotency_key":null},"type":${odd("type", plan.type)}}`),
  ]);
}

/** The bytes of a body plan; `now` becomes an event's `created`. */
function bodyBytes(plan: BodyPlan, now: number): Buffer {
  switch (plan.kind) {
    case "event":
      return eventBody(plan, now);
    case "bytes":
      return Buffer.from(plan.bytes);
    case "text":
      return Buffer.from(plan.text, "utf8");
    case "json":
      return Buffer.from(JSON.stringify(plan.value) ?? "null", "utf8");
    case "deep":
      return plan.open === "[" ? Buffer.from(`${"[".repeat(plan.depth)}${"]".repeat(plan.depth)}`) : Buffer.from(`${'{"a":'.repeat(plan.depth)}0${"}".repeat(plan.depth)}`);
    case "filler":
      return Buffer.alloc(plan.size, "{");
  }
}

const insertAt = <T>(items: T[], at: number, item: T): T[] => {
  const index = at % (items.length + 1);
  return [...items.slice(0, index), item, ...items.slice(index)];
};

function extraElement(extra: GenuineExtra, validV1: string): string {
  if (extra.kind === "v1") return `v1=${extra.hex}`;
  if (extra.kind === "v0") return `v0=${extra.hex}`;
  if (extra.kind === "scheme") return `${extra.key}=${extra.value}`;
  return `v1=${validV1}`;
}

function flipBit(bytes: Buffer, bit: number): Buffer {
  if (bytes.length === 0) return Buffer.from([bit & 0xff]);
  const copy = Buffer.from(bytes);
  const index = bit % (copy.length * 8);
  copy[index >> 3]! ^= 1 << (index & 7);
  return copy;
}

/** An index strictly inside `text` (1 to length − 1): HTTP trims whitespace at either end of a header value. */
const inside = (text: string, at: number) => 1 + (at % Math.max(1, text.length - 1));

/** Makes the body and the header lines of a plan with these keys, now. */
export function materialize(delivery: Pick<HostileDelivery, "body" | "signature">, keys: SigningKeys): Materialized {
  const body = bodyBytes(delivery.body, keys.now);
  const plan = delivery.signature;
  const sign = (payload: Uint8Array, timestamp: number, secret = keys.active[0]!) => computeStripeSignature(payload, timestamp, secret);
  const now = keys.now;
  const own = sign(body, now);
  const plain = `t=${now},v1=${own}`;
  const single = (line: string, signedAs: Materialized["signedAs"] = null): Materialized => ({ body, signatureLines: [line], signedAs });

  switch (plan.kind) {
    case "genuine": {
      const timestamp = now + plan.skewSeconds;
      const signatures = plan.signers.map((index) => sign(body, timestamp, keys.active[index % keys.active.length]!));
      let elements = [`t=${timestamp}`, ...signatures.map((v1) => `v1=${v1}`)];
      const v1Count = () => elements.filter((element) => element.startsWith("v1=")).length;
      for (const { extra, at } of plan.extras) {
        if ((extra.kind === "v1" || extra.kind === "same-v1") && v1Count() >= MAX_V1) continue;
        elements = insertAt(elements, at, extraElement(extra, signatures[0]!));
      }
      return single(elements.join(","), { timestamp, signatures });
    }
    case "edited": {
      let text = plain;
      for (const edit of plan.edits) {
        const index = edit.at % (text.length + (edit.op === "insert" ? 1 : 0));
        if (edit.op === "insert") text = text.slice(0, index) + edit.char + text.slice(index);
        if (edit.op === "delete") text = text.slice(0, index) + text.slice(index + 1);
        if (edit.op === "replace") text = text.slice(0, index) + edit.char + text.slice(index + 1);
      }
      return single(text, { timestamp: now, signatures: [own] });
    }
    case "body-bit-flipped":
      return { body: flipBit(body, plan.bit), signatureLines: [plain], signedAs: null };
    case "signature-bit-flipped":
      return single(`t=${now},v1=${flipBit(Buffer.from(own, "hex"), plan.bit).toString("hex")}`);
    case "outside-tolerance": {
      const timestamp = now + plan.skewSeconds;
      return single(`t=${timestamp},v1=${sign(body, timestamp)}`);
    }
    case "foreign-secret":
      return single(`t=${now},v1=${sign(body, now, keys.foreign)}`);
    case "v0-only":
      return single(`t=${now},v0=${own}${plan.withWrongV1 ? `,v1=${sign(body, now, keys.foreign)}` : ""}`);
    case "scheme-case":
      return single(plan.key === "V1" ? `t=${now},V1=${own}` : `T=${now},v1=${own}`);
    case "hex-case":
      return single(`t=${now},v1=${own.toUpperCase()}`);
    case "whitespace": {
      const index = inside(plain, plan.at);
      return single(plain.slice(0, index) + plan.space + plain.slice(index));
    }
    case "duplicate-t": {
      const second = `t=${now + plan.skewSeconds}`;
      return single(plan.first ? `${second},${plain}` : `${plain},${second}`);
    }
    case "empty-element":
      return single(insertAt(plain.split(","), plan.at, "").join(","));
    case "truncated":
      return single(plain.slice(0, plan.keep % plain.length));
    case "too-many-v1": {
      const others = Array.from({ length: MAX_V1 - 1 + plan.extra }, (_, index) => `v1=${sign(body, now, `${keys.foreign}${index}`)}`);
      return single([plain, ...others].join(","));
    }
    case "oversized":
      return single(`${plain},v9=${"x".repeat(Math.max(0, plan.length - plain.length - 4))}`);
    case "sent-twice":
      return { body, signatureLines: [plain, plain], signedAs: null };
    case "absent":
      return { body, signatureLines: [], signedAs: null };
    case "empty":
      return single("");
    case "text":
      return single(plan.text);
  }
}

/** The header as one value, the way HTTP hands a header sent on several lines to the application. */
export const joinedHeader = (lines: readonly string[]): string | null => (lines.length === 0 ? null : lines.join(", "));
