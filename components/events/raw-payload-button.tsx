"use client";

import { Eye } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { ActionResult } from "@/components/ui/confirm";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { RAW_VIEW_REASON_MIN_LENGTH } from "@/server/masking/raw-view-reason";
import type { ServerActionResult } from "./event-actions";

type ViewRawAction = (input: { id: string; reason: string }) => Promise<ServerActionResult>;

/**
 * Break-glass (admins): asks why, then shows the raw payload once, in a dialog. The JSON
 * lives only in this component's state: never in the URL, never cached, gone when closed.
 */
export function RawPayloadButton({ ledgerId, viewRawAction }: { ledgerId: string; viewRawAction: ViewRawAction }) {
  const [raw, setRaw] = useState<string | null>(null);
  const view = async ({ reason }: { reason: string }): Promise<ActionResult> => {
    const result = await viewRawAction({ id: ledgerId, reason });
    if (!result.ok) return { ok: false, error: result.error.message };
    setRaw((result.data as { json: string }).json);
    return { ok: true, message: "Raw payload shown; this view is in the audit log." };
  };
  return (
    <>
      <ConfirmDialog
        trigger={
          <Button variant="outline" size="sm">
            <Eye aria-hidden /> View raw payload
          </Button>
        }
        title="View the raw payload?"
        description="Everyone sees payloads masked. The raw payload shows the customer's personal data as Stripe sent it."
        consequences={["Shows the unmasked payload once, on this screen only", "Records this view, with your reason, in the audit log"]}
        confirmLabel="View raw payload"
        requireReason
        reasonMinLength={RAW_VIEW_REASON_MIN_LENGTH}
        reasonPlaceholder="Why do you need the personal data? (a ticket, an incident)"
        onConfirm={view}
      />
      <Dialog open={raw !== null} onOpenChange={(open) => (open ? undefined : setRaw(null))}>
        <DialogContent className="max-w-3xl">
          <DialogHeader>
            <DialogTitle>Raw payload</DialogTitle>
            <DialogDescription>Unmasked, as Stripe sent it. This view is in the audit log; closing this dialog forgets it.</DialogDescription>
          </DialogHeader>
          <pre data-testid="raw-payload" className="max-h-[60vh] overflow-auto rounded-md border bg-surface p-3 font-mono text-xs">
            {raw}
          </pre>
        </DialogContent>
      </Dialog>
    </>
  );
}
