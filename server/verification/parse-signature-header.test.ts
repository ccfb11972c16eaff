import { describe, expect, it } from "vitest";
import { MAX_HEADER_LENGTH, MAX_V1, parseSignatureHeader, type ParseSignatureHeaderResult } from "./parse-signature-header";

const T = "1700000000";
const A = "a".repeat(64);
const B = "0123456789abcdef".repeat(4);

function expectMalformed(result: ParseSignatureHeaderResult, reason?: string): void {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.code).toBe("header_malformed");
  if (reason !== undefined) expect(result.reason).toBe(reason);
}

function parsed(header: string) {
  const result = parseSignatureHeader(header);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(header)} to parse, got ${result.code}: ${result.reason}`);
  return result.header;
}

describe("parseSignatureHeader", () => {
  describe("a well-formed header", () => {
    it("yields the timestamp as a number and the v1 value", () => {
      expect(parsed(`t=${T},v1=${A}`)).toEqual({ timestamp: 1_700_000_000, v1: [A] });
    });

    it("yields several v1 values in header order", () => {
      expect(parsed(`t=${T},v1=${B},v1=${A}`).v1).toEqual([B, A]);
    });

    it("accepts t after the signatures", () => {
      expect(parsed(`v1=${A},t=${T}`)).toEqual({ timestamp: 1_700_000_000, v1: [A] });
    });
  });

  describe("missing or empty header → header_missing", () => {
    it.each([
      ["null", null],
      ["undefined", undefined],
      ["the empty string", ""],
    ])("treats %s as missing", (_label, header) => {
      const result = parseSignatureHeader(header);
      expect(result).toMatchObject({ ok: false, code: "header_missing" });
    });
  });

  describe("any whitespace inside the header → header_malformed", () => {
    it.each([
      ["a space after a comma", `t=${T}, v1=${A}`],
      ["a leading space", ` t=${T},v1=${A}`],
      ["a trailing space", `t=${T},v1=${A} `],
      ["a space around '='", `t = ${T},v1=${A}`],
      ["a tab", `t=${T},\tv1=${A}`],
      ["a newline", `t=${T},v1=${A}\n`],
      ["a non-breaking space", `t=${T},\u00a0v1=${A}`],
      ["whitespace in an ignored element", `t=${T},v1=${A},v0=a b`],
    ])("rejects %s", (_label, header) => {
      expectMalformed(parseSignatureHeader(header), "whitespace in header");
    });
  });

  describe("an empty element → header_malformed", () => {
    it.each([
      ["',,' in the middle", `t=${T},,v1=${A}`],
      ["a leading comma", `,t=${T},v1=${A}`],
      ["a trailing comma", `t=${T},v1=${A},`],
      ["only commas", ",,"],
    ])("rejects %s", (_label, header) => {
      expectMalformed(parseSignatureHeader(header), "empty element");
    });
  });

  describe("an element without '=' or with an empty key → header_malformed", () => {
    it.each([
      ["a bare word", "bad_header"],
      ["a trailing bare word", `t=${T},v1=${A},garbage`],
      ["a bare 't'", `t,v1=${A}`],
      ["a bare 'v1'", `v1,t=${T}`],
      ["an empty key", `t=${T},v1=${A},=x`],
      ["only '='", `t=${T},v1=${A},=`],
    ])("rejects %s", (_label, header) => {
      expectMalformed(parseSignatureHeader(header), "element without key=value");
    });
  });

  describe("t missing → header_malformed", () => {
    it("rejects a header with v1 but no t", () => {
      expectMalformed(parseSignatureHeader(`v1=${A}`), "no t");
    });

    it("does not take a key that merely starts with t (such as 'ts') for t", () => {
      expectMalformed(parseSignatureHeader(`ts=${T},v1=${A}`), "no t");
    });
  });

  describe("t more than once → header_malformed", () => {
    it("rejects the same t twice", () => {
      expectMalformed(parseSignatureHeader(`t=${T},t=${T},v1=${A}`), "duplicate t");
    });

    it("rejects two different t values", () => {
      expectMalformed(parseSignatureHeader(`t=1,t=${T},v1=${A}`), "duplicate t");
    });

    it("rejects a header sent twice and comma-joined", () => {
      expectMalformed(parseSignatureHeader(`t=${T},v1=${A},t=${T},v1=${A}`), "duplicate t");
    });

    it("rejects a second t even when it is itself malformed", () => {
      expectMalformed(parseSignatureHeader(`t=${T},t=abc,v1=${A}`), "duplicate t");
    });
  });

  describe("t must be 1 to 12 decimal digits", () => {
    it.each([
      ["empty", ""],
      ["trailing garbage", "123abc"],
      ["a leading '+'", `+${T}`],
      ["negative", "-1"],
      ["a decimal point", "1700000000.5"],
      ["an exponent", "1e9"],
      ["hexadecimal", "0x10"],
      ["13 digits (milliseconds)", "1700000000000"],
      ["not a number", "not_a_number"],
      ["full-width digits", "１２３"],
    ])("rejects t that is %s", (_label, t) => {
      expectMalformed(parseSignatureHeader(`t=${t},v1=${A}`), "t is not a unix timestamp");
    });

    it.each([
      ["one digit", "0", 0],
      ["twelve digits", "999999999999", 999_999_999_999],
      ["a leading zero", "01700000000", 1_700_000_000],
    ])("accepts t with %s", (_label, t, expected) => {
      expect(parsed(`t=${t},v1=${A}`).timestamp).toBe(expected);
    });
  });

  describe("no v1 at all → header_malformed", () => {
    it("rejects a header with only v0", () => {
      expectMalformed(parseSignatureHeader(`t=${T},v0=${A}`), "no v1 signature");
    });

    it("rejects a header with only t", () => {
      expectMalformed(parseSignatureHeader(`t=${T}`), "no v1 signature");
    });

    it("does not take 'V1' (uppercase scheme) for v1", () => {
      expectMalformed(parseSignatureHeader(`t=${T},V1=${A}`), "no v1 signature");
    });
  });

  describe("a v1 that is not 64 lowercase hex characters → header_malformed", () => {
    it.each([
      ["uppercase hex", A.toUpperCase()],
      ["mixed-case hex", `${"A".repeat(32)}${"a".repeat(32)}`],
      ["63 characters", A.slice(1)],
      ["65 characters", `${A}a`],
      ["non-hex characters", "z".repeat(64)],
      ["a word", "bad_signature"],
      ["empty", ""],
      ["hex followed by '='", `${A}=`],
    ])("rejects a v1 of %s", (_label, v1) => {
      expectMalformed(parseSignatureHeader(`t=${T},v1=${v1}`), "v1 is not 64 lowercase hex characters");
    });

    it("rejects a bad v1 even when another v1 is well formed", () => {
      expectMalformed(parseSignatureHeader(`t=${T},v1=${A},v1=potato`), "v1 is not 64 lowercase hex characters");
    });
  });

  describe("bounds on the work", () => {
    it(`accepts exactly MAX_V1 (${MAX_V1}) v1 values`, () => {
      const header = `t=${T},${Array.from({ length: MAX_V1 }, () => `v1=${A}`).join(",")}`;
      expect(parsed(header).v1).toHaveLength(MAX_V1);
    });

    it(`rejects MAX_V1 + 1 v1 values`, () => {
      const header = `t=${T},${Array.from({ length: MAX_V1 + 1 }, () => `v1=${A}`).join(",")}`;
      expectMalformed(parseSignatureHeader(header), "too many v1 signatures");
    });

    it(`accepts a header of exactly MAX_HEADER_LENGTH (${MAX_HEADER_LENGTH}) characters`, () => {
      const base = `t=${T},v1=${A},x=`;
      const header = base + "a".repeat(MAX_HEADER_LENGTH - base.length);
      expect(header).toHaveLength(MAX_HEADER_LENGTH);
      expect(parsed(header).v1).toEqual([A]);
    });

    it("rejects a header one character over MAX_HEADER_LENGTH", () => {
      const base = `t=${T},v1=${A},x=`;
      const header = base + "a".repeat(MAX_HEADER_LENGTH + 1 - base.length);
      expectMalformed(parseSignatureHeader(header), "header too long");
    });
  });

  describe("other schemes are ignored: only v1 counts", () => {
    it.each([
      ["v0", `v0=${B}`],
      ["v2", "v2=anything"],
      ["an unknown key", "foo=bar"],
      ["a key with an empty value", "v0="],
      ["a value containing '='", "x=a=b"],
    ])("ignores %s next to a valid v1", (_label, element) => {
      expect(parsed(`t=${T},${element},v1=${A}`)).toEqual({ timestamp: 1_700_000_000, v1: [A] });
    });

    it("does not count a v0 as a v1", () => {
      expect(parsed(`t=${T},v0=${B},v1=${A}`).v1).toEqual([A]);
    });
  });
});
