import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import { z } from "zod";
import { EndpointNameSchema } from "../endpoints/endpoint-name";
import { AppError } from "../errors";
import { PEER_HEADER } from "../intake/client-address";
import { webhookPathOf } from "../rotation/stripe-webhook-endpoints";

/**
 * One HTTP delivery of a replay file (`hookwarden detect --replay`, written by `hookwarden simulate --out`):
 * when it arrived, at which endpoint, from which address (the TCP peer), its headers and its body exactly as
 * received. `label` says whether a generated line belongs to an attack; detect ignores it, as any other extra field.
 */
export const ReplayLineSchema = z.object({
  at: z.iso.datetime({ offset: true, error: "at must be an ISO 8601 time such as 2026-11-28T14:00:00.000Z" }),
  endpoint: EndpointNameSchema,
  source: z.string().refine((address) => isIP(address) !== 0, "source must be an IPv4 or IPv6 address (the TCP peer)"),
  headers: z
    .record(z.string(), z.string(), { error: "headers must be an object of header names to strings" })
    .refine((headers) => {
      try {
        new Headers(headers);
        return true;
      } catch {
        return false;
      }
    }, "headers must be valid HTTP header names and values"),
  body: z.string({ error: "body must be the raw request body, as a string" }),
  label: z.string().optional(),
});
export type ReplayLine = z.infer<typeof ReplayLineSchema>;

/** Headers the replay sets itself: the peer comes from `source`, the length from `body`. */
const REPLACED_HEADERS = new Set([PEER_HEADER, "content-length", "transfer-encoding", "host", "connection"]);

/** A parsed line with its receive time, in file order. */
export type ReplayDelivery = ReplayLine & { lineNumber: number; receivedAt: Date };

/**
 * Reads and validates a whole replay file before anything runs, so that bad input changes nothing: the first
 * malformed line is an error naming its number. Blank lines are skipped. Returns the deliveries in time order
 * (stable: lines of the same instant keep their file order).
 */
export function readReplayFile(file: string): ReplayDelivery[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new AppError("invalid_request", `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseReplayText(text, file);
}

export function parseReplayText(text: string, file = "the replay file"): ReplayDelivery[] {
  const deliveries: ReplayDelivery[] = [];
  const lines = text.split("\n");
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index]!.replace(/\r$/, "");
    if (raw.trim() === "") continue;
    const lineNumber = index + 1;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (error) {
      throw new AppError("invalid_request", `${file}, line ${lineNumber}: not JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    const parsed = ReplayLineSchema.safeParse(json);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => (issue.path.length > 0 ? `${issue.path.join(".")}: ${issue.message}` : issue.message));
      throw new AppError("invalid_request", `${file}, line ${lineNumber}: ${issues.join("; ")}`);
    }
    deliveries.push({ ...parsed.data, lineNumber, receivedAt: new Date(parsed.data.at) });
  }
  return deliveries.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || a.lineNumber - b.lineNumber);
}

/** The request intake receives for a line: POST, the line's headers, its body's bytes, and `source` as the TCP peer. */
export function replayRequest(delivery: ReplayLine): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(delivery.headers)) {
    if (!REPLACED_HEADERS.has(name.toLowerCase())) headers.append(name, value);
  }
  headers.set(PEER_HEADER, delivery.source);
  return new Request(`http://hookwarden.replay${webhookPathOf(delivery.endpoint)}`, { method: "POST", headers, body: Buffer.from(delivery.body, "utf8") });
}
