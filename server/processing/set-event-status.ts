import type { Prisma } from "../../generated/prisma/client";
import type { EventStatus } from "../ledger/event-status";

export type StatusChange = {
  to: EventStatus;
  reason: string;
  actor?: string;
  /** Extra columns to set with the status. */
  fields?: Prisma.StripeEventUpdateInput;
};

/**
 * Moves an event to a new status and records the change with its reason, in the
 * caller's transaction: an event's history is complete by construction.
 */
export async function setEventStatus(tx: Prisma.TransactionClient, eventId: string, from: EventStatus | null, change: StatusChange): Promise<void> {
  await tx.stripeEvent.update({ where: { id: eventId }, data: { status: change.to, ...change.fields } });
  await tx.eventStatusChange.create({
    data: { eventId, fromStatus: from, toStatus: change.to, reason: change.reason.slice(0, 500), actor: change.actor ?? "system" },
  });
}
