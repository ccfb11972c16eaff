"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

/** Re-renders the server component every few seconds so new events appear without a reload. */
export function AutoRefresh({ seconds = 3 }: { seconds?: number }) {
  const router = useRouter();
  const [enabled, setEnabled] = useState(true);
  useEffect(() => {
    if (!enabled) return;
    const timer = setInterval(() => router.refresh(), seconds * 1000);
    return () => clearInterval(timer);
  }, [enabled, router, seconds]);
  return (
    <label className="flex items-center gap-2 text-sm text-zinc-500">
      <input type="checkbox" checked={enabled} onChange={(event) => setEnabled(event.target.checked)} />
      Live refresh
    </label>
  );
}
