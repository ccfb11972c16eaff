"use client";

import { useRouter } from "next/navigation";
import type { ActionResult as DialogResult } from "@/components/ui/confirm";
import type { ActionResult } from "@/server/auth/action";

/**
 * Turns a server action's answer into what ConfirmDialog shows: the server's refusal in its own
 * words (the dialog stays open), or what was done (the dialog closes, the page re-reads).
 */
export function useActionResult() {
  const router = useRouter();
  return async <T>(pending: Promise<ActionResult<T>>, done: (data: T) => string): Promise<DialogResult> => {
    const result = await pending;
    if (!result.ok) return { ok: false, error: result.error.fields ? Object.values(result.error.fields).join(" ") : result.error.message };
    router.refresh();
    return { ok: true, message: done(result.data) };
  };
}
