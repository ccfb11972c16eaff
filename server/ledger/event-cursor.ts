/**
 * The opaque cursor of the console's lists: the last row's (time, ledger id), the key a
 * list is ordered by, newest first (an event's first receipt; a quarantine item's
 * creation). Keyset pagination costs the same at any depth, and rows that arrive
 * meanwhile never shift a page.
 */
export type EventCursor = { receivedAt: Date; id: string };

export function encodeEventCursor(receivedAt: Date, id: string): string {
  return Buffer.from(`${receivedAt.toISOString()}|${id}`).toString("base64url");
}

/** The cursor's key, or null when the text is not a cursor we handed out. */
export function decodeEventCursor(cursor: string): EventCursor | null {
  const [iso, id, extra] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const receivedAt = new Date(iso ?? "");
  if (extra !== undefined || !id || Number.isNaN(receivedAt.getTime()) || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) return null;
  return { receivedAt, id };
}
