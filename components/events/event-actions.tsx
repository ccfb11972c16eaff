"use client";

import { RotateCcw, ShieldCheck, ShieldX } from "lucide-react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { ActionResult } from "@/components/ui/confirm";

/** What a console server action answers (server/auth/action.ts). */
export type ServerActionResult = { ok: true; data?: unknown } | { ok: false; error: { code: string; message: string } };
type EventAction = (input: { id: string; reason: string }) => Promise<ServerActionResult>;

export type EventActionsProps = {
  ledgerId: string;
  /** Which actions the event's state allows; the server checks again. */
  canReplay: boolean;
  canDecide: boolean;
  /** One sentence per action: what it will change for this event. */
  releaseEffect?: string;
  replayAction: EventAction;
  releaseAction: EventAction;
  rejectAction: EventAction;
};

/** Replay, Release and Reject, each behind a confirmation that asks for a reason and says what it will do. */
export function EventActions({ ledgerId, canReplay, canDecide, releaseEffect, replayAction, releaseAction, rejectAction }: EventActionsProps) {
  const router = useRouter();
  const run = (action: EventAction, done: string) => async ({ reason }: { reason: string }): Promise<ActionResult> => {
    const result = await action({ id: ledgerId, reason });
    if (!result.ok) return { ok: false, error: result.error.message };
    router.refresh();
    return { ok: true, message: done };
  };
  if (!canReplay && !canDecide) return null;
  return (
    <div className="flex flex-wrap gap-2" data-testid="event-actions">
      {canReplay ? (
        <ConfirmDialog
          trigger={
            <Button variant="outline" size="sm">
              <RotateCcw aria-hidden /> Replay
            </Button>
          }
          title="Replay this event?"
          description="Processing runs again now, with the payload as it was recorded. An effect already applied is never applied twice."
          confirmLabel="Replay"
          requireReason
          onConfirm={run(replayAction, "Replayed: processing ran again.")}
        />
      ) : null}
      {canDecide ? (
        <>
          <ConfirmDialog
            trigger={
              <Button size="sm">
                <ShieldCheck aria-hidden /> Release
              </Button>
            }
            title="Release this event from quarantine?"
            description="Its effect is applied now, without the cross-check, exactly once."
            consequences={releaseEffect ? [releaseEffect] : []}
            confirmLabel="Release"
            requireReason
            onConfirm={run(releaseAction, "Released: the effect was applied.")}
          />
          <ConfirmDialog
            trigger={
              <Button variant="destructive" size="sm">
                <ShieldX aria-hidden /> Reject
              </Button>
            }
            title="Reject this event?"
            description="The quarantine is closed and the event never applies. It stays in the ledger with your reason."
            confirmLabel="Reject"
            destructive
            requireReason
            onConfirm={run(rejectAction, "Rejected: the event will not apply.")}
          />
        </>
      ) : null}
    </div>
  );
}
