/**
 * The one logger. Every line is JSON on stdout/stderr, and every value passes
 * through `redact` first: secrets (whsec_, sk_, rk_, hwk_ keys, bearer tokens),
 * e-mail addresses and card-like numbers are masked, and fields whose names say
 * they carry a payload, a body, a signature or a secret are dropped entirely.
 */
type Level = "debug" | "info" | "warn" | "error";
const ORDER: Record<Level | "silent", number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

const SENSITIVE_KEY = /payload|body|signature|secret|password|authorization|cookie|token|api[-_]?key|raw/i;
const SCRUBBERS: [RegExp, string][] = [
  [/\b(whsec|sk_live|sk_test|rk_live|rk_test|hwk)_[A-Za-z0-9_]+/g, "$1_[redacted]"],
  [/\bBearer\s+[A-Za-z0-9._~+/=-]+/gi, "Bearer [redacted]"],
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, "[email]"],
  [/\b(?:\d[ -]?){13,19}\b/g, "[number]"],
];

export function redactString(value: string): string {
  return SCRUBBERS.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), value);
}

export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return redactString(value);
  if (value instanceof Error) return { name: value.name, message: redactString(value.message) };
  if (value === null || typeof value !== "object") return value;
  if (depth > 5) return "[nested]";
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return `[${value.length} bytes]`;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = SENSITIVE_KEY.test(key) ? "[redacted]" : redact(item, depth + 1);
  }
  return out;
}

export type LogSink = (line: string, level: Level) => void;

const defaultSink: LogSink = (line, level) => {
  if (level === "error" || level === "warn") process.stderr.write(line + "\n");
  else process.stdout.write(line + "\n");
};

let sink: LogSink = defaultSink;

/** Tests capture log lines with this; production never calls it. */
export function setLogSink(next: LogSink | undefined): void {
  sink = next ?? defaultSink;
}

function threshold(): number {
  const configured = process.env.HOOKWARDEN_LOG_LEVEL as Level | "silent" | undefined;
  return ORDER[configured ?? "info"] ?? ORDER.info;
}

function write(level: Level, message: string, fields?: Record<string, unknown>): void {
  if (ORDER[level] < threshold()) return;
  const line = { level, time: new Date().toISOString(), msg: redactString(message), ...(redact(fields ?? {}) as object) };
  sink(JSON.stringify(line), level);
}

export const log = {
  debug: (message: string, fields?: Record<string, unknown>) => write("debug", message, fields),
  info: (message: string, fields?: Record<string, unknown>) => write("info", message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => write("warn", message, fields),
  error: (message: string, fields?: Record<string, unknown>) => write("error", message, fields),
};
