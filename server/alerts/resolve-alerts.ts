import { pool, type Sql } from "../db";
import { log } from "../log";
import type { AlertKind } from "./alert-kinds";

/** Which open alerts to resolve: every condition given must hold (at least one must be given). */
export type OpenAlertFilter = {
  /** `kind:subject`, as recordAlert keys them. */
  dedupKeys?: string[];
  kinds?: AlertKind[];
  /** Keeps the alerts about these subjects open (their condition still holds). */
  subjectsNotIn?: string[];
  /** Only the alerts not refreshed since this instant (their condition has been quiet since). */
  notRefreshedSince?: Date;
};

/**
 * Resolves every open alert the filter matches and enqueues each one's `resolved`
 * notification for the alert channels in the same statement. Every way an alert
 * closes goes through here, so none closes silently (server/alerts/alert-writes.test.ts
 * checks that no other code writes resolved_at). Returns how many it resolved.
 */
export async function resolveAlerts(filter: OpenAlertFilter, sql?: Sql): Promise<number> {
  const conditions: string[] = [];
  const values: unknown[] = [];
  const add = (condition: (placeholder: string) => string, value: unknown) => {
    values.push(value);
    conditions.push(condition(`$${values.length}`));
  };
  if (filter.dedupKeys) add((p) => `dedup_key = ANY(${p}::text[])`, filter.dedupKeys);
  if (filter.kinds) add((p) => `kind = ANY(${p}::text[])`, filter.kinds);
  if (filter.subjectsNotIn) add((p) => `NOT (coalesce(subject, '') = ANY(${p}::text[]))`, filter.subjectsNotIn);
  if (filter.notRefreshedSince) add((p) => `at < ${p}`, filter.notRefreshedSince);
  if (conditions.length === 0) throw new Error("resolveAlerts needs a filter: it never resolves every open alert");
  const text = `WITH resolved AS (
      UPDATE alert SET resolved_at = now() WHERE resolved_at IS NULL AND ${conditions.join(" AND ")} RETURNING id, kind, subject, severity
    ), queued AS (
      INSERT INTO alert_notification (alert_id, transition, severity) SELECT id, 'resolved', severity FROM resolved
    )
    SELECT kind, subject FROM resolved`;
  const rows = sql ? await sql.query<{ kind: string; subject: string | null }>(text, values) : (await pool().query<{ kind: string; subject: string | null }>(text, values)).rows;
  for (const row of rows) log.info("alert resolved", { kind: row.kind, subject: row.subject });
  return rows.length;
}
