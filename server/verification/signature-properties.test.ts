import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  bodyPlan,
  genuineSignature,
  headerText,
  joinedHeader,
  materialize,
  propertyRuns,
  refusedSignature,
  signatureExpectation,
  signaturePlan,
  type SignaturePlan,
} from "@/tests/support/hostile-deliveries";
import { MAX_HEADER_LENGTH, parseSignatureHeader } from "./parse-signature-header";
import { verifyStripeSignature, type CandidateSecret, type SignatureRejection } from "./verify-stripe-signature";

/**
 * Properties of the Stripe-Signature parser and verifier over generated headers and bodies
 * (tests/support/hostile-deliveries.ts): whatever arrives, they never throw, and they verify exactly
 * the headers Stripe would send. A failure prints fast-check's seed and the shrunk counterexample.
 */
const NOW = 1_700_000_000;
const TOLERANCE = 300;
const SECRETS: CandidateSecret[] = [
  { id: "sec_first", secret: "whsec_property_first_0c1d2e3f" },
  { id: "sec_second", secret: "whsec_property_second_4a5b6c7d" },
];
const KEYS = { active: SECRETS.map((s) => s.secret), foreign: "whsec_property_foreign_8e9fa0b1", toleranceSeconds: TOLERANCE, now: NOW };
const BODIES = bodyPlan({ maxDepth: 2_000, maxPadding: 4_096, fillerSizes: [0, 1, 70_000] });

const verify = (payload: Uint8Array, header: string | null) => verifyStripeSignature({ payload, header, secrets: SECRETS, toleranceSeconds: TOLERANCE, now: NOW });

/** The answer each mutation must get, from the rules in the README's "Signature header rules". */
function expectedRefusal(plan: SignaturePlan): SignatureRejection[] {
  switch (plan.kind) {
    case "body-bit-flipped":
    case "signature-bit-flipped":
    case "foreign-secret":
      return ["signature_mismatch"];
    case "outside-tolerance":
      return ["timestamp_outside_tolerance"];
    case "v0-only":
      return [plan.withWrongV1 ? "signature_mismatch" : "header_malformed"];
    case "truncated":
      return ["header_missing", "header_malformed"];
    case "absent":
    case "empty":
      return ["header_missing"];
    case "text":
      return ["header_missing", "header_malformed", "signature_mismatch"];
    case "genuine":
    case "edited":
      throw new Error(`${plan.kind} is not a refusal`);
    default:
      // upper-case keys or hex, whitespace, a second t, an empty element, too many v1, too long, sent twice
      return ["header_malformed"];
  }
}

describe("Stripe-Signature properties (fast-check)", () => {
  it("any text as the header, with any body: never throws, never verifies", () => {
    const anyHeader = fc.oneof(fc.string({ unit: "binary", maxLength: 3 * MAX_HEADER_LENGTH }), headerText(400), fc.constant(undefined), fc.constant(null));
    fc.assert(
      fc.property(anyHeader, fc.uint8Array({ maxLength: 512 }), (header, payload) => {
        const parsed = parseSignatureHeader(header);
        expect(parsed.ok ? "ok" : parsed.code).toMatch(/^(ok|header_missing|header_malformed)$/);
        const result = verify(payload, header ?? null);
        expect(result.ok).toBe(false);
      }),
      propertyRuns(600),
    );
  });

  it("a header Stripe would send verifies, as the first secret that signed it, with its extra v1/v0/other schemes in any order", () => {
    fc.assert(
      fc.property(BODIES, genuineSignature(SECRETS.length, TOLERANCE), (body, signature) => {
        const made = materialize({ body, signature }, KEYS);
        const result = verify(made.body, joinedHeader(made.signatureLines));
        if (signature.kind !== "genuine") throw new Error("unreachable");
        const firstSigner = SECRETS[Math.min(...signature.signers)]!;
        expect(result).toMatchObject({ ok: true, matchedSecretId: firstSigner.id, signatureTimestamp: NOW + signature.skewSeconds });
        // The v1 values of secrets we do not hold are reported beside the match (a secret rolled outside Hookwarden).
        const foreignV1 = signature.extras.flatMap(({ extra }) => (extra.kind === "v1" ? [extra.hex] : []));
        if (result.ok) expect(new Set(result.unmatchedSignatures)).toEqual(new Set(foreignV1));
      }),
      propertyRuns(400),
    );
  });

  it("every mutation of a genuine header or body is refused, with the answer the rules give", () => {
    fc.assert(
      fc.property(BODIES, refusedSignature(TOLERANCE), (body, signature) => {
        const made = materialize({ body, signature }, KEYS);
        const result = verify(made.body, joinedHeader(made.signatureLines));
        expect(result.ok).toBe(false);
        if (!result.ok) expect(expectedRefusal(signature)).toContain(result.code);
      }),
      propertyRuns(800),
    );
  });

  it("a one-bit flip of a valid body or of its signature never verifies; the same request unflipped does", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 4_096 }), fc.nat(), (payload, bit) => {
        const body = { kind: "bytes" as const, bytes: payload };
        expect(verify(...made(body, { kind: "genuine", signers: [0], skewSeconds: 0, extras: [] })).ok).toBe(true);
        expect(verify(...made(body, { kind: "body-bit-flipped", bit }))).toMatchObject({ ok: false, code: "signature_mismatch" });
        expect(verify(...made(body, { kind: "signature-bit-flipped", bit: bit % 256 }))).toMatchObject({ ok: false, code: "signature_mismatch" });
      }),
      propertyRuns(300),
    );
  });

  it("t verifies up to the tolerance away in either direction, and never beyond it", () => {
    fc.assert(
      fc.property(fc.integer({ min: -3 * TOLERANCE, max: 3 * TOLERANCE }), (skewSeconds) => {
        const body = { kind: "text" as const, text: '{"id":"evt_1"}' };
        const result = verify(...made(body, { kind: "genuine", signers: [1], skewSeconds, extras: [] }));
        if (Math.abs(skewSeconds) <= TOLERANCE) expect(result.ok).toBe(true);
        else expect(result).toMatchObject({ ok: false, code: "timestamp_outside_tolerance" });
      }),
      propertyRuns(300),
    );
  });

  it("free edits of a genuine header verify only as the same t and v1, never as anything else", () => {
    fc.assert(
      fc.property(BODIES, signaturePlan(SECRETS.length, TOLERANCE), (body, signature) => {
        const made = materialize({ body, signature }, KEYS);
        const result = verify(made.body, joinedHeader(made.signatureLines));
        const expectation = signatureExpectation(signature);
        if (expectation === "refused") expect(result.ok).toBe(false);
        if (expectation === "verifies") expect(result.ok).toBe(true);
        if (result.ok) {
          expect(result.signatureTimestamp).toBe(made.signedAs?.timestamp);
          expect(made.signedAs?.signatures).toContain(result.matchedSignature);
        }
      }),
      propertyRuns(600),
    );
  });
});

function made(body: Parameters<typeof materialize>[0]["body"], signature: SignaturePlan): [Uint8Array, string | null] {
  const result = materialize({ body, signature }, KEYS);
  return [result.body, joinedHeader(result.signatureLines)];
}
