// GET /admin/alert-channels — where alerts are sent: channels (Slack, signed webhook, e-mail) with their state, a test button,
// recent deliveries; admins add, change, disable and delete channels (alert_channels.list: operator and up)
import type { Metadata } from "next";
import { AdminNav } from "@/components/admin/admin-nav";
import { AlertChannelsAdmin } from "@/components/alert-channels/alert-channels-admin";
import { listAlertChannels } from "@/server/alert-channels/list-alert-channels";
import { listAlertDeliveries } from "@/server/alert-channels/list-alert-deliveries";
import { ACTIONS, permits } from "@/server/auth/permissions";
import { requireUser } from "@/server/auth/require-user";
import { env } from "@/server/env";
import { createAlertChannelAction, deleteAlertChannelAction, testAlertChannelAction, updateAlertChannelAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Alert channels · Admin · Hookwarden" };

export default async function AlertChannelsPage() {
  const user = await requireUser(ACTIONS["alert_channels.list"].role);
  const config = env();
  const [channels, deliveries] = await Promise.all([listAlertChannels(), listAlertDeliveries({ limit: 50 })]);
  const admin = permits(user.role, "alert_channels.create");
  return (
    <div className="mx-auto flex max-w-6xl flex-col gap-6 p-6 lg:p-8">
      <header className="flex flex-col gap-4">
        <div>
          <h1 className="text-2xl font-semibold">{admin ? "Admin" : "Alert channels"}</h1>
          <p className="text-sm text-muted-foreground">
            Where Hookwarden says that a problem started and that it ended: one message each, never one per event. Destinations and signing secrets are stored
            encrypted and never shown again: only their host and fingerprint. Every change and every test is recorded in the audit log.
          </p>
        </div>
        {admin ? <AdminNav current="/admin/alert-channels" /> : null}
      </header>
      <AlertChannelsAdmin
        channels={channels}
        deliveries={deliveries}
        rules={{ ratePerMinute: config.HOOKWARDEN_ALERT_RATE_PER_MINUTE, flapMinutes: config.HOOKWARDEN_ALERT_FLAP_MINUTES }}
        canManage={admin}
        actions={admin ? { create: createAlertChannelAction, update: updateAlertChannelAction, remove: deleteAlertChannelAction, test: testAlertChannelAction } : { test: testAlertChannelAction }}
      />
    </div>
  );
}
