/**
 * Parser for the `Stripe-Signature` header: `t=<unix seconds>,v1=<hex>[,v1=<hex>...][,v0=<hex>]`.
 *
 * Our rules, each tested in parse-signature-header.test.ts and documented in the README:
 * - missing or empty header                           → header_missing
 * - any whitespace inside the header                  → header_malformed (stripe-node does not trim; .NET does; Stripe sends none)
 * - an empty element (`,,`, leading or trailing `,`)   → header_malformed (SDKs skip it; stricter)
 * - an element without `=`, or with an empty key      → header_malformed (SDKs skip it; stricter)
 * - `t` missing                                       → header_malformed
 * - `t` more than once (also a header sent twice, which arrives comma-joined) → header_malformed
 *   (SDKs keep the first or the last; stricter: we never guess which timestamp was signed)
 * - `t` not 1 to 12 decimal digits                    → header_malformed (`parseInt` leniency refused)
 * - no `v1` at all (for example `v0` only)            → header_malformed (SDKs: "no signatures found")
 * - a `v1` that is not 64 lowercase hex characters    → header_malformed (SDKs: compares and fails; stricter)
 * - more than MAX_V1 `v1` values or over MAX_HEADER_LENGTH characters → header_malformed (bounds the work)
 * - other schemes (`v0`, `v2`, anything else) are ignored whatever their value: only `v1` counts.
 */
export const MAX_HEADER_LENGTH = 4096;
export const MAX_V1 = 16;

export type ParsedSignatureHeader = {
  /** Unix seconds the signature claims. */
  timestamp: number;
  /** Candidate `v1` signatures, lowercase hex, in header order. */
  v1: string[];
};

export type ParseSignatureHeaderResult =
  | { ok: true; header: ParsedSignatureHeader }
  | { ok: false; code: "header_missing" | "header_malformed"; reason: string };

const HEX_64 = /^[0-9a-f]{64}$/;
const TIMESTAMP = /^[0-9]{1,12}$/;
const WHITESPACE = /\s/;

export function parseSignatureHeader(header: string | null | undefined): ParseSignatureHeaderResult {
  if (header === null || header === undefined || header === "") {
    return { ok: false, code: "header_missing", reason: "no Stripe-Signature header" };
  }
  const malformed = (reason: string): ParseSignatureHeaderResult => ({ ok: false, code: "header_malformed", reason });
  if (header.length > MAX_HEADER_LENGTH) return malformed("header too long");
  if (WHITESPACE.test(header)) return malformed("whitespace in header");

  let timestamp: number | undefined;
  const v1: string[] = [];
  for (const element of header.split(",")) {
    if (element === "") return malformed("empty element");
    const eq = element.indexOf("=");
    if (eq <= 0) return malformed("element without key=value");
    const key = element.slice(0, eq);
    const value = element.slice(eq + 1);
    if (key === "t") {
      if (timestamp !== undefined) return malformed("duplicate t");
      if (!TIMESTAMP.test(value)) return malformed("t is not a unix timestamp");
      timestamp = Number(value);
    } else if (key === "v1") {
      if (!HEX_64.test(value)) return malformed("v1 is not 64 lowercase hex characters");
      if (v1.length === MAX_V1) return malformed("too many v1 signatures");
      v1.push(value);
    }
  }
  if (timestamp === undefined) return malformed("no t");
  if (v1.length === 0) return malformed("no v1 signature");
  return { ok: true, header: { timestamp, v1 } };
}
