import type { Prisma } from "../../generated/prisma/client";
import { prisma } from "../db";
import { accountKey, addressKey } from "./sign-in-keys";
import { SIGN_IN_LIMITS } from "./sign-in-limits";

export type Reservation =
  | { ok: true; attemptId: bigint; accountKey: string }
  | { ok: false; scope: "account" | "address"; retryAfterSeconds: number };

/**
 * Reserves one password check against the sign-in rate limit, before the password
 * is looked at. Reservations of one account (and of one address) are serialised by
 * advisory locks held for this short transaction only, so each one counts every
 * attempt before it: however many run at once, exactly the limit get through.
 * A refused attempt records nothing (it does not extend the lock-out); an allowed
 * one stays recorded as a failure until `clearSignInAttempts` removes it on success.
 */
export async function reserveSignInAttempt(email: string, sourceAddress: string | null): Promise<Reservation> {
  const account = accountKey(email);
  const address = addressKey(sourceAddress);
  const { windowSeconds, perAccount, perAddress } = SIGN_IN_LIMITS;
  return prisma().$transaction(async (tx) => {
    // Always the account's lock first, then the address's: no two reservations wait on each other in a cycle.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`sign-in account ${account}`}, 0))`;
    if (address) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`sign-in address ${address}`}, 0))`;
    // The limit-th most recent attempt in the window, if there is one, means the limit is reached:
    // the account (or address) is free again once that attempt leaves the window.
    const [window] = await tx.$queryRaw<{ account_free_at: Date | null; address_free_at: Date | null; now: Date }[]>`
      SELECT
        (SELECT at + make_interval(secs => ${windowSeconds}) FROM sign_in_attempt
          WHERE account_key = ${account} AND at > clock_timestamp() - make_interval(secs => ${windowSeconds})
          ORDER BY at DESC OFFSET ${perAccount - 1} LIMIT 1) AS account_free_at,
        (SELECT at + make_interval(secs => ${windowSeconds}) FROM sign_in_attempt
          WHERE source_address = ${address} AND at > clock_timestamp() - make_interval(secs => ${windowSeconds})
          ORDER BY at DESC OFFSET ${perAddress - 1} LIMIT 1) AS address_free_at,
        clock_timestamp() AS now`;
    const scope = window!.account_free_at ? ("account" as const) : window!.address_free_at ? ("address" as const) : null;
    if (scope) {
      const freeAt = Math.max(window!.account_free_at?.getTime() ?? 0, window!.address_free_at?.getTime() ?? 0);
      return { ok: false, scope, retryAfterSeconds: Math.max(1, Math.ceil((freeAt - window!.now.getTime()) / 1000)) };
    }
    const [mine] = await tx.$queryRaw<{ id: bigint }[]>`
      INSERT INTO sign_in_attempt (at, account_key, source_address) VALUES (clock_timestamp(), ${account}, ${address}) RETURNING id`;
    return { ok: true, attemptId: mine!.id, accountKey: account };
  });
}

/** On a successful password check: the account's failures are forgotten (its address's are not). */
export async function clearSignInAttempts(tx: Prisma.TransactionClient, reservation: { accountKey: string }): Promise<void> {
  await tx.signInAttempt.deleteMany({ where: { accountKey: reservation.accountKey } });
}

/** Attempts older than a day count for nothing; they are removed as failures are recorded. */
export async function forgetOldSignInAttempts(): Promise<void> {
  await prisma().$executeRaw`DELETE FROM sign_in_attempt WHERE at < clock_timestamp() - interval '1 day'`;
}
