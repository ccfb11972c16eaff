import { userInfo } from "node:os";
import type { AuditContext } from "../../server/audit/audit-actor";

/** The CLI is trusted like the database itself (it holds DATABASE_URL); the audit log names it and the OS user. */
export function cliContext(): AuditContext {
  let who = "unknown";
  try {
    who = userInfo().username;
  } catch {
    // No passwd entry (some containers): the entry still says it came from the CLI.
  }
  return { actor: { kind: "cli", label: `cli:${who}` }, sourceAddress: null };
}
