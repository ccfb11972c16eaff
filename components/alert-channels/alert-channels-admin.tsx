"use client";

import { BellRing, Send } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { AlertChannelState } from "@/server/alert-channels/list-alert-channels";
import type { AlertDeliveryView } from "@/server/alert-channels/list-alert-deliveries";
import { KIND_LABELS, type AlertChannelActions } from "./alert-channel-actions";
import { AddAlertChannelForm } from "./add-alert-channel-form";
import { AlertDeliveriesTable } from "./alert-deliveries-table";
import { EditAlertChannelDialog } from "./edit-alert-channel-dialog";
import { SigningSecretDialog } from "./signing-secret-dialog";

type Rules = { ratePerMinute: number; flapMinutes: number };

/** The alert channels page: the rules in words, adding a channel (admins), each channel with its state and actions, recent deliveries. */
export function AlertChannelsAdmin({ channels, deliveries, rules, canManage, actions }: { channels: AlertChannelState[]; deliveries: AlertDeliveryView[]; rules: Rules; canManage: boolean; actions: AlertChannelActions }) {
  const [secret, setSecret] = useState<{ channel: string; secret: string } | null>(null);
  return (
    <div className="flex flex-col gap-8">
      <RulesNote rules={rules} />
      {canManage && actions.create ? <AddAlertChannelForm create={actions.create} onSigningSecret={setSecret} /> : null}
      <SigningSecretDialog shown={secret} onClose={() => setSecret(null)} />
      <section aria-labelledby="channels-heading" className="flex flex-col gap-3">
        <h2 id="channels-heading" className="text-base font-semibold">
          Channels <span className="font-normal text-muted-foreground">({channels.length})</span>
        </h2>
        {channels.length === 0 ? (
          <EmptyState icon={BellRing} title="No alert channel yet" commands={[{ label: "Or from the command line (the URL is read from standard input):", command: "npx hookwarden alert-channel add --kind slack --name ops-slack" }]}>
            Alerts are recorded and shown on the overview, but sent nowhere. {canManage ? "Add a Slack webhook, a signed webhook or an e-mail list above, then send it a test." : "An admin can add one."}
          </EmptyState>
        ) : (
          <Table>
            <caption className="sr-only">Alert channels by name</caption>
            <TableHeader>
              <TableRow>
                <TableHead scope="col">Channel</TableHead>
                <TableHead scope="col">Destination</TableHead>
                <TableHead scope="col">Sends</TableHead>
                <TableHead scope="col">State</TableHead>
                <TableHead scope="col">
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {channels.map((channel) => (
                <ChannelRow key={channel.id} channel={channel} canManage={canManage} actions={actions} onSigningSecret={setSecret} />
              ))}
            </TableBody>
          </Table>
        )}
      </section>
      <AlertDeliveriesTable deliveries={deliveries} />
    </div>
  );
}

function RulesNote({ rules }: { rules: Rules }) {
  return (
    <ul className="max-w-4xl list-disc space-y-1 pl-5 text-sm text-muted-foreground">
      <li>One message when an alert opens and one when it resolves; a repeat of an open alert sends nothing.</li>
      <li>
        A resolved alert is announced after {rules.flapMinutes} minutes{rules.flapMinutes === 0 ? " (at once)" : ""}: if the same problem comes back before that, neither is sent, and the channel
        hears once that it ended when it really has (HOOKWARDEN_ALERT_FLAP_MINUTES).
      </li>
      <li>
        At most {rules.ratePerMinute} messages a minute per channel (HOOKWARDEN_ALERT_RATE_PER_MINUTE); beyond that, the rest go together in one digest. Nothing is dropped.
      </li>
      <li>A failed message is retried after 30 s, then doubling up to 30 min, 10 times; other channels are not held up.</li>
    </ul>
  );
}

function ChannelRow({ channel, canManage, actions, onSigningSecret }: { channel: AlertChannelState; canManage: boolean; actions: AlertChannelActions; onSigningSecret: (shown: { channel: string; secret: string }) => void }) {
  const router = useRouter();
  const [testing, startTest] = useTransition();

  function sendTest() {
    startTest(async () => {
      const result = await actions.test({ id: channel.id });
      if (!result.ok) {
        toast.error(result.error.message);
        return;
      }
      if (result.data.delivered) toast.success(`Test message delivered to ${channel.name} (${channel.destination}) in ${result.data.durationMs} ms.`);
      else toast.error(`The test message to ${channel.name} failed: ${result.data.error}`);
      router.refresh();
    });
  }

  return (
    <TableRow data-testid="alert-channel-row" data-name={channel.name}>
      <TableCell>
        <div className="flex flex-col gap-1">
          <span className="font-medium">{channel.name}</span>
          <Badge tone="outline">{KIND_LABELS[channel.kind]}</Badge>
        </div>
      </TableCell>
      <TableCell className="text-sm">
        <span className="font-mono text-xs">{channel.destination}</span>
        {channel.kind === "email" ? (
          <p className="text-xs text-muted-foreground">
            {channel.emailFrom} → {channel.emailTo.join(", ")}
          </p>
        ) : null}
        {channel.signingSecretFingerprint ? <p className="text-xs text-muted-foreground">Signing secret {channel.signingSecretFingerprint}</p> : null}
      </TableCell>
      <TableCell className="text-sm">{channel.minSeverity === "critical" ? "Critical only" : "Every alert"}</TableCell>
      <TableCell className="text-sm">
        <div className="flex flex-col gap-1">
          {channel.enabled ? <Badge tone="success">Enabled</Badge> : <Badge tone="muted">Disabled</Badge>}
          {channel.pending > 0 ? <span className="text-xs">{channel.pending} to send</span> : null}
          {channel.failed > 0 ? <span className="text-xs text-destructive">{channel.failed} given up (7 days)</span> : null}
          <LastMessage message={channel.lastMessage} />
        </div>
      </TableCell>
      <TableCell>
        <div className="flex flex-wrap justify-end gap-1.5">
          <Button variant="outline" size="sm" onClick={sendTest} loading={testing} aria-label={`Send a test message to ${channel.name}`}>
            <Send aria-hidden /> Test
          </Button>
          {canManage && actions.update ? <ManageButtons channel={channel} update={actions.update} remove={actions.remove} onSigningSecret={onSigningSecret} /> : null}
        </div>
      </TableCell>
    </TableRow>
  );
}

function LastMessage({ message }: { message: AlertChannelState["lastMessage"] }) {
  if (!message) return <span className="text-xs text-muted-foreground">Nothing sent yet</span>;
  const what = message.type === "test" ? "Test" : message.type === "digest" ? "Digest" : "Alert";
  return (
    <span className={message.outcome === "failed" ? "text-xs text-destructive" : "text-xs text-muted-foreground"} data-testid="last-message" data-outcome={message.outcome}>
      {what} {message.outcome} <RelativeTime value={message.at} focusable={false} />
      {message.error ? `: ${message.error}` : ""}
    </span>
  );
}

function ManageButtons({
  channel,
  update,
  remove,
  onSigningSecret,
}: {
  channel: AlertChannelState;
  update: NonNullable<AlertChannelActions["update"]>;
  remove: AlertChannelActions["remove"];
  onSigningSecret: (shown: { channel: string; secret: string }) => void;
}) {
  const router = useRouter();
  return (
    <>
      <EditAlertChannelDialog channel={channel} update={update} />
      <ConfirmDialog
        trigger={
          <Button variant="outline" size="sm" aria-label={`${channel.enabled ? "Disable" : "Enable"} ${channel.name}`}>
            {channel.enabled ? "Disable" : "Enable"}
          </Button>
        }
        title={`${channel.enabled ? "Disable" : "Enable"} ${channel.name}?`}
        description={channel.enabled ? "Alerts stop going to this channel until it is enabled again." : "Alerts that open from now on go to this channel again."}
        consequences={
          channel.enabled
            ? ["What it still had to send is cancelled, so enabling it later does not deliver stale alerts.", "Alerts it was told opened will not be announced as resolved there."]
            : ["Alerts already open are not sent now; their resolution is, when they were announced here before."]
        }
        confirmLabel={channel.enabled ? "Disable channel" : "Enable channel"}
        destructive={channel.enabled}
        onConfirm={async () => {
          const result = await update({ id: channel.id, enabled: !channel.enabled });
          if (!result.ok) return { ok: false, error: result.error.message };
          router.refresh();
          return { ok: true, message: `${channel.name} is ${result.data.enabled ? "enabled" : "disabled"}; recorded in the audit log.` };
        }}
      />
      {channel.kind === "webhook" ? (
        <ConfirmDialog
          trigger={
            <Button variant="outline" size="sm" aria-label={`Rotate secret of ${channel.name}`}>
              Rotate secret
            </Button>
          }
          title={`New signing secret for ${channel.name}?`}
          description="A new secret is made and shown once; messages are signed with it from now on."
          consequences={["The current secret stops signing at once: the receiver refuses messages until it has the new one.", "Use it when the secret may have leaked."]}
          confirmLabel="Make a new secret"
          destructive
          onConfirm={async () => {
            const result = await update({ id: channel.id, rotateSigningSecret: true });
            if (!result.ok) return { ok: false, error: result.error.message };
            if (result.data.signingSecret) onSigningSecret({ channel: result.data.name, secret: result.data.signingSecret });
            router.refresh();
            return { ok: true, message: `${channel.name} signs with a new secret (${result.data.signingSecretFingerprint}); recorded in the audit log.` };
          }}
        />
      ) : null}
      {remove ? (
        <ConfirmDialog
          trigger={
            <Button variant="ghost" size="sm" className="text-destructive hover:text-destructive" aria-label={`Delete ${channel.name}`}>
              Delete
            </Button>
          }
          title={`Delete ${channel.name}?`}
          description={
            <>
              Alerts stop going to <span className="font-mono">{channel.destination}</span>.
            </>
          }
          consequences={["Its stored destination, signing secret and delivery history are deleted.", "It cannot be undone: add the channel again to get it back."]}
          confirmLabel="Delete channel"
          destructive
          requireReason
          onConfirm={async ({ reason }) => {
            const result = await remove({ id: channel.id, reason });
            if (!result.ok) return { ok: false, error: result.error.message };
            router.refresh();
            return { ok: true, message: `${channel.name} is deleted; recorded in the audit log.` };
          }}
        />
      ) : null}
    </>
  );
}
