import type { AuditContext } from "../audit/audit-actor";
import { recordAudit } from "../audit/record-audit";
import { resolveAlerts } from "../alerts/resolve-alerts";
import { withTransaction } from "../db";
import { env } from "../env";
import { AppError, invalidInput } from "../errors";
import { destinationAlertSubject } from "./destination-alerts";
import { DestinationReasonSchema, DestinationRefSchema, type DestinationReason } from "./destination-input";
import { destinationSummary, type DestinationSummary } from "./destination-summary";
import { findDestinationOrThrow } from "./find-destination";
import { z } from "zod";

/** Pauses a destination, with a reason: nothing is sent to it, its deliveries wait (and do not age towards dead). */
export async function pauseDestination(input: DestinationReason | unknown, context: AuditContext): Promise<DestinationSummary> {
  const parsed = DestinationReasonSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  return withTransaction(async (sql) => {
    const row = await findDestinationOrThrow(parsed.data.destination, sql, true);
    if (row.state === "paused") throw new AppError("conflict", `"${row.endpoint_name}/${row.name}" is paused already (${row.paused_reason ?? "no reason"}).`);
    await sql.query(`UPDATE destination SET state = 'paused', paused_at = now(), paused_reason = $2, updated_at = now() WHERE id = $1::uuid`, [row.id, parsed.data.reason]);
    await recordAudit(sql, { ...context, action: "destinations.pause", subject: destinationAlertSubject(row.endpoint_name, row.name), before: { state: "active" }, after: { state: "paused" }, detail: parsed.data.reason });
    return destinationSummary(await findDestinationOrThrow(row.id, sql));
  });
}

const ResumeSchema = z.object({ destination: DestinationRefSchema });

/**
 * Resumes a paused destination: its backlog is due at once, in order, and each waiting delivery
 * gets a fresh retry window (a pause must not turn a backlog into dead deliveries). The failure
 * run starts over, and the `destination_paused` alert resolves.
 */
export async function resumeDestination(input: { destination: string } | unknown, context: AuditContext): Promise<DestinationSummary & { backlog: number }> {
  const parsed = ResumeSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  return withTransaction(async (sql) => {
    const row = await findDestinationOrThrow(parsed.data.destination, sql, true);
    if (row.state !== "paused") throw new AppError("conflict", `"${row.endpoint_name}/${row.name}" is not paused.`);
    await sql.query(`UPDATE destination SET state = 'active', paused_at = NULL, paused_reason = NULL, failing_since = NULL, consecutive_failures = 0, updated_at = now() WHERE id = $1::uuid`, [row.id]);
    const backlog = await sql.query<{ n: number }>(
      `WITH resumed AS (
         UPDATE destination_delivery SET next_attempt_at = now(), lease_until = NULL,
                deadline = greatest(deadline, now() + make_interval(hours => $2::int))
          WHERE destination_id = $1::uuid AND status = 'pending' RETURNING id
       ) SELECT count(*)::int AS n FROM resumed`,
      [row.id, env().HOOKWARDEN_DESTINATION_RETRY_HOURS],
    );
    const subject = destinationAlertSubject(row.endpoint_name, row.name);
    await recordAudit(sql, { ...context, action: "destinations.resume", subject, before: { state: "paused", reason: row.paused_reason }, after: { state: "active", backlog: backlog[0]!.n } });
    await resolveAlerts({ dedupKeys: [`destination_paused:${subject}`] }, sql);
    return { ...destinationSummary(await findDestinationOrThrow(row.id, sql)), backlog: backlog[0]!.n };
  });
}
