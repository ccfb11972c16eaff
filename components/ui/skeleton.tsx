import type { ComponentProps } from "react";
import { cn } from "./cn";

/** A loading placeholder; hidden from assistive technology (announce loading on the region instead, with aria-busy). */
export function Skeleton({ className, ...props }: ComponentProps<"div">) {
  return <div data-slot="skeleton" aria-hidden className={cn("animate-pulse rounded-md bg-muted", className)} {...props} />;
}
