"use server";
// Server actions of /admin/alert-channels: add, change and delete alert channels (alert_channels.create, .update,
// .delete: admin); send a test message (alert_channels.test: operator and up)
import { CreateAlertChannelSchema, DeleteAlertChannelSchema, TestAlertChannelSchema, UpdateAlertChannelSchema } from "@/server/alert-channels/alert-channel-input";
import { createAlertChannel } from "@/server/alert-channels/create-alert-channel";
import { deleteAlertChannel } from "@/server/alert-channels/delete-alert-channel";
import { testAlertChannel } from "@/server/alert-channels/test-alert-channel";
import { updateAlertChannel } from "@/server/alert-channels/update-alert-channel";
import { defineAction } from "@/server/auth/action";

/** A webhook channel's signing secret comes back in this answer only: the page shows it once. */
export const createAlertChannelAction = defineAction("alert_channels.create", CreateAlertChannelSchema, (input, { audit }) => createAlertChannel(input, audit));

export const updateAlertChannelAction = defineAction("alert_channels.update", UpdateAlertChannelSchema, (input, { audit }) => updateAlertChannel(input, audit));

export const deleteAlertChannelAction = defineAction("alert_channels.delete", DeleteAlertChannelSchema, (input, { audit }) => deleteAlertChannel(input, audit));

export const testAlertChannelAction = defineAction("alert_channels.test", TestAlertChannelSchema, (input, { audit }) => testAlertChannel(input, audit));
