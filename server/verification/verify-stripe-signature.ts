import { createHmac, timingSafeEqual } from "node:crypto";
import { parseSignatureHeader } from "./parse-signature-header";

export type CandidateSecret = { id: string; secret: string };

export type SignatureRejection =
  | "header_missing"
  | "header_malformed"
  | "signature_mismatch"
  | "timestamp_outside_tolerance";

export type VerifySignatureResult =
  | {
      ok: true;
      matchedSecretId: string;
      /** Unix seconds from `t`. */
      signatureTimestamp: number;
      /** The `v1` value that matched (lowercase hex). */
      matchedSignature: string;
      /**
       * `v1` values that matched no secret, beside the one that did. Stripe sends one `v1`
       * per secret it signs with, so one here means Stripe holds a secret this endpoint
       * does not verify with (rolled outside Hookwarden, or expired here but not there).
       */
      unmatchedSignatures: string[];
    }
  | { ok: false; code: SignatureRejection; reason: string };

export type VerifySignatureInput = {
  payload: Uint8Array;
  header: string | null | undefined;
  secrets: readonly CandidateSecret[];
  /** Accepted distance between `t` and now, in seconds, in both directions. */
  toleranceSeconds: number;
  /** Unix seconds; injectable for tests. */
  now?: number;
};

/** HMAC-SHA256 over `<t>.<raw body>` keyed with the whole `whsec_...` string, as hex. */
export function computeStripeSignature(payload: Uint8Array, timestamp: number, secret: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.`).update(payload).digest("hex");
}

/**
 * Proves a delivery came from Stripe: some `v1` in the header must equal the HMAC of
 * `<t>.<raw body>` under one of the endpoint's active secrets (compared in constant
 * time), and `t` must lie within the tolerance of now, past or future. The signature
 * is checked before the timestamp, so only a correctly signed request learns that its
 * timestamp was the problem. Nothing is parsed from the body before this succeeds.
 */
export function verifyStripeSignature(input: VerifySignatureInput): VerifySignatureResult {
  const parsed = parseSignatureHeader(input.header);
  if (!parsed.ok) return parsed;
  const { timestamp, v1 } = parsed.header;

  const received = v1.map((hex) => Buffer.from(hex, "hex"));
  const matchedIndexes = new Set<number>();
  let match: { secretId: string; signature: string } | undefined;
  for (const candidate of input.secrets) {
    if (candidate.secret === "") continue; // a blank key would let anyone sign
    const expected = createHmac("sha256", candidate.secret).update(`${timestamp}.`).update(input.payload).digest();
    for (let i = 0; i < received.length; i++) {
      // Every comparison runs, even after a match, so timing says nothing about which one matched.
      if (timingSafeEqual(expected, received[i]!)) {
        matchedIndexes.add(i);
        if (match === undefined) match = { secretId: candidate.id, signature: v1[i]! };
      }
    }
  }
  if (match === undefined) {
    return { ok: false, code: "signature_mismatch", reason: "no v1 matches an active secret" };
  }

  const now = input.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > input.toleranceSeconds) {
    return { ok: false, code: "timestamp_outside_tolerance", reason: `t is ${now - timestamp}s from now` };
  }
  const unmatchedSignatures = v1.filter((_, i) => !matchedIndexes.has(i));
  return { ok: true, matchedSecretId: match.secretId, signatureTimestamp: timestamp, matchedSignature: match.signature, unmatchedSignatures };
}
