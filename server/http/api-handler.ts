import { randomUUID } from "node:crypto";
import { authenticateApiKey, type ApiPrincipal } from "../auth/authenticate-api-key";
import type { Role } from "../auth/roles";
import { isAppError } from "../errors";
import { log } from "../log";

export function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", "cache-control": "no-store" } });
}

/**
 * Wraps a REST handler: authenticates the API key and checks the role on the
 * server before anything else runs, then maps errors to `{ error: { code, message } }`.
 * An unexpected error becomes a 500 with a correlation id; its details go to the log only.
 */
export function apiHandler<C>(required: Role, handler: (request: Request, principal: ApiPrincipal, context: C) => Promise<unknown>) {
  return async (request: Request, context: C): Promise<Response> => {
    try {
      const principal = await authenticateApiKey(request.headers.get("authorization"), required);
      return jsonResponse(200, await handler(request, principal, context));
    } catch (error) {
      if (isAppError(error)) return jsonResponse(error.status, { error: { code: error.code, message: error.message } });
      const correlationId = randomUUID();
      log.error("api request failed", { correlationId, path: new URL(request.url).pathname, error });
      return jsonResponse(500, { error: { code: "internal", message: "Something went wrong.", correlationId } });
    }
  };
}
