import { prisma } from "../db";
import { AppError } from "../errors";
import type { EventStatus } from "./event-status";

/** The ledger row of a Stripe event id (on one endpoint when it arrived on several). */
export async function findLedgerEventOrThrow(stripeEventId: string, endpointName?: string): Promise<{ id: string; status: EventStatus }> {
  const rows = await prisma().stripeEvent.findMany({
    where: { stripeEventId, ...(endpointName ? { endpoint: { name: endpointName } } : {}) },
    select: { id: true, status: true },
    take: 2,
  });
  if (rows.length === 0) throw new AppError("not_found", `No event ${stripeEventId} in the ledger.`);
  if (rows.length > 1) throw new AppError("ambiguous", `Event ${stripeEventId} was received on several endpoints; add ?endpoint=<name>.`);
  return { id: rows[0]!.id, status: rows[0]!.status as EventStatus };
}
