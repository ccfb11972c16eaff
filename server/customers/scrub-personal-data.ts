export const ERASED = "[erased]";

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;

/**
 * A copy of a JSON value (or a string) in which every e-mail address, and every occurrence of
 * one of `personal` (lower-cased values from `personalValues`), is replaced by "[erased]".
 * Numbers, booleans, keys and every other text stay, so amounts, currencies, statuses, dates
 * and ids still add up after an erasure.
 */
export function scrubPersonalData<T>(value: T, personal: readonly string[]): T {
  const patterns = [...personal].sort((a, b) => b.length - a.length).map((text) => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "gi"));
  return scrub(value, patterns, 0) as T;
}

function scrub(value: unknown, patterns: RegExp[], depth: number): unknown {
  if (typeof value === "string") return patterns.reduce((text, pattern) => text.replace(pattern, ERASED), value).replace(EMAIL, ERASED);
  if (value === null || typeof value !== "object" || depth > 32) return value;
  if (Array.isArray(value)) return value.map((item) => scrub(item, patterns, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrub(item, patterns, depth + 1)]));
}
