import type { LucideIcon } from "lucide-react";
import type { ReactNode } from "react";
import { cn } from "./cn";
import { CopyButton } from "./copy-button";

export type EmptyStateCommand = {
  /** What running it does: "Forward test-mode events from your Stripe account". */
  label: string;
  command: string;
};

export type EmptyStateProps = {
  icon: LucideIcon;
  title: string;
  children?: ReactNode;
  /** Commands that teach the next step, each copyable. */
  commands?: EmptyStateCommand[];
  /** Buttons or links under the text. */
  actions?: ReactNode;
  className?: string;
};

/** What to show when a list is empty: why, and exactly what to do next. */
export function EmptyState({ icon: Icon, title, children, commands = [], actions, className }: EmptyStateProps) {
  return (
    <section className={cn("flex flex-col items-center rounded-lg border border-dashed px-6 py-12 text-center", className)} aria-label={title}>
      <div className="mb-4 flex size-11 items-center justify-center rounded-full border bg-surface text-muted-foreground shadow-xs">
        <Icon className="size-5" aria-hidden />
      </div>
      <h2 className="text-base font-semibold">{title}</h2>
      {children ? <div className="mt-1.5 max-w-md text-sm text-muted-foreground">{children}</div> : null}
      {commands.length > 0 ? (
        <ol className="mt-6 w-full max-w-xl space-y-4 text-left">
          {commands.map((item) => (
            <li key={item.command}>
              <p className="mb-1.5 text-[13px] text-muted-foreground">{item.label}</p>
              <div className="flex items-center gap-2 rounded-md border bg-surface py-1.5 pl-3 pr-1.5 font-mono text-[13px]">
                <span aria-hidden className="select-none text-muted-foreground">
                  $
                </span>
                <code className="min-w-0 flex-1 overflow-x-auto whitespace-nowrap">{item.command}</code>
                <CopyButton value={item.command} label={`Copy command: ${item.command}`} />
              </div>
            </li>
          ))}
        </ol>
      ) : null}
      {actions ? <div className="mt-6 flex flex-wrap justify-center gap-2">{actions}</div> : null}
    </section>
  );
}
