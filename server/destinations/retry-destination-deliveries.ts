import type { AuditContext } from "../audit/audit-actor";
import { recordAudit } from "../audit/record-audit";
import { resolveAlerts } from "../alerts/resolve-alerts";
import { withTransaction } from "../db";
import { env } from "../env";
import { invalidInput } from "../errors";
import { destinationAlertSubject } from "./destination-alerts";
import { RetryDeliveriesSchema, type RetryDeliveries } from "./destination-input";
import { findDestinationOrThrow } from "./find-destination";

/**
 * Sends again, at once, a destination's dead deliveries (or, with `which: "failing"`, the pending
 * ones that have failed at least once) written within [from, to), with a reason. Each gets a
 * fresh retry window and keeps its message id, so a receiver that did get an earlier attempt
 * recognises it. When no dead delivery is left, the `destination_dead` alert resolves.
 */
export async function retryDestinationDeliveries(input: RetryDeliveries | unknown, context: AuditContext): Promise<{ retried: number }> {
  const parsed = RetryDeliveriesSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const { destination, reason, from, to, which } = parsed.data;
  return withTransaction(async (sql) => {
    const row = await findDestinationOrThrow(destination, sql, true);
    const retried = await sql.query<{ n: number }>(
      `WITH retried AS (
         UPDATE destination_delivery SET status = 'pending', next_attempt_at = now(), lease_until = NULL,
                deadline = greatest(deadline, now() + make_interval(hours => $2::int))
          WHERE destination_id = $1::uuid
            AND (($3 = 'dead' AND status = 'dead') OR ($3 = 'failing' AND status = 'pending' AND attempts > 0))
            AND ($4::timestamptz IS NULL OR created_at >= $4) AND ($5::timestamptz IS NULL OR created_at < $5)
         RETURNING id
       ) SELECT count(*)::int AS n FROM retried`,
      [row.id, env().HOOKWARDEN_DESTINATION_RETRY_HOURS, which, from ?? null, to ?? null],
    );
    const count = retried[0]!.n;
    const subject = destinationAlertSubject(row.endpoint_name, row.name);
    await recordAudit(sql, { ...context, action: "destinations.retry", subject, after: { which, from: from?.toISOString() ?? null, to: to?.toISOString() ?? null, retried: count }, detail: reason });
    const deadLeft = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM destination_delivery WHERE destination_id = $1::uuid AND status = 'dead'`, [row.id]);
    if (deadLeft[0]!.n === 0) await resolveAlerts({ dedupKeys: [`destination_dead:${subject}`] }, sql);
    return { retried: count };
  });
}
