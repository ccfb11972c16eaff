/**
 * The opaque cursor of the gatekeeper's lists that are not keyed by a ledger event: the last
 * row's (time, id), newest first. Decisions have bigint ids, so event-cursor.ts (uuid) does not fit.
 */
export type GatekeeperCursor = { at: Date; id: string };

export function encodeGatekeeperCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString("base64url");
}

/** The cursor's key, or null when the text is not a cursor we handed out. */
export function decodeGatekeeperCursor(cursor: string): GatekeeperCursor | null {
  const [iso, id, extra] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const at = new Date(iso ?? "");
  if (extra !== undefined || !id || !/^[0-9]{1,19}$/.test(id) || Number.isNaN(at.getTime())) return null;
  return { at, id };
}
