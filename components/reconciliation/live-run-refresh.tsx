"use client";

import { useAutoRefresh } from "@/components/ui/auto-refresh";

/**
 * While a run is going on, re-renders the page every few seconds (router.refresh keeps
 * scroll, focus and open dialogs), and stops by itself once the page it renders shows no
 * run going on. Pauses in hidden tabs.
 */
export function LiveRunRefresh({ running, seconds = 2 }: { running: boolean; seconds?: number }) {
  useAutoRefresh(seconds, running);
  if (!running) return null;
  return (
    <span className="inline-flex items-center gap-1.5 text-xs text-muted-foreground" data-testid="live-run-refresh">
      <span className="relative flex size-2" aria-hidden>
        <span className="absolute inline-flex size-full rounded-full bg-emerald-500 opacity-60 motion-safe:animate-ping" />
        <span className="relative inline-flex size-2 rounded-full bg-emerald-500" />
      </span>
      Updating every {seconds} s
    </span>
  );
}
