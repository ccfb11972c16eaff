"use client";

import { CirclePause, CirclePlay, KeyRound, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { useActionResult } from "@/components/gatekeeper/use-action-result";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import type { DestinationListItem } from "@/server/destinations/list-destinations";
import type { DestinationSummary } from "@/server/destinations/destination-summary";
import type { DestinationActionSet } from "./destination-action-set";
import { deliveries } from "./looks";
import { RetryDeliveriesDialog } from "./retry-deliveries-dialog";
import { SigningSecretPanel } from "./signing-secret-panel";

/**
 * What can be done to a destination, each only when this user may: pause (with a reason) or
 * resume (one click, saying how many deliveries wait), bulk retry, rotate the signing secret (the
 * new one shown once), delete (a reason and the name typed). Each says what it did.
 */
export function DestinationActions({ destination, actions, graceHours }: { destination: DestinationListItem; actions: DestinationActionSet; graceHours: number }) {
  const router = useRouter();
  const settle = useActionResult();
  const [resuming, startResume] = useTransition();
  const [rotated, setRotated] = useState<(DestinationSummary & { signingSecret: string }) | null>(null);
  const ref = { destination: destination.id };
  const waiting = destination.counts.pending;

  function resume() {
    startResume(async () => {
      const result = await actions.resume!(ref);
      if (!result.ok) {
        toast.error(result.error.message);
        return;
      }
      toast.success(
        result.data.backlog === 0 ? `${destination.name} resumed: nothing was waiting.` : `${destination.name} resumed: sending the ${deliveries(result.data.backlog)} that waited, in order.`,
      );
      router.refresh();
    });
  }

  return (
    <div className="flex flex-wrap items-center gap-2" data-testid="destination-actions">
      {actions.pause && destination.state === "active" ? (
        <ConfirmDialog
          trigger={
            <Button size="sm" variant="outline" data-testid="pause">
              <CirclePause aria-hidden /> Pause
            </Button>
          }
          title={`Pause ${destination.name}?`}
          description={
            <>
              Nothing is sent to <span className="font-mono">{destination.url}</span> until someone resumes it.
            </>
          }
          consequences={[
            "Deliveries keep being written as events are processed; they wait, none is lost and none ages towards dead.",
            "Resume sends the backlog in order, each delivery with a fresh retry window.",
            "Your name and reason are kept in the audit log and shown on this page.",
          ]}
          confirmLabel="Pause destination"
          requireReason
          reasonPlaceholder="Why? e.g. deploying the app, INC-123"
          onConfirm={({ reason }) => settle(actions.pause!({ ...ref, reason }), () => `${destination.name} is paused: its deliveries wait.`)}
        />
      ) : null}
      {actions.resume && destination.state === "paused" ? (
        <Button size="sm" onClick={resume} loading={resuming} data-testid="resume">
          <CirclePlay aria-hidden /> Resume · {waiting === 0 ? "nothing waiting" : `send ${deliveries(waiting)}`}
        </Button>
      ) : null}
      {actions.retry ? <RetryDeliveriesDialog destination={destination} retry={actions.retry} /> : null}
      {actions.rotate ? (
        <ConfirmDialog
          trigger={
            <Button size="sm" variant="outline" data-testid="rotate-secret">
              <KeyRound aria-hidden /> Rotate secret
            </Button>
          }
          title={`New signing secret for ${destination.name}?`}
          description="A new secret is made and shown once; every message is signed with it from now on."
          consequences={[
            graceHours > 0
              ? `For ${graceHours} h each message also carries a signature by the current secret (${destination.secretFingerprint}), so your app can switch at any moment within that time (HOOKWARDEN_DESTINATION_SECRET_GRACE_HOURS).`
              : `The current secret (${destination.secretFingerprint}) stops signing at once (HOOKWARDEN_DESTINATION_SECRET_GRACE_HOURS is 0): your app refuses messages until it has the new one.`,
            ...(destination.previousSecret ? [`The secret before it (${destination.previousSecret.fingerprint}), still in its grace period, stops signing now.`] : []),
          ]}
          confirmLabel="Make a new secret"
          onConfirm={async () => {
            const result = await actions.rotate!(ref);
            if (!result.ok) return { ok: false, error: result.error.message };
            setRotated(result.data);
            router.refresh();
            return { ok: true, message: `${destination.name} signs with a new secret (${result.data.secretFingerprint}); recorded in the audit log.` };
          }}
        />
      ) : null}
      {actions.remove ? (
        <ConfirmDialog
          trigger={
            <Button size="sm" variant="ghost" className="text-destructive hover:text-destructive" data-testid="delete-destination">
              <Trash2 aria-hidden /> Delete
            </Button>
          }
          title={`Delete ${destination.name}?`}
          description={
            <>
              Nothing more is forwarded to <span className="font-mono">{destination.url}</span>.
            </>
          }
          consequences={[
            waiting > 0 ? `The ${deliveries(waiting)} still waiting are dropped: they are never sent.` : "No delivery is waiting.",
            "Its deliveries and their attempts are deleted; the events stay in the ledger.",
            "It cannot be undone: add the destination again (with a new secret) to get it back.",
          ]}
          confirmLabel="Delete destination"
          destructive
          requireReason
          confirmText={destination.name}
          onConfirm={async ({ reason }) => {
            const result = await actions.remove!({ ...ref, reason });
            if (!result.ok) return { ok: false, error: result.error.message };
            router.push("/destinations");
            return { ok: true, message: `${result.data.deleted} is deleted${result.data.pendingDropped ? `; ${deliveries(result.data.pendingDropped)} waiting were dropped` : ""}. Recorded in the audit log.` };
          }}
        />
      ) : null}
      <Dialog open={rotated !== null} onOpenChange={(open) => (open ? null : setRotated(null))}>
        <DialogContent className="max-w-2xl">
          {rotated ? (
            <>
              <DialogHeader>
                <DialogTitle>New signing secret of {rotated.name}</DialogTitle>
                <DialogDescription>Copy it into your app now.</DialogDescription>
              </DialogHeader>
              <SigningSecretPanel secret={rotated.signingSecret} fingerprint={rotated.secretFingerprint} previous={rotated.previousSecret} />
              <DialogFooter>
                <Button onClick={() => setRotated(null)}>I have stored it</Button>
              </DialogFooter>
            </>
          ) : null}
        </DialogContent>
      </Dialog>
    </div>
  );
}
