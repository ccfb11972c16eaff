import { vi } from "vitest";
import type { RequestContext } from "@/server/auth/request-context";
import type { Role } from "@/server/auth/roles";
import type { SessionClaims } from "@/server/auth/session-claims";
import { userWithPassword } from "./users";

/**
 * Console code reads the request through server/auth/request-context.ts. Test files
 * that call pages, server actions or console routes replace that module with
 *   vi.mock("@/server/auth/request-context", () => ({ requestContext: vi.fn(), renewSessionCookie: vi.fn() }));
 * and then choose who is asking with `actAs`.
 */
export async function actAs(claims: SessionClaims | null, sourceAddress: string | null = "127.0.0.1"): Promise<void> {
  const { requestContext } = await import("@/server/auth/request-context");
  vi.mocked(requestContext).mockResolvedValue({ claims, sourceAddress } satisfies RequestContext);
}

/** A user of this role and the claims of a session they just opened. */
export async function sessionFor(role: Role, options: { mustChangePassword?: boolean } = {}) {
  const user = await userWithPassword(role, options);
  const claims: SessionClaims = { userId: user.id, sessionVersion: user.sessionVersion, authTime: Math.floor(Date.now() / 1000) };
  return { user, claims };
}

/** What Next.js's redirect() and notFound() throw, told apart. */
export function interruptOf(error: unknown): { redirect: string } | { status: number } | null {
  const digest = typeof error === "object" && error !== null && "digest" in error ? String((error as { digest: unknown }).digest) : "";
  const redirect = /^NEXT_REDIRECT;[^;]*;([^;]+);/.exec(digest);
  if (redirect) return { redirect: redirect[1]! };
  const fallback = /^NEXT_HTTP_ERROR_FALLBACK;(\d+)$/.exec(digest);
  return fallback ? { status: Number(fallback[1]) } : null;
}

/** Runs a page or a guard and says how it ended: rendered, redirected, or 404. */
export async function outcomeOf(work: () => Promise<unknown>): Promise<"rendered" | { redirect: string } | { status: number }> {
  try {
    await work();
    return "rendered";
  } catch (error) {
    const interrupt = interruptOf(error);
    if (!interrupt) throw error;
    return interrupt;
  }
}
