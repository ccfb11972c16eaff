import { pool } from "../db";
import { maskPayload } from "../masking/mask-payload";

/** One line of `hookwarden detect`'s output: a gatekeeper decision, a quarantine or a review item. */
export type DetectOutputLine = {
  /** On the replay's virtual clock. */
  at: string;
  /** A decision kind (server/gatekeeper/decisions.ts), `quarantine` or `review_item`. */
  kind: string;
  endpoint: string | null;
  subject: string;
  summary: string;
  explanation: Record<string, unknown>;
};

type DecisionRow = { id: string; at: Date; kind: string; endpoint: string | null; subject: string; summary: string; explanation: Record<string, unknown> };
type QuarantineRow = { event_id: string; created_at: Date; reason: string; evidence: unknown; subject: string | null; stripe_event_id: string; type: string; first_received_at: Date; endpoint: string };

const PAGE = 1_000;
/** The fraud review queue's table, when the installed schema has one. */
const REVIEW_TABLE = "review_item";

const iso = (value: unknown, fallback: string) => {
  const date = value instanceof Date ? value : typeof value === "string" ? new Date(value) : null;
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : fallback;
};

/**
 * What the gatekeeper and processing decided since the last look, oldest first: new rows of
 * `gatekeeper_decision` (by id), new quarantine items (at their event's virtual receive time, their evidence
 * masked as every payload is), and new review items if the schema has a review queue. Each is returned once.
 */
export class DecisionFeed {
  private lastDecisionId = "0";
  private quarantineSince = new Date(0);
  private readonly seenQuarantines = new Set<string>();
  private readonly seenReviews = new Set<string>();

  private constructor(private readonly hasReviews: boolean) {}

  static async open(): Promise<DecisionFeed> {
    const found = await pool().query<{ present: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS present`, [REVIEW_TABLE]);
    return new DecisionFeed(found.rows[0]?.present === true);
  }

  /** New lines since the last call; `virtualNow` dates review items that carry no time of their own. */
  async next(virtualNow: Date): Promise<DetectOutputLine[]> {
    const lines = [...(await this.decisions()), ...(await this.quarantines()), ...(this.hasReviews ? await this.reviews(virtualNow) : [])];
    return lines.sort((a, b) => a.at.localeCompare(b.at));
  }

  private async decisions(): Promise<DetectOutputLine[]> {
    const lines: DetectOutputLine[] = [];
    for (;;) {
      const { rows } = await pool().query<DecisionRow>(
        `SELECT d.id::text AS id, d.at, d.kind, e.name AS endpoint, d.subject, d.summary, d.explanation
         FROM gatekeeper_decision d LEFT JOIN endpoint e ON e.id = d.endpoint_id
         WHERE d.id > $1::bigint ORDER BY d.id LIMIT ${PAGE}`,
        [this.lastDecisionId],
      );
      for (const row of rows) lines.push({ at: row.at.toISOString(), kind: row.kind, endpoint: row.endpoint, subject: row.subject, summary: row.summary, explanation: row.explanation });
      if (rows.length > 0) this.lastDecisionId = rows[rows.length - 1]!.id;
      if (rows.length < PAGE) return lines;
    }
  }

  private async quarantines(): Promise<DetectOutputLine[]> {
    const { rows } = await pool().query<QuarantineRow>(
      `SELECT q.event_id, q.created_at, q.reason, q.evidence, q.subject, e.stripe_event_id, e.type, e.first_received_at, ep.name AS endpoint
       FROM quarantine_item q JOIN stripe_event e ON e.id = q.event_id JOIN endpoint ep ON ep.id = e.endpoint_id
       WHERE q.created_at >= $1 ORDER BY q.created_at, q.event_id`,
      [this.quarantineSince],
    );
    const lines: DetectOutputLine[] = [];
    for (const row of rows) {
      if (row.created_at > this.quarantineSince) this.quarantineSince = row.created_at;
      if (this.seenQuarantines.has(row.event_id)) continue;
      this.seenQuarantines.add(row.event_id);
      lines.push({
        at: row.first_received_at.toISOString(),
        kind: "quarantine",
        endpoint: row.endpoint,
        subject: `event:${row.stripe_event_id}`,
        summary: `${row.type} ${row.stripe_event_id} quarantined: ${row.reason}`,
        explanation: { reason: row.reason, eventType: row.type, registeredPayment: row.subject, evidence: maskPayload(row.evidence) },
      });
    }
    return lines;
  }

  private async reviews(virtualNow: Date): Promise<DetectOutputLine[]> {
    const { rows } = await pool().query<{ item: Record<string, unknown>; endpoint: string | null }>(
      `SELECT to_jsonb(r) AS item, (SELECT name FROM endpoint WHERE id::text = to_jsonb(r)->>'endpoint_id') AS endpoint FROM ${REVIEW_TABLE} r`,
    );
    const lines: DetectOutputLine[] = [];
    for (const { item, endpoint } of rows) {
      const id = String(item.id ?? JSON.stringify(item));
      if (this.seenReviews.has(id)) continue;
      this.seenReviews.add(id);
      const text = (key: string) => (typeof item[key] === "string" ? (item[key] as string) : null);
      const scored = typeof item.score === "number" ? `: score ${item.score}${text("level") ? ` (${text("level")})` : ""}` : "";
      lines.push({
        at: iso(item.opened_at ?? item.at ?? item.created_at, virtualNow.toISOString()),
        kind: "review_item",
        endpoint,
        subject: text("subject") ?? `review:${id}`,
        summary: `${text("kind") ?? "review"} item on ${text("subject_label") ?? text("subject") ?? id}${scored}, ${text("status") ?? "open"}`,
        explanation: maskPayload(item) as Record<string, unknown>,
      });
    }
    return lines;
  }
}
