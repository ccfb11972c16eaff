import type { AuditContext } from "../audit/audit-actor";
import { recordAudit } from "../audit/record-audit";
import { withTransaction } from "../db";
import { invalidInput } from "../errors";
import { destinationUrlProblem } from "./destination-address";
import { UpdateDestinationSchema, type UpdateDestination } from "./destination-input";
import { auditedDestination, destinationSummary, type DestinationSummary } from "./destination-summary";
import { findDestinationOrThrow } from "./find-destination";

/**
 * Changes a destination's URL, event types, forwarding of released events or permission to
 * reach internal addresses; only the fields given change. The URL is checked against the
 * permission it will have after the change. Deliveries already written keep their destination
 * (a narrower type list does not withdraw them). Audited with before and after.
 */
export async function updateDestination(input: UpdateDestination | unknown, context: AuditContext): Promise<DestinationSummary> {
  const parsed = UpdateDestinationSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const change = parsed.data;
  return withTransaction(async (sql) => {
    const row = await findDestinationOrThrow(change.destination, sql, true);
    const before = destinationSummary(row);
    const url = change.url ?? row.url;
    const allowInternal = change.allowInternal ?? row.allow_internal;
    const problem = destinationUrlProblem(url, allowInternal);
    if (problem) throw invalidInput([{ path: ["url"], message: `url ${problem}` }]);
    await sql.query(`UPDATE destination SET url = $2, event_types = $3::text[], forward_released = $4, allow_internal = $5, updated_at = now() WHERE id = $1::uuid`, [
      row.id,
      url,
      change.eventTypes ?? row.event_types,
      change.forwardReleased ?? row.forward_released,
      allowInternal,
    ]);
    const after = destinationSummary(await findDestinationOrThrow(row.id, sql));
    await recordAudit(sql, { ...context, action: "destinations.update", subject: `destination:${after.endpoint}/${after.name}`, before: auditedDestination(before), after: auditedDestination(after) });
    return after;
  });
}
