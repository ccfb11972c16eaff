import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { ExactTime, RelativeTime } from "@/components/ui/relative-time";
import type { DestinationListItem } from "@/server/destinations/list-destinations";
import type { DestinationActionSet } from "./destination-action-set";
import { EventTypes } from "./destinations-table";
import { EditDestinationDialog } from "./edit-destination-dialog";

function Row({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="grid gap-1 py-2 sm:grid-cols-[11rem_1fr] sm:gap-3">
      <dt className="text-[13px] text-muted-foreground">{term}</dt>
      <dd className="min-w-0 text-sm">{children}</dd>
    </div>
  );
}

/** A destination's settings and health, each with what it means; admins edit them. */
export function DestinationSettings({ destination, update }: { destination: DestinationListItem; update?: DestinationActionSet["update"] }) {
  return (
    <Card>
      <CardHeader className="flex-row items-center justify-between">
        <CardTitle>Settings</CardTitle>
        {update ? <EditDestinationDialog destination={destination} update={update} /> : null}
      </CardHeader>
      <CardContent className="py-1">
        <dl className="divide-y" data-testid="destination-settings">
          <Row term="URL">
            <span className="flex items-center gap-1">
              <span className="break-all font-mono text-[13px]" data-testid="destination-url">
                {destination.url}
              </span>
              <CopyButton value={destination.url} label="Copy the URL" />
            </span>
          </Row>
          <Row term="Event types">
            <EventTypes patterns={destination.eventTypes} />
          </Row>
          <Row term="Released events">{destination.forwardReleased ? "Forwarded: events an operator released from quarantine are sent too" : "Not forwarded: only events that passed every check"}</Row>
          <Row term="Internal addresses">
            {destination.allowInternal ? (
              <span className="flex flex-wrap items-center gap-2">
                <Badge tone="warning">Allowed</Badge>
                <span className="text-[13px] text-muted-foreground">an admin let it reach this machine and private networks (and plain http://)</span>
              </span>
            ) : (
              "Refused: loopback, private, link-local and metadata addresses are never reached"
            )}
          </Row>
          <Row term="Signing secret">
            <span className="font-mono text-[13px]" data-testid="secret-fingerprint">
              {destination.secretFingerprint}
            </span>{" "}
            <span className="text-[13px] text-muted-foreground">(its fingerprint; the secret was shown once)</span>
            {destination.previousSecret ? (
              <p className="text-[13px]" data-testid="previous-secret">
                The previous secret (<span className="font-mono">{destination.previousSecret.fingerprint}</span>) signs too until <ExactTime value={destination.previousSecret.expiresAt} milliseconds={false} />.
              </p>
            ) : null}
          </Row>
          <Row term="Last delivered">{destination.lastSuccessAt ? <RelativeTime value={destination.lastSuccessAt} /> : "Never yet"}</Row>
          {destination.failingSince ? (
            <Row term="Failing since">
              <span className="text-destructive">
                <RelativeTime value={destination.failingSince} />: {destination.consecutiveFailures.toLocaleString("en-US")} failed attempt{destination.consecutiveFailures === 1 ? "" : "s"} in a row
              </span>
            </Row>
          ) : null}
          <Row term="Added">
            <RelativeTime value={destination.createdAt} />
          </Row>
        </dl>
      </CardContent>
    </Card>
  );
}
