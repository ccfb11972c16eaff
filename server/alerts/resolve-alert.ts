import type { Sql } from "../db";
import type { AlertKind } from "./alert-kinds";
import { resolveAlerts } from "./resolve-alerts";

/**
 * Resolves the open alert of this kind and subject, if there is one (what recordAlert opened):
 * the condition it raised is over. Its `resolved` notification is enqueued in the same
 * statement. Returns whether one was open.
 */
export async function resolveAlert(kind: AlertKind, subject: string | null, sql?: Sql): Promise<boolean> {
  return (await resolveAlerts({ dedupKeys: [`${kind}:${subject ?? ""}`] }, sql)) > 0;
}
