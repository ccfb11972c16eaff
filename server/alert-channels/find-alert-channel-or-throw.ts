import type { Prisma } from "../../generated/prisma/client";
import { prisma } from "../db";
import { AppError } from "../errors";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Which row `idOrName` names: a channel id, or else a channel's name. */
export function alertChannelWhere(idOrName: string): Prisma.AlertChannelWhereUniqueInput {
  return UUID.test(idOrName) ? { id: idOrName.toLowerCase() } : { name: idOrName };
}

/** The channel with this id or name; a not_found AppError (404) when there is none. */
export async function findAlertChannelOrThrow<S extends Prisma.AlertChannelSelect>(idOrName: string, select: S, tx: Prisma.TransactionClient = prisma()) {
  const row = await tx.alertChannel.findUnique({ where: alertChannelWhere(idOrName), select });
  if (!row) throw new AppError("not_found", `No alert channel with the id or name "${idOrName.slice(0, 100)}".`);
  return row as Prisma.AlertChannelGetPayload<{ select: S }>;
}
