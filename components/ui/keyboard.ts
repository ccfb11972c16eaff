"use client";

import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type RefObject } from "react";

/** Keys typed into a field, a menu or a dialog are theirs, not the page's shortcuts. */
export function isShortcutFree(event: KeyboardEvent): boolean {
  if (event.defaultPrevented || event.metaKey || event.ctrlKey || event.altKey) return false;
  const target = event.target as HTMLElement | null;
  if (!target || typeof target.closest !== "function") return true;
  if (target.isContentEditable) return false;
  if (target.closest("input, textarea, select, [role=dialog], [role=alertdialog], [role=menu], [role=listbox], [role=tree]")) return false;
  return true;
}

/** Page-wide single-key shortcuts (`/`, `j`, `k`), off while typing or inside dialogs and menus. */
export function useHotkeys(bindings: Record<string, (event: KeyboardEvent) => void>, enabled: boolean = true) {
  const latest = useRef(bindings);
  useEffect(() => {
    latest.current = bindings;
  });
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (!isShortcutFree(event)) return;
      const handler = latest.current[event.key];
      if (handler) handler(event);
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [enabled]);
}

/** `/` focuses (and selects) the search box, as in GitHub, Linear and Stripe. */
export function useSearchShortcut(ref: RefObject<HTMLInputElement | null>) {
  useHotkeys({
    "/": (event) => {
      if (!ref.current) return;
      event.preventDefault();
      ref.current.focus();
      ref.current.select();
    },
  });
}

export type RowNavigation = {
  activeIndex: number;
  /** Spread on each row: roving tab stop, `data-active`, Enter to open, focus tracking. */
  rowProps: (index: number) => {
    tabIndex: number;
    "data-active": boolean;
    "data-row-index": number;
    "data-row-of": string;
    onFocus: () => void;
    onKeyDown: (event: ReactKeyboardEvent<HTMLElement>) => void;
  };
};

/**
 * With several lists on a page (a customer's subscriptions, payments and events), `j`/`k` belong
 * to the list that holds the focus, or, when none does, to the first list on the page.
 */
function takesRowKeys(listId: string): boolean {
  const focusedList = document.activeElement?.closest("[data-row-of]")?.getAttribute("data-row-of");
  if (focusedList) return focusedList === listId;
  return document.querySelector("[data-row-of]")?.getAttribute("data-row-of") === listId;
}

/**
 * `j`/`k` move through a list's rows (focusing them, so screen readers follow), Enter opens the
 * focused row, `x` toggles its selection. One row is the list's tab stop.
 */
export function useRowNavigation({ rowCount, onOpen, onToggle }: { rowCount: number; onOpen?: (index: number) => void; onToggle?: (index: number) => void }): RowNavigation {
  const [activeIndex, setActiveIndex] = useState(-1);
  const listId = useId();
  const clampedActive = activeIndex >= rowCount ? rowCount - 1 : activeIndex;

  const focusIndex = useCallback((index: number) => {
    setActiveIndex(index);
    document.querySelector<HTMLElement>(`[data-row-of="${CSS.escape(listId)}"][data-row-index="${index}"]`)?.focus();
  }, [listId]);

  const move = (delta: number) => (event: KeyboardEvent) => {
    if (rowCount === 0 || !takesRowKeys(listId)) return;
    event.preventDefault();
    const from = clampedActive < 0 ? (delta > 0 ? -1 : rowCount) : clampedActive;
    focusIndex(Math.min(rowCount - 1, Math.max(0, from + delta)));
  };
  useHotkeys({ j: move(1), k: move(-1), ArrowDown: () => {}, ArrowUp: () => {} });

  const rowProps = (index: number) => ({
    tabIndex: index === (clampedActive < 0 ? 0 : clampedActive) ? 0 : -1,
    "data-active": index === clampedActive,
    "data-row-index": index,
    "data-row-of": listId,
    onFocus: () => setActiveIndex(index),
    onKeyDown: (event: ReactKeyboardEvent<HTMLElement>) => {
      if (event.target !== event.currentTarget || event.metaKey || event.ctrlKey || event.altKey) return;
      if (event.key === "Enter" && onOpen) {
        event.preventDefault();
        onOpen(index);
      } else if (event.key === "x" && onToggle) {
        event.preventDefault();
        onToggle(index);
      } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        focusIndex(Math.min(rowCount - 1, Math.max(0, index + (event.key === "ArrowDown" ? 1 : -1))));
      }
    },
  });

  return { activeIndex: clampedActive, rowProps };
}
