/** From a request's plan to what goes on the wire: node:http's method, path, headers and body, or raw bytes. */
import type { Materialized } from "../../tests/support/hostile-deliveries";
import type { FuzzRequest, SourcePlan } from "./requests";
import { WEBHOOK_PATH } from "./requests";
import type { HttpSpec } from "./send";

const STRIPE_USER_AGENT = "Stripe/1.0 (+https://stripe.com/docs/webhooks)";

/** The X-Forwarded-For value a source plan sends (the fuzzer is the trusted proxy), or none. */
function forwardedFor(source: SourcePlan): string | null {
  if (source.kind === "stripe" || source.kind === "outside") return source.address;
  if (source.kind === "forged") return source.value;
  return null;
}

/** Bytes of a header section, roughly as Node counts them against its limit. */
const headerSectionBytes = (spec: Omit<HttpSpec, "chunked" | "body">) =>
  `${spec.method} ${spec.path} HTTP/1.1\r\n`.length +
  60 + // Host, Connection, Content-Length or Transfer-Encoding, added by node:http
  Object.entries(spec.headers).reduce((sum, [name, value]) => sum + [value].flat().reduce((lineSum, line) => lineSum + name.length + line.length + 4, 0), 0);

export function httpSpec(plan: Extract<FuzzRequest, { kind: "http" }>, made: Materialized): HttpSpec {
  const headers: Record<string, string | string[]> = { "user-agent": STRIPE_USER_AGENT };
  if (plan.delivery.contentType !== null) headers["content-type"] = plan.delivery.contentType;
  const forwarded = forwardedFor(plan.source);
  if (forwarded !== null) headers["x-forwarded-for"] = forwarded;
  if (made.signatureLines.length > 0) headers["stripe-signature"] = made.signatureLines.length === 1 ? made.signatureLines[0]! : made.signatureLines;
  if (plan.headerBytes !== null) {
    const missing = plan.headerBytes - headerSectionBytes({ method: plan.method, path: plan.path, headers }) - "x-fuzz-padding: \r\n".length;
    if (missing > 0) headers["x-fuzz-padding"] = "p".repeat(missing);
  }
  // node:http sends GET, HEAD, DELETE and OPTIONS bodies only with a length.
  const chunked = plan.chunked && !["GET", "HEAD", "DELETE", "OPTIONS"].includes(plan.method);
  return { method: plan.method, path: plan.path, headers, body: made.body, chunked };
}

const BODY = '{"id":"evt_raw","object":"event"}';
const BAD_LENGTHS = ["-1", "abc", "1e3", "0x10", "99999999999999999999"];

/** Malformed HTTP node:http would refuse to write. `halfClose`: end our side after writing (a body cut short). */
export function rawBytes(plan: Extract<FuzzRequest, { kind: "raw" }>, port: number): { bytes: Buffer; halfClose: boolean } {
  const forwarded = forwardedFor(plan.source);
  const common = [`Host: 127.0.0.1:${port}`, ...(forwarded !== null ? [`X-Forwarded-For: ${forwarded}`] : []), "Connection: close", "Content-Type: application/json"];
  const request = (startLine: string, headers: string[], body: string, separator = "\r\n") => Buffer.from(`${[startLine, ...common, ...headers].join(separator)}${separator}${separator}${body}`, "latin1");
  const post = `POST ${WEBHOOK_PATH} HTTP/1.1`;
  const length = `Content-Length: ${BODY.length}`;
  switch (plan.variant) {
    case "bad-header-name":
      return { bytes: request(post, ["Stripe Signature: t=1,v1=00", length], BODY), halfClose: false };
    case "nul-in-header":
      return { bytes: request(post, ["Stripe-Signature: t=1\u0000,v1=00", length], BODY), halfClose: false };
    case "bare-lf":
      return { bytes: request(post, ["Stripe-Signature: t=1,v1=00", length], BODY, "\n"), halfClose: false };
    case "length-and-chunked":
      return { bytes: request(post, ["Content-Length: 5", "Transfer-Encoding: chunked"], "0\r\n\r\n"), halfClose: false };
    case "bad-content-length":
      return { bytes: request(post, [`Content-Length: ${BAD_LENGTHS[plan.garbage[0]! % BAD_LENGTHS.length]}`], BODY), halfClose: false };
    case "two-content-lengths":
      return { bytes: request(post, ["Content-Length: 2", "Content-Length: 3"], "{}x"), halfClose: false };
    case "truncated-body":
      return { bytes: request(post, ["Content-Length: 1000"], BODY), halfClose: true };
    case "bad-chunk":
      return { bytes: request(post, ["Transfer-Encoding: chunked"], "zz\r\n{}\r\n0\r\n\r\n"), halfClose: false };
    case "unknown-method":
      return { bytes: request(`BREW ${WEBHOOK_PATH} HTTP/1.1`, [length], BODY), halfClose: false };
    case "http-1.0":
      return { bytes: Buffer.from(`POST ${WEBHOOK_PATH} HTTP/1.0\r\n${length}\r\n\r\n${BODY}`, "latin1"), halfClose: false };
    case "garbage":
      return { bytes: Buffer.concat([Buffer.from(plan.garbage), Buffer.from("\r\n\r\n")]), halfClose: true };
  }
}
