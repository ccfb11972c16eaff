import { z } from "zod";
import type { Prisma } from "../../generated/prisma/client";
import { prisma } from "../db";
import { AppError, invalidInput } from "../errors";

/** An ISO 8601 time; a browser's `datetime-local` value (no offset, maybe no seconds) is read as UTC. */
const UtcTime = (name: string) =>
  z
    .string()
    .trim()
    .transform((value) => (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value) ? `${value.length === 16 ? `${value}:00` : value}Z` : value))
    .pipe(z.iso.datetime({ offset: true, error: `${name} must be an ISO 8601 time` }));

export const ListAuditSchema = z.object({
  /** A user's e-mail address (or an API key's name), or the actor's id. */
  actor: z.string().trim().max(320).optional(),
  /** An action name such as `users.change_role`, or a prefix wildcard such as `auth.*`. */
  action: z
    .string()
    .trim()
    .regex(/^[a-z_]+(\.[a-z_]+)?$|^[a-z_]+\.\*$/, "action is a name such as users.change_role, or a wildcard such as auth.*")
    .optional(),
  subject: z.string().trim().max(200).optional(),
  from: UtcTime("from").optional(),
  to: UtcTime("to").optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
});
export type ListAuditQuery = z.input<typeof ListAuditSchema>;

export type AuditListItem = {
  id: string;
  at: string;
  actorKind: string;
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  subject: string | null;
  before: unknown;
  after: unknown;
  sourceAddress: string | null;
  detail: string | null;
};

function encodeCursor(at: Date, id: bigint): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString("base64url");
}

function decodeCursor(cursor: string): { at: Date; id: bigint } {
  const [iso, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const at = new Date(iso ?? "");
  if (!id || !/^[0-9]{1,19}$/.test(id) || Number.isNaN(at.getTime())) throw new AppError("invalid_request", "cursor is not one this list returned");
  return { at, id: BigInt(id) };
}

/** The filters of a query, as Prisma conditions (shared by the list and the CSV export). */
export function auditWhere(query: z.output<typeof ListAuditSchema>): Prisma.AuditEntryWhereInput[] {
  const where: Prisma.AuditEntryWhereInput[] = [];
  if (query.actor) where.push({ OR: [{ actorId: query.actor }, { actorLabel: query.actor.includes("@") ? query.actor.toLowerCase() : query.actor }] });
  if (query.action) where.push(query.action.endsWith(".*") ? { action: { startsWith: query.action.slice(0, -1) } } : { action: query.action });
  if (query.subject) where.push({ subject: query.subject });
  if (query.from) where.push({ at: { gte: new Date(query.from) } });
  if (query.to) where.push({ at: { lt: new Date(query.to) } });
  return where;
}

export function parseAuditQuery(query: ListAuditQuery): z.output<typeof ListAuditSchema> {
  // An empty field of the filter form means "any".
  const given = Object.fromEntries(Object.entries(query).filter(([, value]) => value !== "" && value !== undefined));
  const parsed = ListAuditSchema.safeParse(given);
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  return parsed.data;
}

/** Audit entries, newest first, filtered, with keyset pagination on (at, id): stable and fast at any depth. */
export async function listAudit(query: ListAuditQuery): Promise<{ data: AuditListItem[]; nextCursor: string | null }> {
  const parsed = parseAuditQuery(query);
  const where = auditWhere(parsed);
  if (parsed.cursor) {
    const after = decodeCursor(parsed.cursor);
    where.push({ OR: [{ at: { lt: after.at } }, { at: after.at, id: { lt: after.id } }] });
  }
  const rows = await prisma().auditEntry.findMany({
    where: { AND: where },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: parsed.limit + 1,
  });
  const page = rows.slice(0, parsed.limit);
  const last = page.at(-1);
  return {
    data: page.map((row) => ({
      id: row.id.toString(),
      at: row.at.toISOString(),
      actorKind: row.actorKind,
      actorId: row.actorId,
      actorLabel: row.actorLabel,
      action: row.action,
      subject: row.subject,
      before: row.before,
      after: row.after,
      sourceAddress: row.sourceAddress,
      detail: row.detail,
    })),
    nextCursor: rows.length > parsed.limit && last ? encodeCursor(last.at, last.id) : null,
  };
}
