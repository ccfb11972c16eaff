import { z } from "zod";
import { pool } from "../../db";
import { EndpointNameSchema } from "../../endpoints/endpoint-name";
import { invalidInput } from "../../errors";
import { DECISION_KINDS, type DecisionKind } from "../decisions";
import { actorLabels } from "./actor-labels";
import { decodeGatekeeperCursor, encodeGatekeeperCursor } from "./gatekeeper-cursor";

const KINDS = Object.keys(DECISION_KINDS) as [DecisionKind, ...DecisionKind[]];

const kindList = z.preprocess(
  (value) => (typeof value === "string" ? value.split(",").map((item) => item.trim()).filter(Boolean) : value),
  z.array(z.enum(KINDS, { error: `kind must be one of ${KINDS.join(", ")}` })),
);

export const DecisionQuerySchema = z
  .object({
    /** One kind, or several separated by commas. */
    kind: kindList.optional(),
    endpoint: EndpointNameSchema.optional(),
    /** `breaker:<id>`, `source:<address>`, …: the decisions about one thing. */
    subject: z.string().trim().min(1).max(200).optional(),
    from: z.iso.datetime({ offset: true, error: "from must be an ISO 8601 time" }).optional(),
    to: z.iso.datetime({ offset: true, error: "to must be an ISO 8601 time" }).optional(),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number({ error: "limit must be a number" }).int("limit must be a whole number").min(1, "limit is at least 1").max(200, "limit is at most 200").default(50),
  })
  .superRefine((query, context) => {
    if (query.from && query.to && Date.parse(query.from) >= Date.parse(query.to)) context.addIssue({ code: "custom", path: ["to"], message: "to must be later than from" });
    if (query.cursor && !decodeGatekeeperCursor(query.cursor)) context.addIssue({ code: "custom", path: ["cursor"], message: "cursor is not one this console handed out" });
  });
export type DecisionQuery = z.input<typeof DecisionQuerySchema>;

export type DecisionView = {
  id: string;
  at: string;
  /** Null for decisions about a source, whatever endpoint it sent to. */
  endpoint: string | null;
  kind: DecisionKind;
  /** What this kind of decision means, in one sentence (DECISION_KINDS). */
  kindMeaning: string;
  subject: string;
  /** The decision in a sentence, people named by e-mail address or API key name. */
  summary: string;
  /** Which features, their values, the baselines they were compared with, the score. */
  explanation: Record<string, unknown>;
};

export type DecisionPage = { data: DecisionView[]; nextCursor: string | null };

type Row = { id: string; at: Date; endpoint: string | null; kind: DecisionKind; subject: string; summary: string; explanation: Record<string, unknown> | null };

/**
 * The gatekeeper's decisions, newest first, keyset-paginated on (at, id): by kind (the
 * (kind, at) index), endpoint (the (endpoint_id, at) index), subject and time.
 */
export async function listDecisions(input: DecisionQuery = {}): Promise<DecisionPage> {
  const parsed = DecisionQuerySchema.safeParse(input ?? {});
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const query = parsed.data;
  const conditions: string[] = [];
  const values: unknown[] = [];
  const add = (condition: (placeholder: string) => string, value: unknown) => {
    values.push(value);
    conditions.push(condition(`$${values.length}`));
  };
  if (query.kind?.length) add((p) => `d.kind = ANY(${p}::text[])`, [...new Set(query.kind)]);
  if (query.endpoint) add((p) => `d.endpoint_id = (SELECT id FROM endpoint WHERE name = ${p})`, query.endpoint);
  if (query.subject) add((p) => `d.subject = ${p}`, query.subject);
  if (query.from) add((p) => `d.at >= ${p}::timestamptz`, new Date(query.from));
  if (query.to) add((p) => `d.at < ${p}::timestamptz`, new Date(query.to));
  if (query.cursor) {
    const after = decodeGatekeeperCursor(query.cursor)!;
    values.push(after.at, after.id);
    conditions.push(`(d.at, d.id) < ($${values.length - 1}::timestamptz, $${values.length}::bigint)`);
  }
  values.push(query.limit + 1);
  const rows = await pool().query<Row>(
    `SELECT d.id::text AS id, d.at, e.name AS endpoint, d.kind, d.subject, d.summary, d.explanation
     FROM gatekeeper_decision d LEFT JOIN endpoint e ON e.id = d.endpoint_id
     WHERE ${conditions.length ? conditions.join(" AND ") : "TRUE"}
     ORDER BY d.at DESC, d.id DESC LIMIT $${values.length}`,
    values,
  );
  const shown = rows.rows.slice(0, query.limit);
  const last = shown.at(-1);
  return {
    data: await toDecisionViews(shown),
    nextCursor: rows.rows.length > query.limit && last ? encodeGatekeeperCursor(last.at, last.id) : null,
  };
}

async function toDecisionViews(rows: Row[]): Promise<DecisionView[]> {
  const strings = (explanation: Record<string, unknown> | null) => Object.values(explanation ?? {}).filter((value): value is string => typeof value === "string");
  const labels = await actorLabels(rows.flatMap((row) => [row.summary, ...strings(row.explanation)]));
  // Who acted (`by`, `forcedBy`) is named as a person reads it; the evidence itself is left as recorded.
  const named = (explanation: Record<string, unknown> | null) =>
    Object.fromEntries(Object.entries(explanation ?? {}).map(([key, value]) => [key, typeof value === "string" ? labels.inText(value) : value]));
  return rows.map((row) => ({
    id: row.id,
    at: row.at.toISOString(),
    endpoint: row.endpoint,
    kind: row.kind,
    kindMeaning: DECISION_KINDS[row.kind] ?? row.kind,
    subject: row.subject,
    summary: labels.inText(row.summary),
    explanation: named(row.explanation),
  }));
}
