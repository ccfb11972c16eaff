import { randomUUID } from "node:crypto";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import type { AuditContext } from "../audit/audit-actor";
import { invalidInput, isAppError, type ErrorCode } from "../errors";
import { log } from "../log";
import { authorizeUser } from "./authorize-user";
import { tagAction, type ActionName, type SignedInAction } from "./permissions";
import { requestContext } from "./request-context";
import type { SignedInUser } from "./signed-in-user";

export type ActionError = { code: ErrorCode; message: string; fields?: Record<string, string> };
export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: ActionError };
export type ActionContext = { user: SignedInUser; audit: AuditContext };

/** The signed-in user as the audit log names them, with the request's address. */
export function userContext(user: SignedInUser, sourceAddress: string | null): ActionContext {
  return { user, audit: { actor: { kind: "user", id: user.id, label: user.email }, sourceAddress } };
}

/** A form submission becomes a plain object; anything else is taken as it is. */
function plain(input: unknown): unknown {
  return input instanceof FormData ? Object.fromEntries([...input.entries()].filter(([, value]) => typeof value === "string")) : input;
}

/** Expected failures become results; anything else is logged (masked) and thrown to error.tsx with a reference only. */
async function settle<T>(name: ActionName, work: () => Promise<ActionResult<T>>): Promise<ActionResult<T>> {
  try {
    return await work();
  } catch (error) {
    unstable_rethrow(error);
    if (isAppError(error)) return { ok: false, error: { code: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}) } };
    const correlationId = randomUUID();
    log.error("console action failed", { action: name, correlationId, error });
    throw new Error(`Something went wrong (reference ${correlationId}).`);
  }
}

/**
 * A server action for one action of the registry. On every call, before the input is
 * even parsed: the session is re-read and the user's role checked against the
 * registry (authorizeUser). Then the input is validated with the schema, and `fn`
 * runs with the user and the audit context. Returns `{ ok: true, data }` or
 * `{ ok: false, error }` for expected failures (signed out, forbidden, bad input,
 * conflicts); accepts a FormData or a plain object.
 */
export function defineAction<S extends z.ZodType, T>(name: SignedInAction, schema: S, fn: (input: z.output<S>, context: ActionContext) => Promise<T>) {
  const action = async (input: unknown): Promise<ActionResult<T>> =>
    settle(name, async () => {
      const request = await requestContext();
      const authorization = await authorizeUser(request.claims, name);
      if (!authorization.ok) return { ok: false, error: { code: authorization.code, message: authorization.message } };
      const parsed = schema.safeParse(plain(input));
      if (!parsed.success) throw invalidInput(parsed.error.issues);
      const data = await fn(parsed.data, userContext(authorization.user, request.sourceAddress));
      return { ok: true, data };
    });
  return tagAction(action, name, "session");
}

/**
 * A server action that needs no session: for the registry's self-guarded actions
 * (role null), whose domain function enforces its own rule (e.g. /setup: no user yet,
 * this machine only).
 */
export function definePublicAction<S extends z.ZodType, T>(
  name: Exclude<ActionName, SignedInAction>,
  schema: S,
  fn: (input: z.output<S>, context: { sourceAddress: string | null }) => Promise<T>,
) {
  const action = async (input: unknown): Promise<ActionResult<T>> =>
    settle(name, async () => {
      const request = await requestContext();
      const parsed = schema.safeParse(plain(input));
      if (!parsed.success) throw invalidInput(parsed.error.issues);
      return { ok: true, data: await fn(parsed.data, { sourceAddress: request.sourceAddress }) };
    });
  return tagAction(action, name, "none");
}
