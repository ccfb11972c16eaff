/** Who performed an action, as the audit log records it. */
export type AuditActor =
  | { kind: "user"; id: string; label: string }
  | { kind: "api_key"; id: string; label: string }
  | { kind: "cli"; label: string }
  | { kind: "anonymous" }
  | { kind: "system" };

export const ACTOR_KINDS = ["user", "api_key", "cli", "anonymous", "system"] as const;

/** What every audited domain call receives besides its input: who, and from which address. */
export type AuditContext = { actor: AuditActor; sourceAddress: string | null };
