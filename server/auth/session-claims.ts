import { z } from "zod";

/**
 * What a session token carries: who, which session version, and when they signed in.
 * No role, name or e-mail address: those are read from the database on every request.
 */
export const SessionClaimsSchema = z.object({
  userId: z.uuid(),
  sessionVersion: z.number().int(),
  /** Sign-in time, seconds since the epoch: the 12-hour limit counts from here. */
  authTime: z.number().int(),
});
export type SessionClaims = z.infer<typeof SessionClaimsSchema>;

/** The claims of a decoded session token (next-auth's JWT), or null when it is not one of ours. */
export function sessionClaims(token: Record<string, unknown> | null | undefined): SessionClaims | null {
  const parsed = SessionClaimsSchema.safeParse({ userId: token?.sub, sessionVersion: token?.sv, authTime: token?.authTime });
  return parsed.success ? parsed.data : null;
}
