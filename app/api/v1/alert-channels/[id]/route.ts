// GET /api/v1/alert-channels/{id} — one channel (id or name) and its newest deliveries (operator and up)
// PATCH /api/v1/alert-channels/{id} — change it: any of { name, minSeverity, enabled, url | smtpUrl, from, to, rotateSigningSecret } (admin)
// DELETE /api/v1/alert-channels/{id} — delete it: { reason } (admin)
import { deleteAlertChannel } from "@/server/alert-channels/delete-alert-channel";
import { getAlertChannelOrThrow } from "@/server/alert-channels/get-alert-channel-or-throw";
import { updateAlertChannel } from "@/server/alert-channels/update-alert-channel";
import { apiHandler, readJson } from "@/server/http/api-handler";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export const GET = apiHandler<Context>("alert_channels.list", async (_request, _principal, context) => getAlertChannelOrThrow((await context.params).id));

export const PATCH = apiHandler<Context>("alert_channels.update", async (request, principal, context) => {
  const body = (await readJson(request)) as Record<string, unknown>;
  return updateAlertChannel({ ...body, id: (await context.params).id }, principal.audit);
});

export const DELETE = apiHandler<Context>("alert_channels.delete", async (request, principal, context) => {
  const body = (await readJson(request)) as Record<string, unknown>;
  return deleteAlertChannel({ ...body, id: (await context.params).id }, principal.audit);
});
