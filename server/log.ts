/**
 * The one logger: pino, writing JSON lines synchronously to stdout (debug, info) and
 * stderr (warn, error), with no transport (pino's worker-thread transports do not
 * survive Next.js's server bundling, and a log line must not be lost in a crash).
 * Redaction happens in three layers, so that no secret, personal data or payload
 * reaches a log line:
 * 1. every field whose name says it carries a payload, a body, a signature, a secret,
 *    a credential or a person's data (e-mail, name of a person, phone, address, IP) is
 *    dropped, at any depth (`redact`), and pino's own `redact` paths censor the same
 *    keys at the top levels;
 * 2. every string, the message included, is scrubbed of Stripe secrets and API keys,
 *    bearer tokens, e-mail addresses and card-like numbers (server/masking/mask-text.ts);
 * 3. the finished line is scrubbed of secrets and e-mail addresses once more.
 * `log.*(message, fields)` is the whole API; `setLogSink` lets tests capture lines.
 */
import pino from "pino";
import { CARD_LIKE_PATTERN, EMAIL_PATTERN, SECRET_PATTERN } from "./masking/mask-text";

type Level = "debug" | "info" | "warn" | "error";
const ORDER: Record<Level | "silent", number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

const SENSITIVE_KEY =
  /payload|body|signature|secret|password|passphrase|authorization|cookie|token|api[-_]?key|raw|e-?mail|phone|billing|shipping|customer_details|customer_name|cardholder|fingerprint|^(name|ip|ip_address|client_ip|address|line1|line2|description|card_number|number)$/i;
const REDACTED = "[redacted]";

/** Pino's own redaction: the sensitive keys at the top level and one level down (the rest is `redact` below). */
const REDACT_PATHS = ["payload", "body", "rawBody", "signature", "secret", "password", "authorization", "cookie", "token", "apiKey", "email", "phone", "headers", "request.headers", "req.headers"].flatMap(
  (key) => [key, `*.${key}`],
);

/** A string with every secret, e-mail address and card-like number replaced by a marker that says what was there. */
export function redactString(value: string): string {
  return value.replace(SECRET_PATTERN, "[secret]").replace(EMAIL_PATTERN, "[email]").replace(CARD_LIKE_PATTERN, "[number]");
}

/** A value safe to log: sensitive keys dropped, strings scrubbed, buffers and errors summarised, depth bounded. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return redactString(value);
  if (value instanceof Error) {
    return { name: value.name, message: redactString(value.message), ...(value.stack ? { stack: redactString(value.stack) } : {}) };
  }
  if (value === null || typeof value !== "object") return value;
  if (depth > 5) return "[nested]";
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return `[${value.length} bytes]`;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = SENSITIVE_KEY.test(key) ? REDACTED : redact(item, depth + 1);
  }
  return out;
}

export type LogSink = (line: string, level: Level) => void;

const defaultSink: LogSink = (line, level) => {
  if (level === "error" || level === "warn") process.stderr.write(line + "\n");
  else process.stdout.write(line + "\n");
};

let sink: LogSink = defaultSink;
/** The level of the line pino is writing now: pino writes synchronously, inside the log call. */
let writing: Level = "info";

/** Tests capture log lines with this; production never calls it. */
export function setLogSink(next: LogSink | undefined): void {
  sink = next ?? defaultSink;
}

const logger = pino(
  {
    level: "debug",
    base: null,
    messageKey: "msg",
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      level: (label) => ({ level: label }),
      log: (fields) => redact(fields) as Record<string, unknown>,
    },
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    hooks: {
      // The last net: whatever reached the finished line, no secret or e-mail address leaves it.
      streamWrite: (line) => line.replace(SECRET_PATTERN, "[secret]").replace(EMAIL_PATTERN, "[email]"),
    },
  },
  { write: (line: string) => sink(line.trimEnd(), writing) },
);

/** Read on every call, so a test (or an operator's restart) changing HOOKWARDEN_LOG_LEVEL takes effect at once. */
function threshold(): number {
  const configured = process.env.HOOKWARDEN_LOG_LEVEL as Level | "silent" | undefined;
  return ORDER[configured ?? "info"] ?? ORDER.info;
}

function write(level: Level, message: string, fields?: Record<string, unknown>): void {
  if (ORDER[level] < threshold()) return;
  writing = level;
  logger[level](fields ?? {}, redactString(message));
}

export const log = {
  debug: (message: string, fields?: Record<string, unknown>) => write("debug", message, fields),
  info: (message: string, fields?: Record<string, unknown>) => write("info", message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => write("warn", message, fields),
  error: (message: string, fields?: Record<string, unknown>) => write("error", message, fields),
};
