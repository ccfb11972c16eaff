import { prisma } from "../db";
import { AppError } from "../errors";
import type { EventStatus } from "./event-status";

/** How callers name one ledger event: the console by its ledger id, the REST API by Stripe's id (and endpoint). */
export type EventRef = { ledgerId: string } | { stripeEventId: string; endpoint?: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The ledger row of an event: by ledger id, or by Stripe event id (on one endpoint when it arrived on several). */
export async function findLedgerEventOrThrow(ref: EventRef): Promise<{ id: string; stripeEventId: string; status: EventStatus }> {
  const select = { id: true, stripeEventId: true, status: true } as const;
  if ("ledgerId" in ref) {
    const row = UUID.test(ref.ledgerId) ? await prisma().stripeEvent.findUnique({ where: { id: ref.ledgerId }, select }) : null;
    if (!row) throw new AppError("not_found", "No such event in the ledger.");
    return { ...row, status: row.status as EventStatus };
  }
  const rows = await prisma().stripeEvent.findMany({
    where: { stripeEventId: ref.stripeEventId, ...(ref.endpoint ? { endpoint: { name: ref.endpoint } } : {}) },
    select,
    take: 2,
  });
  if (rows.length === 0) throw new AppError("not_found", `No event ${ref.stripeEventId} in the ledger.`);
  if (rows.length > 1) throw new AppError("ambiguous", `Event ${ref.stripeEventId} was received on several endpoints; add ?endpoint=<name>.`);
  return { ...rows[0]!, status: rows[0]!.status as EventStatus };
}
