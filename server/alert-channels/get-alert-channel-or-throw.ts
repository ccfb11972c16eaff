import { AppError } from "../errors";
import { findAlertChannelOrThrow } from "./find-alert-channel-or-throw";
import { listAlertChannels, type AlertChannelState } from "./list-alert-channels";
import { listAlertDeliveries, type AlertDeliveryView } from "./list-alert-deliveries";

/** One channel (by id or name) with its state and its newest deliveries; 404 when there is none. Never its destination or secret. */
export async function getAlertChannelOrThrow(idOrName: string): Promise<AlertChannelState & { deliveries: AlertDeliveryView[] }> {
  const { id } = await findAlertChannelOrThrow(idOrName, { id: true });
  const state = (await listAlertChannels()).find((channel) => channel.id === id);
  if (!state) throw new AppError("not_found", `No alert channel with the id or name "${idOrName.slice(0, 100)}".`);
  return { ...state, deliveries: await listAlertDeliveries({ channelId: id, limit: 50 }) };
}
