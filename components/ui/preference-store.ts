"use client";

import { useSyncExternalStore } from "react";

/**
 * A tiny per-browser preference kept in localStorage (theme, time zone), shared by every component
 * that reads it and kept in step across tabs. The server renders `serverValue`; the stored value
 * takes over right after hydration, without a hydration mismatch.
 */
export function createPreferenceStore<T extends string>(key: string, parse: (raw: string | null) => T, serverValue: T) {
  const listeners = new Set<() => void>();
  const eventName = `${key}:change`;

  function read(): T {
    try {
      return parse(window.localStorage.getItem(key));
    } catch {
      return serverValue;
    }
  }

  function subscribe(listener: () => void) {
    listeners.add(listener);
    const onStorage = (event: StorageEvent) => {
      if (event.key === key) listener();
    };
    window.addEventListener("storage", onStorage);
    window.addEventListener(eventName, listener);
    return () => {
      listeners.delete(listener);
      window.removeEventListener("storage", onStorage);
      window.removeEventListener(eventName, listener);
    };
  }

  function set(value: T) {
    try {
      window.localStorage.setItem(key, value);
    } catch {
      // Private mode or storage disabled: the choice lasts for this page only.
    }
    window.dispatchEvent(new Event(eventName));
  }

  function usePreference(): T {
    return useSyncExternalStore(subscribe, read, () => serverValue);
  }

  return { usePreference, set, read };
}
