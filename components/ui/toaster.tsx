"use client";

import { Toaster as Sonner, type ToasterProps } from "sonner";
import { useTheme } from "./theme-toggle";

/** One toaster, in the root layout. Call `toast.success("Replayed 3 events")` from `sonner` anywhere. */
export function Toaster(props: ToasterProps) {
  const { resolved } = useTheme();
  return (
    <Sonner
      theme={resolved}
      position="bottom-right"
      closeButton
      toastOptions={{
        classNames: {
          toast: "!bg-popover !text-foreground !border-border !shadow-lg",
          description: "!text-muted-foreground",
        },
      }}
      {...props}
    />
  );
}

export { toast } from "sonner";
