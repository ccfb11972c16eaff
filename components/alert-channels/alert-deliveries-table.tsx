import { Badge, type BadgeTone } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { AlertDeliveryView } from "@/server/alert-channels/list-alert-deliveries";

const STATUS: Record<AlertDeliveryView["status"], { label: string; tone: BadgeTone }> = {
  delivered: { label: "Delivered", tone: "success" },
  pending: { label: "To send", tone: "progress" },
  failed: { label: "Given up", tone: "danger" },
  suppressed: { label: "Not sent (flap)", tone: "muted" },
  cancelled: { label: "Cancelled", tone: "muted" },
};

const kindLabel = (kind: string) => {
  const words = kind.replaceAll("_", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** What happened to each alert in each channel, newest first: delivered (alone or in a digest), waiting, given up, or not sent and why. */
export function AlertDeliveriesTable({ deliveries }: { deliveries: AlertDeliveryView[] }) {
  return (
    <section aria-labelledby="deliveries-heading" className="flex flex-col gap-3">
      <h2 id="deliveries-heading" className="text-base font-semibold">
        Recent deliveries
      </h2>
      {deliveries.length === 0 ? (
        <p className="text-sm text-muted-foreground">No alert has been sent to a channel yet. Test messages are shown with their channel above.</p>
      ) : (
        <Table>
          <caption className="sr-only">The newest alert deliveries, newest first</caption>
          <TableHeader>
            <TableRow>
              <TableHead scope="col">When</TableHead>
              <TableHead scope="col">Channel</TableHead>
              <TableHead scope="col">Alert</TableHead>
              <TableHead scope="col">Change</TableHead>
              <TableHead scope="col">Status</TableHead>
              <TableHead scope="col">Detail</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {deliveries.map((delivery) => (
              <TableRow key={delivery.id} data-testid="alert-delivery-row" data-status={delivery.status} data-channel={delivery.channel}>
                <TableCell className="whitespace-nowrap">
                  <RelativeTime value={delivery.createdAt} focusable={false} />
                </TableCell>
                <TableCell>{delivery.channel}</TableCell>
                <TableCell>
                  <span className="font-medium">{kindLabel(delivery.alertKind)}</span>
                  {delivery.subject ? <p className="break-all text-xs text-muted-foreground">{delivery.subject}</p> : null}
                </TableCell>
                <TableCell className="capitalize">
                  {delivery.transition}
                  {delivery.transition === "opened" ? <span className="ml-1 text-xs text-muted-foreground">({delivery.severity})</span> : null}
                </TableCell>
                <TableCell>
                  <Badge tone={STATUS[delivery.status].tone}>{STATUS[delivery.status].label}</Badge>
                </TableCell>
                <TableCell className="text-xs">
                  <DeliveryDetail delivery={delivery} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </section>
  );
}

function DeliveryDetail({ delivery }: { delivery: AlertDeliveryView }) {
  const attempts = delivery.attempts > 0 ? `${delivery.attempts} attempt${delivery.attempts === 1 ? "" : "s"}` : null;
  if (delivery.status === "delivered") {
    return (
      <span>
        {delivery.sentAs === "digest" ? "In a digest, " : ""}
        <RelativeTime value={delivery.deliveredAt!} focusable={false} />
        {delivery.attempts > 1 ? ` (${attempts})` : ""}
      </span>
    );
  }
  if (delivery.status === "pending") {
    return (
      <span>
        Next try <RelativeTime value={delivery.nextAttemptAt!} focusable={false} />
        {attempts ? ` · ${attempts}` : ""}
        {delivery.lastError ? <span className="block text-destructive">{delivery.lastError}</span> : null}
      </span>
    );
  }
  return <span className={delivery.status === "failed" ? "text-destructive" : "text-muted-foreground"}>{delivery.lastError ?? ""}</span>;
}
