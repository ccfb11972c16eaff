/**
 * Which event types a destination receives: exact types (`invoice.paid`), a prefix with a
 * wildcard (`payment_intent.*`, `customer.subscription.*`) or `*` (everything). A `*` stands
 * for any run of characters and may appear only as the whole pattern or after a dot at its end.
 */
const PATTERN = /^(\*|[a-z0-9_]+(\.[a-z0-9_]+)*(\.\*)?)$/;

export const MAX_PATTERNS = 100;

/** Why a pattern cannot be used, or null. */
export function eventTypePatternProblem(pattern: string): string | null {
  if (pattern.length > 200) return `"${pattern.slice(0, 40)}…" is longer than 200 characters`;
  if (!PATTERN.test(pattern)) return `"${pattern}" is not an event type pattern: use a type such as invoice.paid, a prefix such as payment_intent.*, or *`;
  return null;
}

/** Whether `type` is one a destination with these patterns receives (the SQL in forward-processed-event.ts agrees). */
export function matchesEventTypes(patterns: readonly string[], type: string): boolean {
  return patterns.some((pattern) => (pattern.endsWith("*") ? type.startsWith(pattern.slice(0, -1)) : type === pattern));
}

/**
 * The same test in SQL, for a pattern column `p` and a type parameter: a pattern ending in `*`
 * matches by prefix (compared with left(), so `_` and `%` in types mean only themselves).
 */
export function sqlMatchesEventType(patternColumn: string, typeParameter: string): string {
  return `(CASE WHEN right(${patternColumn}, 1) = '*' THEN left(${typeParameter}, length(${patternColumn}) - 1) = left(${patternColumn}, -1) ELSE ${typeParameter} = ${patternColumn} END)`;
}
