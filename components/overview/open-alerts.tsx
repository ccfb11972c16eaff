import { ArrowUpRight, BellRing } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import { ALERT_KINDS, type AlertKind } from "@/server/alerts/alert-kinds";
import type { OpenAlert } from "@/server/alerts/list-open-alerts";

const kindLabel = (kind: string) => {
  const words = kind.replaceAll("_", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** The newest open alerts: severity, what kind of alert (and what that means), the message, when. */
export function OpenAlerts({ alerts }: { alerts: OpenAlert[] }) {
  return (
    <Card data-testid="open-alerts">
      <CardHeader>
        <CardTitle as="h2" className="flex items-center gap-2">
          <BellRing className="size-4 text-muted-foreground" aria-hidden /> Open alerts
        </CardTitle>
        <CardDescription>Raised by processing, the schedule and the horizon check; a repeat updates its alert instead of adding one. Alert channels hear once when one opens and once when it resolves.</CardDescription>
      </CardHeader>
      <CardContent>
        {alerts.length === 0 ? (
          <p className="text-sm text-muted-foreground">No open alerts.</p>
        ) : (
          <ul className="grid gap-3">
            {alerts.map((alert) => (
              <li key={alert.id} className="flex items-start gap-3 text-sm" data-testid="alert-row" data-kind={alert.kind} data-severity={alert.severity}>
                <Badge tone={alert.severity === "critical" ? "critical" : "warning"} className="mt-0.5 w-16 justify-center capitalize">
                  {alert.severity}
                </Badge>
                <div className="min-w-0 flex-1">
                  <p className="font-medium" title={Object.hasOwn(ALERT_KINDS, alert.kind) ? ALERT_KINDS[alert.kind as AlertKind] : undefined}>
                    {kindLabel(alert.kind)}
                  </p>
                  <p className="break-words text-[13px] text-muted-foreground">{alert.message}</p>
                  {alert.ledgerEventId ? (
                    <Link href={`/events/${alert.ledgerEventId}`} className="mt-0.5 inline-flex items-center gap-0.5 text-xs font-medium underline-offset-4 hover:underline">
                      Open the event
                      <ArrowUpRight className="size-3" aria-hidden />
                    </Link>
                  ) : null}
                </div>
                <RelativeTime value={alert.at} focusable={false} className="shrink-0 text-xs text-muted-foreground" />
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
