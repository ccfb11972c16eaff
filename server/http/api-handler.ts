import { randomUUID } from "node:crypto";
import type { AuditContext } from "../audit/audit-actor";
import { authenticateApiKey, type ApiPrincipal } from "../auth/authenticate-api-key";
import { env } from "../env";
import { clientAddress } from "../intake/client-address";
import { ACTIONS, tagAction, type SignedInAction } from "../auth/permissions";
import { AppError, isAppError } from "../errors";
import { log } from "../log";

export function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", "cache-control": "no-store" } });
}

/** Reads a JSON request body (empty means `{}`); a body that is not JSON is a 422 like any other bad input. */
export async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError("invalid_request", "The request body must be JSON.", { fields: { body: "not JSON" } });
  }
}

/**
 * The answer to a failed request: an AppError's status and `{ error: { code, message } }`;
 * anything else a 500 with a correlation id, its details in the log only.
 */
export function errorResponse(request: Request, error: unknown): Response {
  if (isAppError(error)) {
    return jsonResponse(error.status, { error: { code: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}) } });
  }
  const correlationId = randomUUID();
  log.error("request failed", { correlationId, path: new URL(request.url).pathname, error });
  return jsonResponse(500, { error: { code: "internal", message: "Something went wrong.", correlationId } });
}

/**
 * Wraps a REST handler for one action of the registry (server/auth/permissions.ts):
 * authenticates the API key and checks the action's role on the server before
 * anything else runs, then maps errors to `{ error: { code, message } }`.
 * An unexpected error becomes a 500 with a correlation id; its details go to the log only.
 */
/** The API key that called, and how the audit log names it. */
export type ApiCaller = ApiPrincipal & { audit: AuditContext };

export function apiHandler<C>(action: SignedInAction, handler: (request: Request, principal: ApiCaller, context: C) => Promise<unknown>) {
  const required = ACTIONS[action].role;
  const wrapped = async (request: Request, context: C): Promise<Response> => {
    try {
      const principal = await authenticateApiKey(request.headers.get("authorization"), required);
      const audit: AuditContext = {
        actor: { kind: "api_key", id: principal.id, label: principal.name },
        sourceAddress: clientAddress(request.headers, env().HOOKWARDEN_TRUSTED_PROXIES),
      };
      const result = await handler(request, { ...principal, audit }, context);
      return result instanceof Response ? result : jsonResponse(200, result);
    } catch (error) {
      return errorResponse(request, error);
    }
  };
  return tagAction(wrapped, action, "api_key");
}
