/**
 * Signature cases for the parity suite (sdk-parity.test.ts): every signature, header and
 * timestamp case that the official Stripe SDK test suites exercise, plus the edge cases our
 * own header rules name. Each case is run through BOTH our `verifyStripeSignature` and the
 * official `stripe` package's `webhooks.constructEvent`.
 *
 * SDK test suites these cases come from (stored copies, read for this file):
 *   stripe/stripe-node    test/Webhook.spec.ts
 *   stripe/stripe-python  tests/test_webhook.py
 *   stripe/stripe-ruby    test/stripe/webhook_test.rb
 *   stripe/stripe-php     tests/Stripe/WebhookTest.php
 *   stripe/stripe-go      webhook/client_test.go
 *   stripe/stripe-java    src/test/java/com/stripe/net/WebhookTest.java
 *   stripe/stripe-dotnet  src/StripeTests/Services/Events/EventUtilityTest.cs
 *                         src/StripeTests/Services/Events/DefaultSignatureValidatorTests.cs
 *
 * `sdk` is what stripe-node 23.1.0's `constructEvent` does (the reference we run); where another
 * SDK answers differently that is noted in `otherSdks`. Cases whose SDK test used a wall clock
 * (`time.Now()`, `Date.now()`) use the fixed NOW instead.
 *
 * SDK tests deliberately NOT turned into cases (nothing in them is about the signature header):
 * - JSON parsing after verification (node 'should raise a JSON error from invalid JSON payload',
 *   python test_raise_on_json_error, ruby, php testInvalidJson, go TestTokenNew's `[` payload,
 *   java testInvalidJson, .NET ConstructEvent_ThrowsOnInvalidJson): our verifier never parses the
 *   body; intake parses it only after the signature has been accepted.
 * - v2 thin-event payloads, API-version compatibility, cloud-provider envelopes, event objects
 *   making API requests, generate*Header helpers: event handling, not signature verification.
 * - custom CryptoProvider tests (node): SDK plumbing; our HMAC is always node:crypto.
 * - node 'should error if you pass a signature which is an array' with a ONE-element array:
 *   Node's HTTP layer and fetch `Headers` never give a route an array for Stripe-Signature, and
 *   stripe-node rejects the array by its JS type before reading it, so there is nothing to
 *   compare; the situation an array stands for (the header sent more than once, which our route
 *   receives comma-joined) is case `node-header-as-array`, plus `header-sent-twice-*`.
 */
import { createHmac } from "node:crypto";
import type { CandidateSecret, SignatureRejection } from "./verify-stripe-signature";

export const SECRET = "whsec_test_secret";
/** Fixed "now", unix seconds (2023-11-14T22:13:20Z). */
export const NOW = 1_700_000_000;
export const DEFAULT_TOLERANCE = 300;
/** stripe-node's EVENT_PAYLOAD_STRING: pretty-printed, as Stripe sends it. */
export const EVENT_PAYLOAD = JSON.stringify({ id: "evt_test_webhook", object: "event" }, null, 2);

export type SdkOutcome = "accept" | "reject";
export type OurOutcome = "accept" | { reject: SignatureRejection };

/** The input of one case, exactly as our verifier receives it. */
export type CaseInput = {
  payload: Uint8Array;
  header: string | null | undefined;
  secrets: CandidateSecret[];
  toleranceSeconds: number;
  /** Unix seconds. stripe-node gets it as `receivedAt` (milliseconds). */
  now: number;
};

/**
 * When stripe-node must be called with something our verifier cannot receive (a string or a
 * parsed object instead of bytes, an array header), `map` says what it gets instead and
 * `describe` how our route sees the same request. Absent: stripe-node gets the very bytes and
 * header string we get.
 */
export type SdkArgs = {
  describe: string;
  map: (input: CaseInput) => { payload?: unknown; header?: unknown };
};

export type SdkParityCase = {
  id: string;
  /** SDK, test file and test name(s); `hookwarden:` for edge cases of our own rules. */
  source: string;
  /** The behaviour, used in the test name. */
  title: string;
  build: () => CaseInput;
  sdkArgs?: SdkArgs;
  /** stripe-node's `constructEvent`. With several secrets: accepted if any one accepts. */
  sdk: SdkOutcome;
  /**
   * stripe-node rejects with an Error that is not a StripeSignatureVerificationError; its
   * message must match. Without this, any such error fails the test.
   */
  sdkThrows?: RegExp;
  ours: OurOutcome;
  /** Required exactly when `sdk` and `ours` disagree: why we reject what stripe-node accepts. */
  stricter?: string;
  /** Where other official SDKs answer differently from stripe-node. */
  otherSdks?: string;
  /** Anything else worth knowing about the case. */
  note?: string;
};

const encoder = new TextEncoder();
const bytes = (text: string): Uint8Array => encoder.encode(text);

/**
 * HMAC-SHA256 of `<t>.<payload>` under `secret`, lowercase hex. Written here independently of
 * `computeStripeSignature`; the parity suite checks it against stripe-node's own test-header
 * generator.
 */
export function sign(payload: string | Uint8Array, t: number | string, secret: string = SECRET): string {
  return createHmac("sha256", secret).update(`${t}.`).update(payload).digest("hex");
}

/** `t=<t>,v1=<HMAC over EVENT_PAYLOAD at t>` */
export function validHeader(t: number = NOW, payload: string = EVENT_PAYLOAD, secret: string = SECRET): string {
  return `t=${t},v1=${sign(payload, t, secret)}`;
}

const primary = (secret: string = SECRET): CandidateSecret[] => [{ id: "whsec_primary", secret }];

type InputOptions = {
  payload?: string | Uint8Array;
  secrets?: CandidateSecret[];
  tolerance?: number;
  now?: number;
};

function input(header: string | null | undefined, options: InputOptions = {}): () => CaseInput {
  return () => ({
    payload: typeof options.payload === "string" ? bytes(options.payload) : (options.payload ?? bytes(EVENT_PAYLOAD)),
    header,
    secrets: options.secrets ?? primary(),
    toleranceSeconds: options.tolerance ?? DEFAULT_TOLERANCE,
    now: options.now ?? NOW,
  });
}

const malformed: OurOutcome = { reject: "header_malformed" };
const missing: OurOutcome = { reject: "header_missing" };
const mismatch: OurOutcome = { reject: "signature_mismatch" };
const outsideTolerance: OurOutcome = { reject: "timestamp_outside_tolerance" };

const NODE = "stripe-node test/Webhook.spec.ts";
const PYTHON = "stripe-python tests/test_webhook.py";
const RUBY = "stripe-ruby test/stripe/webhook_test.rb";
const PHP = "stripe-php tests/Stripe/WebhookTest.php";
const GO = "stripe-go webhook/client_test.go";
const JAVA = "stripe-java src/test/java/com/stripe/net/WebhookTest.java";
const DOTNET = "stripe-dotnet src/StripeTests/Services/Events/EventUtilityTest.cs";
const DOTNET_VALIDATOR = "stripe-dotnet src/StripeTests/Services/Events/DefaultSignatureValidatorTests.cs";
const OURS = "hookwarden: server/verification/parse-signature-header.ts rules";

/** The v1/v0 values of stripe-dotnet's fixture header (signed over a fixture we do not have). */
const DOTNET_FIXTURE_V1 = "2220f87ef101a04665f11cdf770523143f875572008577fa0f20882ddb9cc3c7";
const DOTNET_FIXTURE_V0 = "63f3a72374a733066c4be69ed7f8e5ac85c22c9f0a6a612ab9a025a9e4ee7eef";
const WRONG_HEX = "deadbeef".repeat(8);

const FUTURE_NOTE =
  "we reject timestamps too far in the future as well as the past (|now - t| > tolerance); stripe-node only checks the age";
const NO_DISABLED_TOLERANCE =
  "we have no 'tolerance disabled' value: the window is |now - t| <= tolerance for every number (configuration allows 1..86400 s)";

export const SDK_CASES: readonly SdkParityCase[] = [
  // ── Valid headers and payload forms ─────────────────────────────────────────────────────────
  {
    id: "valid-header",
    source:
      `${NODE}: 'should return an Event instance from a valid JSON payload and valid signature header'; ` +
      `${PYTHON}: test_construct_event, test_valid_header_and_signature; ` +
      `${RUBY}: 'return an Event instance from a valid JSON payload and valid signature header'; ` +
      `${PHP}: testValidJsonAndHeader, testValidHeaderAndSignature; ${GO}: TestTokenNew (first assertion); ` +
      `${JAVA}: testValidJsonAndHeader, testValidHeaderAndSignature; ${DOTNET_VALIDATOR}: CanValidateWhenAllGood`,
    title: "valid header with one v1 is accepted",
    build: input(validHeader()),
    sdkArgs: {
      describe: "stripe-node gets the body as a string, as in its test; our route always has the raw bytes",
      map: () => ({ payload: EVENT_PAYLOAD }),
    },
    sdk: "accept",
    ours: "accept",
  },
  {
    id: "valid-header-buffer",
    source:
      `${NODE}: 'should return an Event instance from a payload and header with type Buffer', ` +
      `'should accept Buffer instances for the payload and header'; ${PYTHON}: test_construct_event_from_bytes, ` +
      "test_construct_event_from_bytearray",
    title: "valid header with the body as a Buffer is accepted",
    build: input(validHeader()),
    sdkArgs: {
      describe: "stripe-node gets payload and header as Buffers; our route has the body bytes and the header as a string",
      map: (i) => ({ payload: Buffer.from(i.payload), header: Buffer.from(i.header ?? "") }),
    },
    sdk: "accept",
    ours: "accept",
  },
  {
    id: "valid-header-uint8array",
    source: `${NODE}: 'should return an Event instance from a payload and header with type Uint8Array'`,
    title: "valid header with the body as a Uint8Array is accepted",
    build: input(validHeader()),
    sdkArgs: {
      describe: "stripe-node gets payload and header as TextEncoder Uint8Arrays; our route has the header as a string",
      map: (i) => ({ payload: i.payload, header: bytes(i.header ?? "") }),
    },
    sdk: "accept",
    ours: "accept",
  },
  {
    id: "valid-header-unicode-payload",
    source: `${OURS} (unicode payload; no SDK test signs a non-ASCII body)`,
    title: "valid header over a non-ASCII UTF-8 body is accepted",
    build: input(validHeader(NOW, '{"id":"evt_ü","object":"event","description":"Café ☕ 日本 🎉"}'), {
      payload: '{"id":"evt_ü","object":"event","description":"Café ☕ 日本 🎉"}',
    }),
    sdk: "accept",
    ours: "accept",
  },
  {
    id: "valid-header-with-v0",
    source: `${DOTNET}: ConstructEvent, ValidateSignature_ValidSignatureDoesNotThrow (fixture header is t,v1,v0)`,
    title: "a v0 next to a matching v1 is ignored and the header is accepted",
    build: input(`${validHeader()},v0=${DOTNET_FIXTURE_V0}`),
    sdk: "accept",
    ours: "accept",
  },

  // ── Missing and malformed headers ───────────────────────────────────────────────────────────
  {
    id: "header-null",
    source: `${NODE}: 'should raise a SignatureVerificationError when the header is null or empty' (null)`,
    title: "no header (null) is rejected",
    build: input(null),
    sdk: "reject",
    ours: missing,
  },
  {
    id: "header-undefined",
    source: `${NODE}: 'should raise a SignatureVerificationError when the header is null or empty' (undefined)`,
    title: "no header (undefined) is rejected",
    build: input(undefined),
    sdk: "reject",
    ours: missing,
  },
  {
    id: "header-empty",
    source: `${NODE}: 'should raise a SignatureVerificationError when the header is null or empty' (''); ${GO}: TestTokenNew (ErrNotSigned)`,
    title: "an empty header is rejected",
    build: input(""),
    sdk: "reject",
    ours: missing,
  },
  {
    id: "header-bad-header",
    source:
      `${NODE}: 'should raise a SignatureVerificationError from a valid JSON payload and an invalid signature header'; ` +
      `${PYTHON}: test_raise_on_invalid_header; ${RUBY}: 'raise a SignatureVerificationError from a valid JSON payload and an invalid signature header'; ` +
      `${PHP}: testValidJsonAndInvalidHeader; ${JAVA}: testValidJsonAndInvalidHeader`,
    title: "header 'bad_header' (no t, no v1, no '=') is rejected",
    build: input("bad_header"),
    sdk: "reject",
    ours: malformed,
  },
  {
    id: "header-not-a-real-header",
    source:
      `${NODE}: 'should raise a SignatureVerificationError when the header does not have the expected format'; ` +
      `${PYTHON}: test_raise_on_malformed_header; ${RUBY}: 'raise a SignatureVerificationError when the header does not have the expected format'; ` +
      `${PHP}: testMalformedHeader; ${JAVA}: testMalformedHeader`,
    title: "a free-text header is rejected",
    build: input("I'm not even a real signature header"),
    sdk: "reject",
    ours: malformed,
  },
  {
    id: "header-no-t",
    source: `${OURS}: 't missing' (the SDKs' 'Unable to extract timestamp and signatures from header')`,
    title: "a header with a matching v1 but no t is rejected",
    build: input(`v1=${sign(EVENT_PAYLOAD, NOW)}`),
    sdk: "reject",
    ours: malformed,
  },
  {
    id: "header-bare-v1-element",
    source: `${GO}: TestTokenNew ('v1,t=1' → ErrInvalidHeader)`,
    title: "header 'v1,t=1' (a scheme without a value) is rejected",
    build: input("v1,t=1"),
    sdk: "reject",
    sdkThrows: /secureCompare must receive two arguments/,
    ours: malformed,
    note: "stripe-node pushes `undefined` as a v1 value and its secureCompare throws a plain Error, not a StripeSignatureVerificationError",
  },
  {
    id: "header-t-empty",
    source: `${GO}: TestTokenNew ('t=' → ErrInvalidHeader)`,
    title: "header 't=' is rejected",
    build: input("t="),
    sdk: "reject",
    ours: malformed,
  },
  {
    id: "header-t-not-a-number",
    source: `${JAVA}: testMalformedTimestampValue`,
    title: "header 't=not_a_number,v1=somesignature' is rejected",
    build: input("t=not_a_number,v1=somesignature"),
    sdk: "reject",
    ours: malformed,
  },
  ...[
    `t=,v1=${DOTNET_FIXTURE_V1},v0=${DOTNET_FIXTURE_V0}`,
    "t,v1=,v0=",
    "t,v1=,v0",
    "t,v1=,",
    "t,,",
    ",,",
    "t",
  ].map(
    (header, index): SdkParityCase => ({
      id: `dotnet-incorrect-header-${index + 1}`,
      source: `${DOTNET}: ValidateSignatureHandlesIncorrectHeaderValues("${header.length > 20 ? `${header.slice(0, 20)}…` : header}")`,
      title: `header '${header.length > 20 ? `${header.slice(0, 20)}…` : header}' is rejected`,
      build: input(header, { payload: "{}" }),
      sdk: "reject",
      ...(/v1=(,|$)/.test(header)
        ? {
            sdkThrows: /secureCompare must receive two arguments/,
            note: "an empty v1 value makes stripe-node's secureCompare throw a plain Error, not a StripeSignatureVerificationError",
          }
        : {}),
      ours: malformed,
    }),
  ),

  // ── Schemes ─────────────────────────────────────────────────────────────────────────────────
  {
    id: "v0-only",
    source:
      `${NODE}: 'should raise a SignatureVerificationError when there are no signatures with the expected scheme'; ` +
      `${PYTHON}: test_raise_on_no_signatures_with_expected_scheme; ${RUBY}: same name; ${PHP}: testNoSignaturesWithExpectedScheme; ` +
      `${GO}: TestTokenNew (Scheme v0); ${JAVA}: testNoSignaturesWithExpectedScheme; ${DOTNET}: ValidateSignature_NoV1Signatures_ShouldThrow`,
    title: "a header with only a v0 signature (correct HMAC) is rejected",
    build: input(`t=${NOW},v0=${sign(EVENT_PAYLOAD, NOW)}`),
    sdk: "reject",
    ours: malformed,
  },
  {
    id: "other-scheme-ignored",
    source: `${OURS}: 'other schemes … are ignored: only v1 counts'`,
    title: "an unknown scheme next to a matching v1 is ignored and the header is accepted",
    build: input(`t=${NOW},v2=anything,v1=${sign(EVENT_PAYLOAD, NOW)}`),
    sdk: "accept",
    ours: "accept",
  },

  // ── Signatures that do not match ────────────────────────────────────────────────────────────
  {
    id: "v1-bad-signature",
    source:
      `${NODE}: 'should raise a SignatureVerificationError when there are no valid signatures for the payload'; ` +
      `${PYTHON}: test_raise_on_no_valid_signatures_for_payload; ${RUBY}: same name; ${PHP}: testNoValidSignatureForPayload; ` +
      `${JAVA}: testNoValidSignatureForPayload; ${DOTNET}: ParseEventNotification_BadSignature_Throws ('v1=invalidsignature')`,
    title: "v1 'bad_signature' as the only signature is rejected",
    build: input(`t=${NOW},v1=bad_signature`),
    sdk: "reject",
    ours: malformed,
    note: "stripe-node compares and fails; we refuse a v1 that is not 64 lowercase hex before any HMAC",
  },
  {
    id: "v1-short-hex",
    source: `${GO}: TestTokenNew (Signature []byte("deadbeef") → header v1=6465616462656566, ErrNoValidSignature)`,
    title: "a v1 of valid hex but the wrong length is rejected",
    build: input(`t=${NOW},v1=${Buffer.from("deadbeef").toString("hex")}`),
    sdk: "reject",
    ours: malformed,
  },
  {
    id: "v1-non-hex-only",
    source: `${OURS}: 'a v1 that is not 64 lowercase hex characters'`,
    title: "a 64-character non-hex v1 as the only signature is rejected",
    build: input(`t=${NOW},v1=${"z".repeat(64)}`),
    sdk: "reject",
    ours: malformed,
  },
  {
    id: "v1-uppercase-hex",
    source: `${OURS}: 'a v1 that is not 64 lowercase hex characters' (uppercase)`,
    title: "the correct HMAC in uppercase hex is rejected",
    build: input(`t=${NOW},v1=${sign(EVENT_PAYLOAD, NOW).toUpperCase()}`),
    sdk: "reject",
    ours: malformed,
    otherSdks: "stripe-go hex-decodes v1 before comparing, so it accepts uppercase; node, python, ruby, php, java and .NET compare strings and reject",
  },
  {
    id: "wrong-secret",
    source: `${DOTNET}: ValidateSignature_InvalidSignatureThrows`,
    title: "a header signed with another secret is rejected",
    build: input(validHeader(NOW, "{}", "correct_secret"), { payload: "{}", secrets: primary("wrong_secret") }),
    sdk: "reject",
    ours: mismatch,
  },
  {
    id: "payload-modified",
    source: `${DOTNET}: RejectIncorrectSignature; ${DOTNET_VALIDATOR}: RejectIncorrectSignature`,
    title: "a body changed after signing is rejected",
    build: input(validHeader(), { payload: `${EVENT_PAYLOAD}this_changes_the_json` }),
    sdk: "reject",
    ours: mismatch,
  },
  {
    id: "secret-trailing-whitespace",
    source: `${NODE}: 'should raise a SignatureVerificationError when the signing secret contains whitespace'`,
    title: "verifying with the secret plus a trailing space is rejected",
    build: input(validHeader(), { secrets: primary(`${SECRET} `) }),
    sdk: "reject",
    ours: mismatch,
    note: "our configuration refuses such a secret at start (server/env.ts)",
  },
  {
    id: "secret-lone-surrogate",
    source: `${DOTNET}: RejectSecretWithUnicode; ${DOTNET_VALIDATOR}: RejectSecretWithUnicode`,
    title: "verifying with a secret containing a lone surrogate is rejected",
    build: input(validHeader(), { secrets: primary(`${SECRET}\ud802`) }),
    sdk: "reject",
    ours: mismatch,
  },
  {
    id: "payload-lone-surrogate",
    source: `${DOTNET}: RejectMessageWithUnicode`,
    title: "a body with a lone surrogate appended after signing is rejected",
    build: input(validHeader(), { payload: `${EVENT_PAYLOAD}\ud802` }),
    sdkArgs: {
      describe: "stripe-node gets the JavaScript string, as in the .NET test; our route has its UTF-8 bytes (U+FFFD for the surrogate)",
      map: () => ({ payload: `${EVENT_PAYLOAD}\ud802` }),
    },
    sdk: "reject",
    ours: mismatch,
  },
  {
    id: "secret-empty",
    source: `${DOTNET}: ValidateSignature_EmptyOrNullSecretThrows ("" and null)`,
    title: "verifying with an empty secret is rejected",
    build: input(validHeader(), { secrets: primary("") }),
    sdk: "reject",
    ours: mismatch,
    note: "null cannot reach our verifier (typed string). stripe-node refuses a blank secret outright; our verifier skips blank secrets, so it never matches (see sdk-parity.test.ts)",
  },
  {
    id: "payload-parsed-object",
    source: `${NODE}: 'should raise a SignatureVerificationError when payload is of an unknown type' ({} and new Date())`,
    title: "a parsed-and-re-serialised body is rejected",
    build: input(validHeader(), { payload: JSON.stringify(JSON.parse(EVENT_PAYLOAD)) }),
    sdkArgs: {
      describe:
        "stripe-node gets a parsed object {} (its test); a route that parsed the body would hand us the re-serialised JSON bytes instead",
      map: () => ({ payload: {} }),
    },
    sdk: "reject",
    ours: mismatch,
  },
  {
    id: "payload-empty-string-bad-header",
    source: `${NODE}: 'should raise a SignatureVerificationError from a valid JSON payload and an invalid signature header' (payload '')`,
    title: "an empty body with header 'bad_header' is rejected",
    build: input("bad_header", { payload: "" }),
    sdkArgs: { describe: "stripe-node gets '' (its test); our route has zero bytes", map: () => ({ payload: "" }) },
    sdk: "reject",
    ours: malformed,
  },
  {
    id: "payload-null-bad-header",
    source: `${NODE}: 'should raise a SignatureVerificationError from a valid JSON payload and an invalid signature header' (payload null, undefined)`,
    title: "no body at all with header 'bad_header' is rejected",
    build: input("bad_header", { payload: "" }),
    sdkArgs: { describe: "stripe-node gets null (its test; undefined alike); our route has zero bytes", map: () => ({ payload: null }) },
    sdk: "reject",
    ours: malformed,
  },

  // ── Several signatures ──────────────────────────────────────────────────────────────────────
  {
    id: "v1-extra-malformed-after-valid",
    source:
      `${NODE}: 'should return true when the header contains at least one valid signature' (',v1=potato'); ` +
      `${PYTHON}: test_header_contains_valid_signature; ${RUBY}: 'return true when the header contains at least one valid signature'; ` +
      `${PHP}: testHeaderContainsValidSignature; ${JAVA}: testHeaderContainsValidSignature; ${GO}: TestTokenNew (',v1=bad_signature' ignored)`,
    title: "a matching v1 followed by a non-hex v1 ('potato')",
    build: input(`${validHeader()},v1=potato`),
    sdk: "accept",
    ours: malformed,
    stricter:
      "a v1 that is not 64 lowercase hex makes the whole header malformed: Stripe never sends one, so it marks a forged or mangled header",
  },
  {
    id: "v1-extra-well-formed-after-valid",
    source: `${DOTNET}: ValidateSignature_MultipleSignatures_AtLeastOneValid_ShouldPass`,
    title: "a matching v1 followed by a well-formed wrong v1 is accepted",
    build: input(`${validHeader()},v1=${WRONG_HEX}`),
    sdk: "accept",
    ours: "accept",
  },
  {
    id: "v1-several-last-matches",
    source: `${OURS}: several v1, one matching`,
    title: "three well-formed v1 where only the last matches is accepted",
    build: input(`t=${NOW},v1=${WRONG_HEX},v1=${"0".repeat(64)},v1=${sign(EVENT_PAYLOAD, NOW)}`),
    sdk: "accept",
    ours: "accept",
  },
  {
    id: "rolled-key-old-secret",
    source: `${GO}: TestTokenNew ('Expected to be able to decode webhook with old key after rolling key')`,
    title: "a header with v1 for the old and the new secret is accepted with the old secret",
    build: input(`${validHeader()},v1=${sign(EVENT_PAYLOAD, NOW, `${SECRET}_rolled_key`)}`),
    sdk: "accept",
    ours: "accept",
  },
  {
    id: "rolled-key-new-secret",
    source: `${GO}: TestTokenNew ('Expected to be able to decode webhook with new key after rolling key')`,
    title: "a header with v1 for the old and the new secret is accepted with the new secret",
    build: input(`${validHeader()},v1=${sign(EVENT_PAYLOAD, NOW, `${SECRET}_rolled_key`)}`, {
      secrets: [{ id: "whsec_rolled", secret: `${SECRET}_rolled_key` }],
    }),
    sdk: "accept",
    ours: "accept",
  },
  {
    id: "too-many-v1",
    source: `${OURS}: 'more than MAX_V1 v1 values'`,
    title: "17 v1 values with the matching one last",
    build: input(`t=${NOW},${`v1=${WRONG_HEX},`.repeat(16)}v1=${sign(EVENT_PAYLOAD, NOW)}`),
    sdk: "accept",
    ours: malformed,
    stricter: "at most 16 v1 values are read, to bound the HMAC comparisons one request can cause",
  },
  {
    id: "header-too-long",
    source: `${OURS}: 'over MAX_HEADER_LENGTH characters'`,
    title: "a valid header padded past 4096 characters",
    build: input(`${validHeader()},x=${"a".repeat(4096)}`),
    sdk: "accept",
    ours: malformed,
    stricter: "headers over 4096 characters are refused before parsing, to bound the work",
  },

  // ── Timestamps and tolerance ────────────────────────────────────────────────────────────────
  {
    id: "past-outside-tolerance",
    source:
      `${NODE}: 'should raise a SignatureVerificationError when the timestamp is not within the tolerance of Date.now()'; ` +
      `${PYTHON}: test_raise_on_timestamp_outside_tolerance; ${RUBY}: 'raise a SignatureVerificationError when the timestamp is not within the tolerance'; ` +
      `${PHP}: testTimestampTooOld; ${JAVA}: testTimestampOutsideTolerance; ${GO}: TestTokenNew (15 s old, tolerance 10 s → ErrTooOld)`,
    title: "a correctly signed header 15 s old with tolerance 10 s is rejected",
    build: input(validHeader(NOW - 15), { tolerance: 10 }),
    sdk: "reject",
    ours: outsideTolerance,
  },
  {
    id: "past-outside-tolerance-received-at",
    source: `${NODE}: 'should raise a SignatureVerificationError when the timestamp is not within the tolerance of the provided timestamp'`,
    title: "t = receivedAt − 15 s with tolerance 10 s (receivedAt 20000000 ms) is rejected",
    build: input(validHeader(20_000 - 15), { tolerance: 10, now: 20_000 }),
    sdk: "reject",
    ours: outsideTolerance,
  },
  {
    id: "past-outside-tolerance-clock",
    source: `${JAVA}: testValidJsonAndHeaderButOutsideTimeTolerance (t=1, clock 12000 ms, tolerance 10)`,
    title: "t = 1 with now = 12 and tolerance 10 is rejected",
    build: input(validHeader(1), { tolerance: 10, now: 12 }),
    sdk: "reject",
    ours: outsideTolerance,
  },
  {
    id: "past-outside-default-tolerance",
    source:
      `${DOTNET}: RejectOutdatedTimestamp; ${DOTNET_VALIDATOR}: RejectOutdatedTimestamp; ` +
      `${NODE}: 'should use DEFAULT_TOLERANCE when tolerance is omitted' (t = now − 400)`,
    title: "t = now − 400 s with the default 300 s tolerance is rejected",
    build: input(validHeader(NOW - 400)),
    sdk: "reject",
    ours: outsideTolerance,
  },
  {
    id: "past-within-tolerance-received-at",
    source: `${NODE}: 'should return true when the header contains a valid signature and the timestamp is within the tolerance of the provided timestamp'`,
    title: "t = receivedAt − 9 s with tolerance 10 s is accepted",
    build: input(validHeader(20_000 - 9), { tolerance: 10, now: 20_000 }),
    sdk: "accept",
    ours: "accept",
  },
  {
    id: "past-within-tolerance",
    source:
      `${GO}: TestTokenNew (15 s old, tolerance 20 s); ${DOTNET}: ConstructEvent (t + 100, tolerance 300); ` +
      `${NODE}: 'should return true when the header contains a valid signature and the timestamp is within the tolerance of Date.now()'; ` +
      `${RUBY}: 'return true when the header contains a valid signature and the timestamp is within the tolerance'`,
    title: "a correctly signed header 15 s old with tolerance 20 s is accepted",
    build: input(validHeader(NOW - 15), { tolerance: 20 }),
    sdk: "accept",
    ours: "accept",
  },
  {
    id: "default-tolerance-just-inside",
    source: `${GO}: TestConstructEventWithOptions_UsesDefaultToleranceWhenNoneProvided (now − 300 s + 1 s)`,
    title: "t = now − 299 s with tolerance 300 s is accepted",
    build: input(validHeader(NOW - 299)),
    sdk: "accept",
    ours: "accept",
  },
  {
    id: "default-tolerance-just-outside",
    source: `${GO}: TestConstructEventWithOptions_UsesDefaultToleranceWhenNoneProvided (now − 300 s − 1 ms)`,
    title: "t = now − 301 s with tolerance 300 s is rejected",
    build: input(validHeader(NOW - 301)),
    sdk: "reject",
    ours: outsideTolerance,
    note: "stripe-go compares with a sub-second clock, so there even exactly 300 s can be too old; in whole seconds this is the first rejected value",
  },
  {
    id: "past-at-boundary",
    source: `${OURS}: |now − t| == tolerance is inside`,
    title: "t = now − 300 s with tolerance 300 s is accepted",
    build: input(validHeader(NOW - 300)),
    sdk: "accept",
    ours: "accept",
  },
  {
    id: "huge-tolerance",
    source: `${DOTNET}: ValidateSignature_OldTimestampWithLargeTolerance_ShouldPass (long.MaxValue → Number.MAX_SAFE_INTEGER)`,
    title: "a 2018 timestamp with an enormous tolerance is accepted",
    build: input(validHeader(1_533_204_620), { tolerance: Number.MAX_SAFE_INTEGER }),
    sdk: "accept",
    ours: "accept",
  },
  {
    id: "tolerance-zero-old-timestamp",
    source:
      `${NODE}: 'should return true when the header contains a valid signature and the timestamp is off but no tolerance is provided'; ` +
      `${PYTHON}: test_timestamp_off_but_no_tolerance; ${RUBY}: same name; ${PHP}: testTimestampOffButNoTolerance, testGenerateSignatureHeader; ` +
      `${JAVA}: testTimestampOffButNoTolerance (tolerance 0); ${GO}: TestTokenNew (ValidatePayloadIgnoringTolerance)`,
    title: "t = 12345 with tolerance 0 ('no tolerance')",
    build: input(validHeader(12_345), { tolerance: 0 }),
    sdk: "accept",
    ours: outsideTolerance,
    stricter: `${NO_DISABLED_TOLERANCE}; stripe-node (and php, java) treat 0 as 'do not check the timestamp'`,
    note: "the SDK tests omit the tolerance; stripe-node 23.1.0's constructEvent then uses 300, so 0 is passed to express 'no tolerance'",
  },
  {
    id: "tolerance-zero-exact",
    source: `${OURS}: tolerance 0 means t must equal now`,
    title: "t = now with tolerance 0 is accepted",
    build: input(validHeader(NOW), { tolerance: 0 }),
    sdk: "accept",
    ours: "accept",
  },
  {
    id: "tolerance-negative",
    source: `${OURS}: negative tolerance (stripe-node and stripe-php only check when tolerance > 0)`,
    title: "t = now with tolerance −1",
    build: input(validHeader(NOW), { tolerance: -1 }),
    sdk: "accept",
    ours: outsideTolerance,
    stricter: `${NO_DISABLED_TOLERANCE}; a negative tolerance rejects everything instead of disabling the check`,
  },
  {
    id: "future-outside-tolerance-php",
    source: `${PHP}: testTimestampTooRecent (t = now + 15, tolerance 10)`,
    title: "t = now + 15 s with tolerance 10 s",
    build: input(validHeader(NOW + 15), { tolerance: 10 }),
    sdk: "accept",
    ours: outsideTolerance,
    stricter: FUTURE_NOTE,
    otherSdks: "stripe-php and stripe-dotnet reject it too (|now − t| > tolerance); node, python, ruby, go and java only check the past",
  },
  {
    id: "future-outside-tolerance-java-clock",
    source: `${JAVA}: testTimestampWithClock (t=11, clock 1 ms), testTimestampWithClockOutsideTolerance (t=11, clock 12 ms) — both assert true`,
    title: "t = 11 with now = 0 and tolerance 10",
    build: input(validHeader(11), { tolerance: 10, now: 0 }),
    sdk: "accept",
    ours: outsideTolerance,
    stricter: FUTURE_NOTE,
    otherSdks: "stripe-java accepts (its test asserts true); stripe-php and stripe-dotnet would reject",
  },
  {
    id: "future-beyond-tolerance",
    source: `${OURS}: future timestamp beyond tolerance`,
    title: "t = now + 301 s with tolerance 300 s",
    build: input(validHeader(NOW + 301)),
    sdk: "accept",
    ours: outsideTolerance,
    stricter: FUTURE_NOTE,
  },
  {
    id: "future-at-boundary",
    source: `${OURS}: |now − t| == tolerance is inside (future)`,
    title: "t = now + 300 s with tolerance 300 s is accepted",
    build: input(validHeader(NOW + 300)),
    sdk: "accept",
    ours: "accept",
  },

  // ── The `t` value ───────────────────────────────────────────────────────────────────────────
  {
    id: "t-trailing-garbage",
    source: `${OURS}: 't not 1 to 12 decimal digits' ('123abc'-style)`,
    title: "t with trailing garbage ('<now>abc') signed over the number",
    build: input(`t=${NOW}abc,v1=${sign(EVENT_PAYLOAD, NOW)}`),
    sdk: "accept",
    ours: malformed,
    stricter: "stripe-node reads t with parseInt, which stops at the first non-digit; we refuse anything but 1 to 12 digits",
  },
  {
    id: "t-leading-plus",
    source: `${OURS}: 't not 1 to 12 decimal digits' (sign)`,
    title: "t with a leading '+' signed over the number",
    build: input(`t=+${NOW},v1=${sign(EVENT_PAYLOAD, NOW)}`),
    sdk: "accept",
    ours: malformed,
    stricter: "parseInt accepts a sign; we accept digits only",
  },
  {
    id: "t-not-a-number-signed-over-nan",
    source: `${OURS}: 't not 1 to 12 decimal digits' (stripe-node parses 'abc' to NaN)`,
    title: "t 'abc' with a v1 computed over 'NaN.<body>'",
    build: input(`t=abc,v1=${sign(EVENT_PAYLOAD, "NaN")}`),
    sdk: "accept",
    ours: malformed,
    stricter:
      "stripe-node signs `${NaN}.` and its age check `NaN > tolerance` is false, so such a header passes with no timestamp check at all; we refuse a non-numeric t",
  },
  {
    id: "t-milliseconds",
    source: `${OURS}: 't not 1 to 12 decimal digits' (13 digits, a millisecond timestamp)`,
    title: "t in milliseconds (13 digits), correctly signed",
    build: input(validHeader(NOW * 1000)),
    sdk: "accept",
    ours: malformed,
    stricter: "13 digits are refused; stripe-node sees a time far in the future and does not check the future",
  },
  {
    id: "t-leading-zero",
    source: `${OURS}: 't … 1 to 12 decimal digits' (a leading zero is still digits)`,
    title: "t with a leading zero, signed over the number, is accepted",
    build: input(`t=0${NOW},v1=${sign(EVENT_PAYLOAD, NOW)}`),
    sdk: "accept",
    ours: "accept",
    note: "both sign `<number>.<body>`, so the v1 must be computed over the parsed number; one over the literal '0<now>.' fails in both",
  },
  {
    id: "duplicate-t-same",
    source: `${OURS}: 't more than once'`,
    title: "t given twice with the same value",
    build: input(`t=${NOW},t=${NOW},v1=${sign(EVENT_PAYLOAD, NOW)}`),
    sdk: "accept",
    ours: malformed,
    stricter: "we never guess which t was signed: a second t is malformed even when equal",
  },
  {
    id: "duplicate-t-different",
    source: `${OURS}: 't more than once' (different values)`,
    title: "t given twice, v1 signed over the second",
    build: input(`t=${NOW - 1000},t=${NOW},v1=${sign(EVENT_PAYLOAD, NOW)}`),
    sdk: "accept",
    ours: malformed,
    stricter: "stripe-node keeps the LAST t, php, python and .NET the FIRST; we refuse to choose",
    otherSdks: "stripe-php, stripe-python and stripe-dotnet take the first t here and reject the signature",
  },

  // ── Structure: whitespace, empty elements, elements without '=' ─────────────────────────────
  {
    id: "whitespace-after-comma",
    source: `${OURS}: 'any whitespace inside the header'`,
    title: "a space after the comma before the only v1 is rejected",
    build: input(`t=${NOW}, v1=${sign(EVENT_PAYLOAD, NOW)}`),
    sdk: "reject",
    ours: malformed,
    note: "stripe-node reads the key ' v1' and finds no v1",
    otherSdks: "stripe-dotnet trims every element and accepts it",
  },
  {
    id: "whitespace-before-extra-v1",
    source: `${OURS}: 'any whitespace inside the header'`,
    title: "a matching v1 followed by ', v1=…' (space after the comma)",
    build: input(`${validHeader()}, v1=${WRONG_HEX}`),
    sdk: "accept",
    ours: malformed,
    stricter: "any whitespace makes the header malformed; Stripe never sends whitespace",
  },
  {
    id: "whitespace-trailing",
    source: `${OURS}: 'any whitespace inside the header' (trailing space)`,
    title: "a trailing space after the only v1 is rejected",
    build: input(`${validHeader()} `),
    sdk: "reject",
    ours: malformed,
    otherSdks: "stripe-dotnet trims and accepts it",
  },
  {
    id: "empty-element-middle",
    source: `${OURS}: 'an empty element (,,)'`,
    title: "an empty element between t and v1 (',,')",
    build: input(`t=${NOW},,v1=${sign(EVENT_PAYLOAD, NOW)}`),
    sdk: "accept",
    ours: malformed,
    stricter: "empty elements are malformed; the SDKs skip them",
    otherSdks: "stripe-dotnet throws on an element without '=' and rejects it",
  },
  {
    id: "empty-element-leading",
    source: `${OURS}: 'an empty element (leading ,)'`,
    title: "a leading comma",
    build: input(`,${validHeader()}`),
    sdk: "accept",
    ours: malformed,
    stricter: "empty elements are malformed; stripe-node skips them",
  },
  {
    id: "empty-element-trailing",
    source: `${OURS}: 'an empty element (trailing ,)'`,
    title: "a trailing comma",
    build: input(`${validHeader()},`),
    sdk: "accept",
    ours: malformed,
    stricter: "empty elements are malformed; stripe-node skips them",
  },
  {
    id: "element-without-equals",
    source: `${OURS}: 'an element without ='`,
    title: "a valid header followed by an element without '='",
    build: input(`${validHeader()},garbage`),
    sdk: "accept",
    ours: malformed,
    stricter: "every element must be key=value; stripe-node ignores the rest",
    otherSdks: "stripe-go and stripe-dotnet reject a header with an element without '='",
  },
  {
    id: "element-empty-key",
    source: `${OURS}: 'an element … with an empty key'`,
    title: "a valid header followed by '=x' (empty key)",
    build: input(`${validHeader()},=x`),
    sdk: "accept",
    ours: malformed,
    stricter: "an empty key is malformed; stripe-node ignores it",
  },

  // ── The header sent more than once ──────────────────────────────────────────────────────────
  {
    id: "header-sent-twice-comma",
    source: `${OURS}: 't more than once (also a header sent twice, which arrives comma-joined)'`,
    title: "the same valid header twice, joined with ','",
    build: input(`${validHeader()},${validHeader()}`),
    sdk: "accept",
    ours: malformed,
    stricter: "a header sent twice carries two t values; we refuse rather than pick one",
  },
  {
    id: "header-sent-twice-comma-space",
    source: `${OURS}: a header sent twice as Node's http module and fetch Headers deliver it (joined with ', ')`,
    title: "the same valid header twice, joined with ', ' (as Node and fetch join repeated headers)",
    build: input(`${validHeader()}, ${validHeader()}`),
    sdk: "accept",
    ours: malformed,
    stricter: "a header sent twice is malformed (whitespace and a second t); stripe-node ignores ' t=…' and accepts",
  },
  {
    id: "node-header-as-array",
    source: `${NODE}: 'should error if you pass a signature which is an array, even though our types say you can'`,
    title: "the header as an array (two copies) is rejected",
    build: input(`${validHeader()}, ${validHeader()}`),
    sdkArgs: {
      describe:
        "stripe-node gets ['<header>', '<header>'] and refuses any array; our route gets Node's comma-joined string '<header>, <header>'",
      map: () => ({ header: [validHeader(), validHeader()] }),
    },
    sdk: "reject",
    sdkThrows: /An array was passed as a header/,
    ours: malformed,
  },
];
