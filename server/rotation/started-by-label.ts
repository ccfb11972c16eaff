import type { AuditContext } from "../audit/audit-actor";

/** Who started a rotation, as the rotation's page shows it: a user's e-mail, an API key's name, `cli`, `system`. */
export function startedByLabel(context: AuditContext): string {
  return "label" in context.actor ? context.actor.label : context.actor.kind;
}
