import { recordAudit } from "../audit/record-audit";
import { prisma } from "../db";
import type { SessionClaims } from "./session-claims";

/**
 * Signing out ends every session of the user, not only this browser's: session
 * tokens are self-contained, so the only way to make a copied token worthless is to
 * bump the session version it carries. A token that is already stale changes nothing.
 */
export async function signOutUser(claims: SessionClaims, sourceAddress: string | null): Promise<void> {
  await prisma().$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({ where: { id: claims.userId, sessionVersion: claims.sessionVersion }, data: { sessionVersion: { increment: 1 } } });
    if (count === 0) return;
    const user = await tx.user.findUniqueOrThrow({ where: { id: claims.userId } });
    await recordAudit(tx, { actor: { kind: "user", id: user.id, label: user.email }, action: "auth.sign_out", subject: `user:${user.id}`, sourceAddress });
  });
}
