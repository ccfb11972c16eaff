/**
 * One error type for expected failures. `code` is stable and machine-readable,
 * `message` is safe to show to the caller; `internal` is for logs only and is
 * never sent in a response.
 */
export const ERROR_STATUS = {
  header_missing: 400,
  header_malformed: 400,
  signature_mismatch: 400,
  timestamp_outside_tolerance: 400,
  payload_invalid: 400,
  payload_too_large: 413,
  payload_incomplete: 400,
  endpoint_not_found: 404,
  source_not_allowed: 403,
  source_blocked: 429,
  shedding: 503,
  shutting_down: 503,
  not_found: 404,
  invalid_request: 422,
  malformed_path: 400,
  ambiguous: 409,
  unauthenticated: 401,
  forbidden: 403,
  forbidden_origin: 403,
  conflict: 409,
  raw_payload_gone: 410,
  rate_limited: 429,
  ledger_unavailable: 503,
  stripe_unavailable: 502,
  secret_unavailable: 502,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly internal?: string;
  /** Field-by-field problems of invalid input (safe to show). */
  readonly fields?: Record<string, string>;

  constructor(code: ErrorCode, message: string, options: { internal?: string; cause?: unknown; fields?: Record<string, string> } = {}) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.internal = options.internal;
    this.fields = options.fields;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** An invalid_request AppError from a zod error, with a message per field. */
export function invalidInput(issues: readonly { path: readonly PropertyKey[]; message: string }[]): AppError {
  const fields: Record<string, string> = {};
  for (const issue of issues) fields[issue.path.map(String).join(".") || "body"] ??= issue.message;
  const message = Object.entries(fields).map(([field, problem]) => `${field}: ${problem}`).join("; ");
  return new AppError("invalid_request", message, { fields });
}

/** True for a unique-constraint violation, from Prisma (P2002) or from pg (SQLSTATE 23505), e.g. a second user with the same e-mail address. */
export function isUniqueViolation(error: unknown): boolean {
  const code = typeof error === "object" && error !== null && "code" in error ? (error as { code: unknown }).code : undefined;
  return code === "P2002" || code === "23505";
}
