import { createHmac } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { computeStripeSignature, verifyStripeSignature, type CandidateSecret, type VerifySignatureInput } from "./verify-stripe-signature";

const NOW = 1_700_000_000;
const TOLERANCE = 300;
const OLD: CandidateSecret = { id: "sec_old", secret: "whsec_old_secret_value" };
const CURRENT: CandidateSecret = { id: "sec_current", secret: "whsec_current_secret_value" };
const FORGER = "whsec_not_one_of_ours";
const payload = new TextEncoder().encode('{\n  "id": "evt_test_webhook",\n  "object": "event"\n}');

/** Independent of computeStripeSignature: HMAC-SHA256 over `<t>.<body>`. */
const hmac = (t: number, secret: string, body: Uint8Array = payload): string =>
  createHmac("sha256", secret).update(`${t}.`).update(body).digest("hex");

const header = (t: number, ...secrets: string[]): string => [`t=${t}`, ...secrets.map((s) => `v1=${hmac(t, s)}`)].join(",");

const verify = (overrides: Partial<VerifySignatureInput> & Pick<VerifySignatureInput, "header">) =>
  verifyStripeSignature({ payload, secrets: [CURRENT], toleranceSeconds: TOLERANCE, now: NOW, ...overrides });

afterEach(() => {
  vi.useRealTimers();
});

describe("computeStripeSignature", () => {
  it("is the lowercase hex HMAC-SHA256 of `<t>.<raw body>` keyed with the whole whsec_ string", () => {
    expect(computeStripeSignature(payload, NOW, CURRENT.secret)).toBe(hmac(NOW, CURRENT.secret));
    expect(computeStripeSignature(payload, NOW, CURRENT.secret)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("verifyStripeSignature", () => {
  describe("several active secrets", () => {
    it("reports the second secret's id when only the second secret matches", () => {
      const result = verify({ header: header(NOW, CURRENT.secret), secrets: [OLD, CURRENT] });
      expect(result).toEqual({
        ok: true,
        matchedSecretId: CURRENT.id,
        signatureTimestamp: NOW,
        matchedSignature: hmac(NOW, CURRENT.secret),
        unmatchedSignatures: [],
      });
    });

    it("reports the v1 values that match no secret beside a match (a secret rolled outside Hookwarden), and none when every v1 matches", () => {
      expect(verify({ header: header(NOW, FORGER, CURRENT.secret), secrets: [CURRENT] })).toMatchObject({ ok: true, unmatchedSignatures: [hmac(NOW, FORGER)] });
      expect(verify({ header: header(NOW, CURRENT.secret, OLD.secret), secrets: [OLD, CURRENT] })).toMatchObject({ ok: true, unmatchedSignatures: [] });
    });

    it("reports the first secret's id when only the first secret matches", () => {
      const result = verify({ header: header(NOW, OLD.secret), secrets: [OLD, CURRENT] });
      expect(result).toMatchObject({ ok: true, matchedSecretId: OLD.id, matchedSignature: hmac(NOW, OLD.secret) });
    });

    it("reports the matching v1 when it is not the first v1 in the header", () => {
      const result = verify({ header: header(NOW, FORGER, CURRENT.secret), secrets: [CURRENT] });
      expect(result).toMatchObject({ ok: true, matchedSecretId: CURRENT.id, matchedSignature: hmac(NOW, CURRENT.secret) });
    });

    it("reports the first secret in the given order when a rolling header matches both", () => {
      const rolling = header(NOW, CURRENT.secret, OLD.secret);
      expect(verify({ header: rolling, secrets: [OLD, CURRENT] })).toMatchObject({
        ok: true,
        matchedSecretId: OLD.id,
        matchedSignature: hmac(NOW, OLD.secret),
      });
      expect(verify({ header: rolling, secrets: [CURRENT, OLD] })).toMatchObject({
        ok: true,
        matchedSecretId: CURRENT.id,
        matchedSignature: hmac(NOW, CURRENT.secret),
      });
    });
  });

  describe("secrets the caller did not pass", () => {
    it("rejects a header signed only with a secret the caller dropped as expired: signature_mismatch", () => {
      const result = verify({ header: header(NOW, OLD.secret), secrets: [CURRENT] });
      expect(result).toMatchObject({ ok: false, code: "signature_mismatch" });
    });

    it("rejects every header when no secret is active: signature_mismatch", () => {
      const result = verify({ header: header(NOW, CURRENT.secret), secrets: [] });
      expect(result).toMatchObject({ ok: false, code: "signature_mismatch" });
    });
  });

  describe("the raw body", () => {
    it("rejects a body with one byte changed: signature_mismatch", () => {
      const tampered = Uint8Array.from(payload);
      tampered[tampered.length - 2] = "x".charCodeAt(0);
      const result = verify({ header: header(NOW, CURRENT.secret), payload: tampered });
      expect(result).toMatchObject({ ok: false, code: "signature_mismatch" });
    });
  });

  describe("tolerance, in both directions", () => {
    it.each([
      ["past", -TOLERANCE],
      ["future", TOLERANCE],
    ])("accepts a timestamp exactly at the boundary in the %s (|Δ| == tolerance)", (_direction, delta) => {
      const t = NOW + delta;
      expect(verify({ header: header(t, CURRENT.secret) })).toMatchObject({ ok: true, signatureTimestamp: t });
    });

    it.each([
      ["past", -(TOLERANCE + 1)],
      ["future", TOLERANCE + 1],
    ])("rejects a timestamp one second past the boundary in the %s: timestamp_outside_tolerance", (_direction, delta) => {
      const result = verify({ header: header(NOW + delta, CURRENT.secret) });
      expect(result).toMatchObject({ ok: false, code: "timestamp_outside_tolerance" });
    });

    it("accepts only t == now with tolerance 0", () => {
      expect(verify({ header: header(NOW, CURRENT.secret), toleranceSeconds: 0 }).ok).toBe(true);
      expect(verify({ header: header(NOW - 1, CURRENT.secret), toleranceSeconds: 0 })).toMatchObject({
        ok: false,
        code: "timestamp_outside_tolerance",
      });
    });

    it("uses the system clock when now is not given", () => {
      vi.useFakeTimers({ now: (NOW + TOLERANCE + 1) * 1000 });
      const withoutNow: VerifySignatureInput = { payload, header: header(NOW, CURRENT.secret), secrets: [CURRENT], toleranceSeconds: TOLERANCE };
      expect(verifyStripeSignature(withoutNow)).toMatchObject({ ok: false, code: "timestamp_outside_tolerance" });
      vi.setSystemTime((NOW + TOLERANCE) * 1000 + 999);
      expect(verifyStripeSignature(withoutNow).ok).toBe(true);
    });
  });

  describe("the signature is checked before the timestamp", () => {
    it("answers signature_mismatch, not timestamp_outside_tolerance, for a forged header with an old timestamp", () => {
      const result = verify({ header: header(NOW - 86_400, FORGER) });
      expect(result).toMatchObject({ ok: false, code: "signature_mismatch" });
    });

    it("answers signature_mismatch for a forged header with a future timestamp", () => {
      const result = verify({ header: header(NOW + 86_400, FORGER) });
      expect(result).toMatchObject({ ok: false, code: "signature_mismatch" });
    });

    it("answers timestamp_outside_tolerance only for a correctly signed old header", () => {
      const result = verify({ header: header(NOW - 86_400, CURRENT.secret) });
      expect(result).toMatchObject({ ok: false, code: "timestamp_outside_tolerance" });
    });
  });

  describe("header problems come first", () => {
    it("answers header_missing without a header", () => {
      expect(verify({ header: null })).toMatchObject({ ok: false, code: "header_missing" });
    });

    it("answers header_malformed for a malformed header even if a v1 would match", () => {
      expect(verify({ header: `${header(NOW, CURRENT.secret)},` })).toMatchObject({ ok: false, code: "header_malformed" });
    });
  });
});
