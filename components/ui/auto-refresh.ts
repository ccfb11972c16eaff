"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/**
 * While `on`, re-renders the page's server components every `seconds` (router.refresh keeps
 * scroll, focus, selection and open dialogs). Pauses in hidden tabs; stops when `on` turns false.
 */
export function useAutoRefresh(seconds: number, on: boolean): void {
  const router = useRouter();
  useEffect(() => {
    if (!on) return;
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") router.refresh();
    }, seconds * 1000);
    return () => clearInterval(timer);
  }, [on, router, seconds]);
}
