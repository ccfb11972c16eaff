import { AppError } from "../errors";

/**
 * A request whose path is not valid percent-encoding (`%ZZ`, `%C3%28`: not UTF-8, `%` alone) has no
 * route: Next.js fails to decode it into a dynamic segment's parameter and answers a bare 500 (the
 * fuzzer found it on /api/stripe/webhook/{endpoint}). Our server (scripts/serve.ts) answers it 400
 * first, for every path, with the same headers as the API's own errors. The query string is not
 * looked at: Next.js reads it leniently.
 */
export function malformedPathRefusal(target: string | undefined): { status: number; headers: Record<string, string>; body: string } | null {
  const path = (target ?? "").split("?", 1)[0]!;
  try {
    decodeURIComponent(path);
    return null;
  } catch {
    const error = new AppError("malformed_path", "The request path is not valid percent-encoding.");
    return {
      status: error.status,
      headers: {
        "content-type": "application/json",
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
        "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
      },
      body: JSON.stringify({ error: { code: error.code, message: error.message } }),
    };
  }
}
