"use client";

import { KeyRound } from "lucide-react";
import { CopyButton } from "@/components/ui/copy-button";
import { ExactTime } from "@/components/ui/relative-time";

/**
 * A destination's signing secret, shown once (after adding the destination or rotating its secret):
 * a copy button, and in words that it will not be shown again and what the app does with it.
 */
export function SigningSecretPanel({ secret, fingerprint, previous }: { secret: string; fingerprint: string; previous?: { fingerprint: string; expiresAt: string } | null }) {
  return (
    <div className="grid gap-3" data-testid="destination-secret">
      <div className="flex items-center gap-2 rounded-md border bg-surface py-1.5 pl-3 pr-1.5">
        <KeyRound className="size-4 shrink-0 text-muted-foreground" aria-hidden />
        <code className="min-w-0 flex-1 break-all font-mono text-sm" data-testid="new-signing-secret">
          {secret}
        </code>
        <CopyButton value={secret} label="Copy the signing secret" text="Copy" variant="outline" />
      </div>
      <p role="note" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-[13px] text-amber-900 dark:border-amber-800/70 dark:bg-amber-950/40 dark:text-amber-200" data-testid="secret-once">
        <strong className="font-medium">It will not be shown again.</strong> Hookwarden keeps it encrypted to sign with, and shows only its fingerprint (
        <span className="font-mono">{fingerprint}</span>) from now on. Lost it? Rotate the secret.
      </p>
      {previous ? (
        <p className="text-[13px]" data-testid="previous-secret-until">
          Until <ExactTime value={previous.expiresAt} milliseconds={false} /> every message is signed with this secret <em>and</em> the previous one (
          <span className="font-mono">{previous.fingerprint}</span>): switch your app to the new one before then.
        </p>
      ) : null}
      <p className="text-xs text-muted-foreground">
        Your app verifies each message with it, per Standard Webhooks: for example{" "}
        <code className="font-mono">new Webhook(secret).verify(rawBody, headers)</code> from the <code className="font-mono">standardwebhooks</code> package (the README has the details).
      </p>
    </div>
  );
}
