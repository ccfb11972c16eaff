import type { Prisma } from "../../generated/prisma/client";
import type { AuditAction } from "../auth/permissions";
import type { AuditActor } from "./audit-actor";

export type AuditRecord = {
  actor: AuditActor;
  action: AuditAction;
  /** What the action was about: `user:<id>`, `event:<stripe id>`, ... */
  subject?: string | null;
  /** State before and after, as plain JSON. Never a password, hash, secret or payload. */
  before?: Prisma.InputJsonValue | null;
  after?: Prisma.InputJsonValue | null;
  sourceAddress?: string | null;
  detail?: string | null;
};

/**
 * Appends one entry to the audit log in the caller's transaction, so an action and
 * its record commit together or not at all (invariant 5). The table refuses updates
 * and deletes, so an entry, once written, stays as written.
 */
export async function recordAudit(tx: Prisma.TransactionClient, record: AuditRecord): Promise<void> {
  const { actor } = record;
  await tx.auditEntry.create({
    data: {
      actorKind: actor.kind,
      actorId: "id" in actor ? actor.id : null,
      actorLabel: "label" in actor ? actor.label.slice(0, 200) : null,
      action: record.action,
      subject: record.subject ?? null,
      before: record.before ?? undefined,
      after: record.after ?? undefined,
      sourceAddress: record.sourceAddress ?? null,
      detail: record.detail?.slice(0, 1_000) ?? null,
    },
  });
}
