import { ArrowUpRight, CalendarClock, TriangleAlert } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";

export type RotationDueEndpoint = { endpoint: string; state: "due" | "overdue"; dueAt: string | null };

/**
 * Endpoints whose signing-secret rotation is overdue (flagged) or due soon (softer), each with
 * its date. Admins get a link to the endpoint's secrets page; operators, who cannot open it, are
 * told who can act.
 */
export function RotationDue({ endpoints, canManage }: { endpoints: RotationDueEndpoint[]; canManage: boolean }) {
  if (endpoints.length === 0) return null;
  const overdue = endpoints.some((endpoint) => endpoint.state === "overdue");
  return (
    <section
      aria-labelledby="rotation-due-heading"
      data-testid="rotation-due"
      data-state={overdue ? "overdue" : "due"}
      className={cn(
        "flex flex-col gap-2 rounded-lg border px-4 py-3",
        overdue ? "border-red-300 bg-red-50/60 dark:border-red-800/70 dark:bg-red-950/30" : "border-amber-200 bg-amber-50/50 dark:border-amber-800/60 dark:bg-amber-950/20",
      )}
    >
      <h2 id="rotation-due-heading" className="flex items-center gap-2 text-sm font-semibold">
        {overdue ? <TriangleAlert className="size-4 text-red-700 dark:text-red-300" aria-hidden /> : <CalendarClock className="size-4 text-amber-700 dark:text-amber-300" aria-hidden />}
        {overdue ? "Signing-secret rotation overdue" : "Signing-secret rotation due soon"}
      </h2>
      <ul className="flex flex-col gap-1.5 text-sm">
        {endpoints.map((endpoint) => (
          <li key={endpoint.endpoint} className="flex flex-wrap items-center gap-2" data-testid="rotation-due-endpoint" data-endpoint={endpoint.endpoint} data-state={endpoint.state}>
            <Badge tone={endpoint.state === "overdue" ? "danger" : "warning"}>{endpoint.state === "overdue" ? "Overdue" : "Due soon"}</Badge>
            <span className="font-mono text-[13px]">{endpoint.endpoint}</span>
            <span className="text-muted-foreground">
              {endpoint.dueAt ? `${endpoint.state === "overdue" ? "was due" : "due"} on ${endpoint.dueAt.slice(0, 10)}` : "no secret verifies now"}
            </span>
            {canManage ? (
              <Link href={`/admin/endpoints/${encodeURIComponent(endpoint.endpoint)}/secrets`} className="inline-flex items-center gap-0.5 text-xs font-medium underline-offset-4 hover:underline">
                Rotate its secret
                <ArrowUpRight className="size-3" aria-hidden />
              </Link>
            ) : null}
          </li>
        ))}
      </ul>
      {canManage ? null : <p className="text-xs text-muted-foreground">An admin rotates signing secrets, on Admin → Endpoints.</p>}
    </section>
  );
}
