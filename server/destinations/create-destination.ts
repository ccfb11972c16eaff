import type { AuditContext } from "../audit/audit-actor";
import { recordAudit } from "../audit/record-audit";
import { fingerprint } from "../crypto/cipher";
import { sealAtRest } from "../crypto/keys";
import { withTransaction } from "../db";
import { AppError, invalidInput, isUniqueViolation } from "../errors";
import { CreateDestinationSchema, type CreateDestination } from "./destination-input";
import { newDestinationSecret } from "./destination-signing";
import { auditedDestination, destinationSummary, type DestinationSummary } from "./destination-summary";
import { findDestinationOrThrow } from "./find-destination";

/**
 * Adds a destination to an endpoint: from now on, each processed event of a matching type is
 * delivered to it. Its signing secret is made here and returned in this answer only (then only
 * its fingerprint). Reaching internal addresses needs the admin's explicit `allowInternal`.
 * The audit entry commits with the row; invalid input or a name taken stores nothing.
 */
export async function createDestination(input: CreateDestination | unknown, context: AuditContext): Promise<DestinationSummary & { signingSecret: string }> {
  const parsed = CreateDestinationSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const destination = parsed.data;
  const secret = newDestinationSecret();
  try {
    return await withTransaction(async (sql) => {
      const endpoint = await sql.query<{ id: string }>(`SELECT id FROM endpoint WHERE name = $1`, [destination.endpoint]);
      if (!endpoint[0]) throw new AppError("endpoint_not_found", `No endpoint named "${destination.endpoint.slice(0, 100)}".`);
      const inserted = await sql.query<{ id: string }>(
        `INSERT INTO destination (id, endpoint_id, name, url, event_types, forward_released, allow_internal, secret_ciphertext, secret_fingerprint)
         VALUES (gen_random_uuid(), $1::uuid, $2, $3, $4::text[], $5, $6, $7, $8) RETURNING id`,
        [endpoint[0].id, destination.name, destination.url, destination.eventTypes, destination.forwardReleased, destination.allowInternal, sealAtRest(secret), fingerprint(secret)],
      );
      const summary = destinationSummary(await findDestinationOrThrow(inserted[0]!.id, sql));
      await recordAudit(sql, { ...context, action: "destinations.create", subject: `destination:${summary.endpoint}/${summary.name}`, after: auditedDestination(summary) });
      return { ...summary, signingSecret: secret };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("conflict", `Endpoint "${destination.endpoint}" has a destination named "${destination.name}" already: choose another name.`, { fields: { name: "this name is taken" } });
    throw error;
  }
}
