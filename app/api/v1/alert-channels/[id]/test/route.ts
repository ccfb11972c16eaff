// POST /api/v1/alert-channels/{id}/test — send a marked test message now: { delivered, error, durationMs } (operator and up)
import { testAlertChannel } from "@/server/alert-channels/test-alert-channel";
import { apiHandler } from "@/server/http/api-handler";

export const dynamic = "force-dynamic";

export const POST = apiHandler<{ params: Promise<{ id: string }> }>("alert_channels.test", async (_request, principal, context) => testAlertChannel({ id: (await context.params).id }, principal.audit));
