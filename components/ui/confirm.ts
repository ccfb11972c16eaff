import { DECISION_REASON_MIN_LENGTH } from "@/server/quarantine/decision-reason";

/**
 * Rules of ConfirmDialog, kept pure so they are tested in node. The server checks the same
 * rule again (server/quarantine/decide-quarantine.ts): this is only the friendly early refusal.
 */
export const DEFAULT_REASON_MIN_LENGTH = DECISION_REASON_MIN_LENGTH;

/** Why the typed reason cannot be accepted yet, or null when it can. Whitespace does not count. */
export function reasonProblem(reason: string, minLength: number = DEFAULT_REASON_MIN_LENGTH): string | null {
  const length = reason.trim().length;
  if (length === 0) return "A reason is required.";
  if (length < minLength) return `Say a little more: at least ${minLength} characters.`;
  return null;
}

export function canConfirm({ requireReason, reason, minLength, pending }: { requireReason: boolean; reason: string; minLength?: number; pending: boolean }): boolean {
  if (pending) return false;
  return !requireReason || reasonProblem(reason, minLength) === null;
}

/** What a confirmed action reports back; server actions return this shape (STYLE.md). */
export type ActionResult = { ok: true; message?: string } | { ok: false; error: string };
