import { pool } from "../../db";

const TOKEN = /\b(user|api_key):([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/g;

const FIXED: Record<string, string> = { gatekeeper: "the gatekeeper", cli: "the command line", system: "Hookwarden" };

export type ActorLabels = {
  /** How a person reads an actor name (`user:<id>` → the user's e-mail address, `api_key:<id>` → the key's name). */
  of(name: string | null): string | null;
  /** The text with every `user:<id>` and `api_key:<id>` in it replaced by its label. */
  inText(text: string): string;
};

/**
 * Breaker rows, decisions and event histories name who acted as `user:<id>`, `api_key:<id>`,
 * `cli` or `gatekeeper` (see actorName). This reads the names of the users and API keys these
 * texts mention, in two indexed lookups, so that the console and the CLI can say who.
 */
export async function actorLabels(texts: Iterable<string | null | undefined>): Promise<ActorLabels> {
  const users = new Set<string>();
  const keys = new Set<string>();
  for (const text of texts) {
    if (!text) continue;
    for (const match of text.matchAll(TOKEN)) (match[1] === "user" ? users : keys).add(match[2]!);
  }
  const labels = new Map<string, string>();
  const [userRows, keyRows] = await Promise.all([
    users.size ? pool().query<{ id: string; email: string }>(`SELECT id, email FROM app_user WHERE id = ANY($1::uuid[])`, [[...users]]) : null,
    keys.size ? pool().query<{ id: string; name: string }>(`SELECT id, name FROM api_key WHERE id = ANY($1::uuid[])`, [[...keys]]) : null,
  ]);
  for (const row of userRows?.rows ?? []) labels.set(`user:${row.id}`, row.email);
  for (const row of keyRows?.rows ?? []) labels.set(`api_key:${row.id}`, `API key "${row.name}"`);
  return {
    of: (name) => (name === null ? null : (labels.get(name) ?? FIXED[name] ?? name)),
    inText: (text) => text.replace(TOKEN, (token) => labels.get(token) ?? token),
  };
}
