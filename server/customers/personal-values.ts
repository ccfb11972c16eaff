import { maskPayload } from "../masking/mask-payload";

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;

/**
 * The personal values a raw payload holds, found by the masking rules themselves (whatever
 * `maskPayload` changes is personal), so an erasure follows the rules as they evolve. Kept:
 * e-mail addresses, and masked values with a space or an `@` (names, street lines), which can
 * be searched for elsewhere without hitting an id, an amount or a currency. One-word values
 * (a city, a postal code) are masked in the payload itself and not searched for elsewhere.
 */
export function personalValues(raw: unknown): string[] {
  const found = new Set<string>();
  collect(raw, maskPayload(raw), found, 0);
  return [...found];
}

function collect(raw: unknown, masked: unknown, found: Set<string>, depth: number): void {
  if (depth > 32) return;
  if (typeof raw === "string") {
    for (const email of raw.match(EMAIL) ?? []) found.add(email.toLowerCase());
    if (raw !== masked && raw.trim().length >= 4 && /[\s@]/.test(raw.trim())) found.add(raw.trim().toLowerCase());
    return;
  }
  if (raw === null || typeof raw !== "object") return;
  if (Array.isArray(raw)) {
    raw.forEach((item, index) => collect(item, Array.isArray(masked) ? masked[index] : undefined, found, depth + 1));
    return;
  }
  const maskedObject = masked !== null && typeof masked === "object" ? (masked as Record<string, unknown>) : {};
  for (const [key, item] of Object.entries(raw)) collect(item, maskedObject[key], found, depth + 1);
}
