import type { ActionResult } from "@/components/ui/confirm";
import type { BulkOutcome } from "@/server/ledger/act-on-events";

/** What a bulk server action answers (server/auth/action.ts around server/ledger/act-on-events.ts). */
export type BulkActionResult = { ok: true; data: BulkOutcome } | { ok: false; error: { code: string; message: string } };

/**
 * Says what a bulk action did, for the confirmation dialog: all done closes it with a toast;
 * anything refused keeps it open and names each refused event with the reason, so the operator
 * knows exactly what still needs them (the ones that succeeded are said too: they happened).
 */
export function describeBulkOutcome(result: BulkActionResult, verb: { done: string; noun: string }, stripeIdOf: (ledgerId: string) => string): ActionResult {
  if (!result.ok) return { ok: false, error: result.error.message };
  const { succeeded, failed } = result.data;
  const count = (n: number) => `${n} ${n === 1 ? "event" : "events"}`;
  if (failed.length === 0) return { ok: true, message: `${verb.done} ${count(succeeded.length)}.` };
  const reasons = failed.map((failure) => `${stripeIdOf(failure.id)}: ${failure.message}`).join(" ");
  const done = succeeded.length > 0 ? `${verb.done} ${count(succeeded.length)}; ` : "";
  return { ok: false, error: `${done}${count(failed.length)} not ${verb.noun}. ${reasons}` };
}
