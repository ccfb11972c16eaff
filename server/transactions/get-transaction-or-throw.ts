import { prisma } from "../db";
import { AppError } from "../errors";
import { registeredTransaction } from "./register-transaction";
import { transactionSubject } from "./transaction-subject";

/** A registered payment, its state, and every event that touched it (applied or quarantined). */
export async function getTransactionOrThrow(reference: string) {
  const row = await prisma().transaction.findUnique({ where: { reference }, include: { links: { select: { objectId: true } } } });
  if (!row) throw new AppError("not_found", `No registered payment with reference ${reference}.`);
  const subject = transactionSubject(reference);
  const [effects, quarantined] = await Promise.all([
    prisma().effect.findMany({ where: { subject }, orderBy: { appliedAt: "asc" } }),
    prisma().quarantineItem.findMany({ where: { subject }, orderBy: { createdAt: "asc" } }),
  ]);
  const eventIds = [...effects.map((effect) => effect.eventId), ...quarantined.map((item) => item.eventId)];
  const events = await prisma().stripeEvent.findMany({
    where: { id: { in: eventIds } },
    select: { id: true, stripeEventId: true, type: true, status: true, stripeCreatedAt: true },
  });
  const byId = new Map(events.map((event) => [event.id, event]));
  return {
    ...registeredTransaction(row),
    paidBy: row.paidBy,
    paidAt: row.paidAt?.toISOString() ?? null,
    paidByCustomer: row.paidByCustomer,
    registeredAt: row.createdAt.toISOString(),
    amountRefunded: row.amountRefunded,
    failedAttempts: row.failedAttempts,
    lastDeclineCode: row.lastDeclineCode,
    dispute: row.disputeId ? { id: row.disputeId, status: row.disputeStatus } : null,
    linkedObjects: row.links.map((link) => link.objectId).sort(),
    events: [
      ...effects.map((effect) => ({ event: byId.get(effect.eventId), outcome: "applied", summary: effect.summary, at: effect.appliedAt })),
      ...quarantined.map((item) => ({ event: byId.get(item.eventId), outcome: `quarantined:${item.status}`, summary: item.reason, at: item.createdAt })),
    ]
      .sort((a, b) => a.at.getTime() - b.at.getTime())
      .map((entry) => ({
        id: entry.event?.stripeEventId ?? null,
        /** The ledger's id of the event: the console's /events/{ledgerId}. */
        ledgerId: entry.event?.id ?? null,
        type: entry.event?.type ?? null,
        status: entry.event?.status ?? null,
        stripeCreatedAt: entry.event?.stripeCreatedAt.toISOString() ?? null,
        outcome: entry.outcome,
        summary: entry.summary,
        at: entry.at.toISOString(),
      })),
  };
}
