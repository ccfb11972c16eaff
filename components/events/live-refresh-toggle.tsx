"use client";

import { useState } from "react";
import { useAutoRefresh } from "@/components/ui/auto-refresh";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";

export type LiveRefreshToggleProps = { seconds?: number; defaultOn?: boolean };

/** While on, re-renders the server component every few seconds (router.refresh keeps scroll, focus and selection). Pauses in hidden tabs. */
export function LiveRefreshToggle({ seconds = 5, defaultOn = true }: LiveRefreshToggleProps) {
  const [on, setOn] = useState(defaultOn);
  useAutoRefresh(seconds, on);
  return (
    <Button variant="outline" size="sm" aria-pressed={on} onClick={() => setOn(!on)} title={on ? `Refreshing every ${seconds} s` : "Paused"} data-testid="live-refresh">
      <span className="relative flex size-2" aria-hidden>
        {on ? <span className="absolute inline-flex size-full rounded-full bg-emerald-500 opacity-60 motion-safe:animate-ping" /> : null}
        <span className={cn("relative inline-flex size-2 rounded-full", on ? "bg-emerald-500" : "bg-muted-foreground/50")} />
      </span>
      {on ? "Live" : "Paused"}
    </Button>
  );
}
