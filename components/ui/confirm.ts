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

/**
 * Whether the confirm button may be pressed. `confirmText`, for what cannot be undone (deleting a
 * destination), must be typed exactly as shown (surrounding spaces aside).
 */
export function canConfirm({ requireReason, reason, minLength, pending, confirmText, typed = "" }: { requireReason: boolean; reason: string; minLength?: number; pending: boolean; confirmText?: string; typed?: string }): boolean {
  if (pending) return false;
  if (confirmText !== undefined && typed.trim() !== confirmText) return false;
  return !requireReason || reasonProblem(reason, minLength) === null;
}

/** What a confirmed action reports back; server actions return this shape (STYLE.md). */
export type ActionResult = { ok: true; message?: string } | { ok: false; error: string };
