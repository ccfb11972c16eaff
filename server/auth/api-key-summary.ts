/** An API key as the console and the audit log may show it: never the key, never its hash. */
export type ApiKeySummary = {
  id: string;
  name: string;
  role: string;
  /** The public part of `hwk_<prefix>_...`: enough to recognise a key, useless to use one. */
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

export function apiKeySummary(row: { id: string; name: string; role: string; prefix: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null }): ApiKeySummary {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/** How a key is shown where its prefix is enough to tell it apart. */
export function maskedApiKey(prefix: string): string {
  return `hwk_${prefix}_…`;
}
