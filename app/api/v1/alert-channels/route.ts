// GET /api/v1/alert-channels — every alert channel: kind, destination host, minimum severity, state (operator and up)
// POST /api/v1/alert-channels — add one: { kind: "slack" | "webhook", name, url, minSeverity?, enabled? } or
//   { kind: "email", name, smtpUrl, from, to: [...], minSeverity?, enabled? } (admin); 201, a webhook's signing secret once
import { createAlertChannel } from "@/server/alert-channels/create-alert-channel";
import { listAlertChannels } from "@/server/alert-channels/list-alert-channels";
import { apiHandler, jsonResponse, readJson } from "@/server/http/api-handler";

export const dynamic = "force-dynamic";

export const GET = apiHandler("alert_channels.list", async () => ({ data: await listAlertChannels() }));

export const POST = apiHandler("alert_channels.create", async (request, principal) => jsonResponse(201, await createAlertChannel(await readJson(request), principal.audit)));
