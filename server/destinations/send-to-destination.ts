import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { maskText } from "../masking/mask-text";
import type { AttemptOutcome } from "./destination-states";
import { RefusedAddressError, resolveAllowedAddress } from "./destination-address";
import type { SignedHeaders } from "./destination-signing";

/** How much of a destination's answer is kept with the attempt (masked). */
export const RESPONSE_EXCERPT_CHARS = 500;
const USER_AGENT = "Hookwarden-Destinations/1";

export type SendResult = { outcome: AttemptOutcome; statusCode: number | null; latencyMs: number; error: string | null; responseExcerpt: string | null };

/**
 * POSTs one signed message to a destination and says how it went; never throws. 2xx is
 * delivered; anything else, a timeout, or an address the destination may not reach (no
 * request is sent then) is not. Redirects are not followed: a signed message goes only
 * where it was configured to go. The connection goes to the address that was checked.
 */
export async function sendToDestination(
  target: { url: string; allowInternal: boolean },
  headers: SignedHeaders,
  body: string,
  timeoutMs: number,
): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const url = new URL(target.url);
  let resolved: { address: string; family: number };
  try {
    resolved = await resolveAllowedAddress(url.hostname, target.allowInternal);
  } catch (error) {
    const message = error instanceof RefusedAddressError ? error.message : "the address could not be checked";
    return { outcome: "refused", statusCode: null, latencyMs: elapsed(), error: message, responseExcerpt: null };
  }
  const request = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise<SendResult>((resolve) => {
    let settled = false;
    const finish = (result: Omit<SendResult, "latencyMs">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, latencyMs: elapsed() });
    };
    const outgoing = request(
      url,
      {
        method: "POST",
        headers: { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(body), "user-agent": USER_AGENT },
        // Connect to the checked address, whatever the name resolves to now; TLS still verifies the name.
        lookup: (_hostname, options, callback) => {
          if ((options as { all?: boolean }).all) (callback as (error: null, addresses: { address: string; family: number }[]) => void)(null, [resolved]);
          else (callback as (error: null, address: string, family: number) => void)(null, resolved.address, resolved.family);
        },
        servername: url.hostname.replace(/^\[|\]$/g, ""),
      },
      (response: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        response.on("data", (chunk: Buffer) => {
          if (kept < RESPONSE_EXCERPT_CHARS * 4) {
            chunks.push(chunk);
            kept += chunk.length;
          }
        });
        response.on("error", () => undefined);
        response.on("end", () => {
          const status = response.statusCode ?? 0;
          const excerpt = excerptOf(Buffer.concat(chunks).toString("utf8"));
          const delivered = status >= 200 && status < 300;
          const error = delivered ? null : status >= 300 && status < 400 ? `answered ${status} (a redirect, not followed)` : `answered ${status}`;
          finish({ outcome: delivered ? "delivered" : "failed", statusCode: status, error, responseExcerpt: excerpt });
        });
      },
    );
    const timer = setTimeout(() => {
      outgoing.destroy();
      finish({ outcome: "timeout", statusCode: null, error: `no answer within ${Math.round(timeoutMs / 1000)} s`, responseExcerpt: null });
    }, timeoutMs);
    outgoing.on("error", (error: NodeJS.ErrnoException) => {
      finish({ outcome: "failed", statusCode: null, error: `could not send: ${error.code ?? error.message}`, responseExcerpt: null });
    });
    outgoing.end(body);
  });
}

function excerptOf(text: string): string | null {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat === "") return null;
  return maskText(flat.length > RESPONSE_EXCERPT_CHARS ? `${flat.slice(0, RESPONSE_EXCERPT_CHARS - 1)}…` : flat);
}
