"use client";

import { ChevronRight, Copy, EyeOff, Link } from "lucide-react";
import { useMemo, useRef, useState, type KeyboardEvent } from "react";
import { Button } from "./button";
import { cn } from "./cn";
import { copyText } from "./copy-button";
import { containerIds, copyableValue, formatJsonPath, isMaskedValue, visibleJsonRows, type JsonRow } from "./json";

export type JsonTreeProps = {
  /** Parsed JSON (already masked for the viewer's role on the server). */
  value: unknown;
  /** Accessible name of the tree: "Event payload". */
  label: string;
  /** Levels open at first (default 3: a Stripe event's data.object is open). */
  defaultExpandDepth?: number;
  /** Treat other values as masked too (default: bullets, as the masking step writes them). */
  isMasked?: (value: unknown) => boolean;
  className?: string;
};

/**
 * A collapsible JSON viewer that is one tab stop: arrow keys move and fold (the ARIA tree pattern),
 * `c` copies the value and `p` its path; the same actions are buttons on hover. Masked values
 * show as a "masked" chip, never as if they were data.
 */
export function JsonTree({ value, label, defaultExpandDepth = 3, isMasked = isMaskedValue, className }: JsonTreeProps) {
  const [expanded, setExpanded] = useState<Set<string>>(() => new Set(containerIds(value, defaultExpandDepth - 1)));
  const rows = useMemo(() => visibleJsonRows(value, expanded), [value, expanded]);
  const [activeId, setActiveId] = useState<string>("$");
  const [announcement, setAnnouncement] = useState("");
  const treeRef = useRef<HTMLDivElement>(null);
  const activeIndex = Math.max(0, rows.findIndex((row) => row.id === activeId));

  const focusRow = (id: string) => {
    setActiveId(id);
    requestAnimationFrame(() => treeRef.current?.querySelector<HTMLElement>(`[data-row-id="${CSS.escape(id)}"]`)?.focus());
  };
  const toggle = (row: JsonRow, open?: boolean) => {
    if (row.childCount === 0) return;
    setExpanded((current) => {
      const next = new Set(current);
      if (open ?? !next.has(row.id)) next.add(row.id);
      else next.delete(row.id);
      return next;
    });
  };
  const copy = async (text: string, what: string) => {
    const ok = await copyText(text);
    setAnnouncement(ok ? `Copied ${what}` : "Copy failed");
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>, row: JsonRow, index: number) => {
    if (event.metaKey || event.ctrlKey || event.altKey) return;
    const go = (target: JsonRow | undefined) => {
      if (!target) return;
      event.preventDefault();
      focusRow(target.id);
    };
    switch (event.key) {
      case "ArrowDown":
        return go(rows[index + 1]);
      case "ArrowUp":
        return go(rows[index - 1]);
      case "Home":
        return go(rows[0]);
      case "End":
        return go(rows.at(-1));
      case "ArrowRight":
        event.preventDefault();
        if (row.childCount > 0 && !row.expanded) toggle(row, true);
        else if (row.expanded) go(rows[index + 1]);
        return;
      case "ArrowLeft":
        event.preventDefault();
        if (row.expanded) toggle(row, false);
        else if (row.parentId) focusRow(row.parentId);
        return;
      case "Enter":
      case " ":
        event.preventDefault();
        toggle(row);
        return;
      case "c":
        event.preventDefault();
        void copy(copyableValue(row.value), "value");
        return;
      case "p":
        event.preventDefault();
        void copy(formatJsonPath(row.path), "path");
        return;
    }
  };

  return (
    <div className={cn("rounded-md border bg-surface", className)}>
      <div className="flex flex-wrap items-center justify-between gap-2 border-b px-2 py-1.5">
        <p className="px-1 text-xs text-muted-foreground">
          <kbd className="font-mono">↑↓</kbd> move · <kbd className="font-mono">←→</kbd> fold · <kbd className="font-mono">c</kbd> copy value ·{" "}
          <kbd className="font-mono">p</kbd> copy path
        </p>
        <div className="flex gap-1">
          <Button variant="ghost" size="xs" onClick={() => setExpanded(new Set(containerIds(value)))}>
            Expand all
          </Button>
          <Button variant="ghost" size="xs" onClick={() => setExpanded(new Set(["$"]))}>
            Collapse
          </Button>
          <Button variant="ghost" size="xs" onClick={() => void copy(JSON.stringify(value, null, 2), "JSON")}>
            <Copy aria-hidden />
            Copy JSON
          </Button>
        </div>
      </div>
      <div ref={treeRef} role="tree" aria-label={label} className="overflow-x-auto py-1 font-mono text-[13px] leading-6">
        {rows.map((row, index) => (
          <div
            key={row.id}
            role="treeitem"
            aria-level={row.depth + 1}
            aria-expanded={row.childCount > 0 ? row.expanded : undefined}
            aria-selected={index === activeIndex}
            tabIndex={index === activeIndex ? 0 : -1}
            data-row-id={row.id}
            onKeyDown={(event) => onKeyDown(event, row, index)}
            onFocus={() => setActiveId(row.id)}
            onClick={() => {
              setActiveId(row.id);
              toggle(row);
            }}
            className="group flex cursor-default items-center gap-1 whitespace-nowrap pr-2 outline-none hover:bg-accent/60 focus-visible:bg-accent aria-selected:focus-visible:outline-1 aria-selected:focus-visible:-outline-offset-1 aria-selected:focus-visible:outline-ring"
            style={{ paddingLeft: `${row.depth * 16 + 6}px` }}
          >
            <span className="flex size-4 shrink-0 items-center justify-center text-muted-foreground">
              {row.childCount > 0 ? <ChevronRight aria-hidden className={cn("size-3.5 transition-transform", row.expanded && "rotate-90")} /> : null}
            </span>
            {row.key !== null ? (
              <span className={typeof row.key === "number" ? "text-muted-foreground" : "text-sky-800 dark:text-sky-300"}>
                {typeof row.key === "number" ? row.key : `"${row.key}"`}
                <span className="text-muted-foreground">: </span>
              </span>
            ) : null}
            <JsonValue row={row} masked={isMasked(row.value)} />
            <span className="ml-2 flex gap-0.5 opacity-0 group-hover:opacity-100 group-focus-visible:opacity-100">
              <Button
                variant="ghost"
                size="icon-xs"
                tabIndex={-1}
                aria-label={`Copy value of ${row.id}`}
                title="Copy value (c)"
                onClick={(event) => {
                  event.stopPropagation();
                  void copy(copyableValue(row.value), "value");
                }}
              >
                <Copy aria-hidden />
              </Button>
              <Button
                variant="ghost"
                size="icon-xs"
                tabIndex={-1}
                aria-label={`Copy path ${row.id}`}
                title="Copy path (p)"
                onClick={(event) => {
                  event.stopPropagation();
                  void copy(formatJsonPath(row.path), "path");
                }}
              >
                <Link aria-hidden />
              </Button>
            </span>
          </div>
        ))}
      </div>
      <span role="status" aria-live="polite" className="sr-only">
        {announcement}
      </span>
    </div>
  );
}

function JsonValue({ row, masked }: { row: JsonRow; masked: boolean }) {
  if (masked) {
    return (
      <span className="inline-flex items-center gap-1 rounded border border-dashed border-muted-foreground/50 px-1 text-muted-foreground" data-masked title="Masked: hidden for your role">
        <EyeOff className="size-3" aria-hidden />
        <span aria-hidden>{String(row.value)}</span>
        <span className="sr-only">masked value</span>
      </span>
    );
  }
  switch (row.kind) {
    case "object":
    case "array": {
      const [open, close] = row.kind === "array" ? ["[", "]"] : ["{", "}"];
      if (row.expanded) return <span className="text-muted-foreground">{open}</span>;
      return (
        <span className="text-muted-foreground">
          {open}
          {row.childCount > 0 ? ` ${row.childCount} ${row.kind === "array" ? (row.childCount === 1 ? "item" : "items") : row.childCount === 1 ? "key" : "keys"} ` : ""}
          {close}
        </span>
      );
    }
    case "string":
      return <span className="text-emerald-800 dark:text-emerald-300">&quot;{String(row.value)}&quot;</span>;
    case "number":
      return <span className="text-violet-800 dark:text-violet-300">{String(row.value)}</span>;
    case "boolean":
      return <span className="text-amber-800 dark:text-amber-300">{String(row.value)}</span>;
    case "null":
      return <span className="italic text-muted-foreground">null</span>;
    default:
      return <span>{String(row.value)}</span>;
  }
}
