"use client";

import { useState } from "react";

/**
 * The rows ticked in a list for a bulk action: `chosen` keeps only ids still on the page (a row
 * that left after a refresh is never acted on), `toggle` ticks or unticks several at once (a
 * group's header box), `clear` empties it after the action.
 */
export function useRowSelection(presentIds: readonly string[]) {
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const present = new Set(presentIds);
  const toggle = (ids: readonly string[], on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      for (const id of ids) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return next;
    });
  return { selected, chosen: [...selected].filter((id) => present.has(id)), toggle, clear: () => setSelected(new Set()) };
}
