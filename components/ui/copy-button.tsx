"use client";

import { Check, Copy } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { Button, type ButtonProps } from "./button";
import { cn } from "./cn";

/** Copies text to the clipboard; falls back to a hidden textarea where the Clipboard API is unavailable (plain http). */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the legacy path
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  let copied = false;
  try {
    copied = document.execCommand("copy");
  } catch {
    copied = false;
  }
  area.remove();
  return copied;
}

export type CopyButtonProps = Omit<ButtonProps, "value" | "onClick" | "children"> & {
  /** The text to copy. */
  value: string;
  /** What is copied, for the accessible name: "Copy event id". */
  label?: string;
  /** Show a text label next to the icon. */
  text?: string;
};

/**
 * A small copy button. After copying it shows a check for a moment and announces "Copied"
 * through a polite live region, so screen-reader users hear that it worked.
 */
export function CopyButton({ value, label = "Copy", text, className, variant = "ghost", size, ...props }: CopyButtonProps) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const onClick = async (event: React.MouseEvent) => {
    // Copying never also activates what the button sits in (a table row that opens on click).
    event.stopPropagation();
    const ok = await copyText(value);
    setState(ok ? "copied" : "failed");
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setState("idle"), 1600);
  };
  return (
    <>
      <Button
        variant={variant}
        size={size ?? (text ? "xs" : "icon-xs")}
        className={cn("text-muted-foreground hover:text-foreground", className)}
        aria-label={text ? undefined : label}
        title={text ? undefined : label}
        onClick={onClick}
        data-copied={state === "copied" || undefined}
        {...props}
      >
        {state === "copied" ? <Check className="text-emerald-600 dark:text-emerald-400" aria-hidden /> : <Copy aria-hidden />}
        {text ? <span>{state === "copied" ? "Copied" : text}</span> : null}
      </Button>
      <span role="status" aria-live="polite" className="sr-only">
        {state === "copied" ? "Copied" : state === "failed" ? "Copy failed: select the text and copy it by hand" : ""}
      </span>
    </>
  );
}
