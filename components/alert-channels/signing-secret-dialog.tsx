"use client";

import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";

/** A webhook channel's signing secret, shown once (after adding the channel or rotating its secret). */
export function SigningSecretDialog({ shown, onClose }: { shown: { channel: string; secret: string } | null; onClose: () => void }) {
  return (
    <Dialog open={shown !== null} onOpenChange={(open) => (open ? null : onClose())}>
      <DialogContent>
        {shown ? (
          <>
            <DialogHeader>
              <DialogTitle>Signing secret of {shown.channel}</DialogTitle>
              <DialogDescription>
                Copy it now into the receiver. It is shown once: Hookwarden keeps it encrypted to sign with, and shows only its fingerprint from now on. Lost it? Rotate it.
              </DialogDescription>
            </DialogHeader>
            <div className="flex items-center gap-2 rounded-md border bg-surface py-1.5 pl-3 pr-1.5">
              <code className="min-w-0 flex-1 break-all font-mono text-sm" data-testid="new-signing-secret">
                {shown.secret}
              </code>
              <CopyButton value={shown.secret} label="Copy the signing secret" />
            </div>
            <p className="text-xs text-muted-foreground">
              Every message carries <code className="font-mono">Hookwarden-Signature: t=&lt;unix time&gt;,v1=&lt;hex&gt;</code>: the receiver computes HMAC-SHA256 of{" "}
              <code className="font-mono">&lt;t&gt;.&lt;body&gt;</code> with this secret, compares it in constant time, and refuses a <code className="font-mono">t</code> more than 5
              minutes away (the README has a snippet).
            </p>
            <DialogFooter>
              <Button onClick={onClose}>I have stored it</Button>
            </DialogFooter>
          </>
        ) : null}
      </DialogContent>
    </Dialog>
  );
}
