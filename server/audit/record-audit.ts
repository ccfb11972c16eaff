import type { Prisma } from "../../generated/prisma/client";
import type { Sql } from "../db";
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
export async function recordAudit(tx: Prisma.TransactionClient | Sql, record: AuditRecord): Promise<void> {
  const { actor } = record;
  const values = [
    actor.kind,
    "id" in actor ? actor.id : null,
    "label" in actor ? actor.label.slice(0, 200) : null,
    record.action,
    record.subject ?? null,
    record.before === undefined || record.before === null ? null : JSON.stringify(record.before),
    record.after === undefined || record.after === null ? null : JSON.stringify(record.after),
    record.sourceAddress ?? null,
    record.detail?.slice(0, 1_000) ?? null,
  ];
  if ("query" in tx) {
    await tx.query(INSERT_AUDIT, values);
  } else {
    await tx.$executeRawUnsafe(INSERT_AUDIT, ...values);
  }
}

const INSERT_AUDIT = `INSERT INTO audit_entry (actor_kind, actor_id, actor_label, action, subject, before, after, source_address, detail)
  VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9)`;

/** How the ledger's event history names an actor: `user:<id>`, `api_key:<id>`, `cli`, `system`. */
export function actorName(actor: AuditActor): string {
  return "id" in actor ? `${actor.kind}:${actor.id}` : actor.kind;
}
