// POST /api/stripe/webhook/{endpoint} — verify, record, enqueue (a named endpoint)
import { handleWebhookRequest } from "@/server/intake/handle-webhook-request";

export const dynamic = "force-dynamic";

export async function POST(request: Request, context: { params: Promise<{ endpoint: string }> }): Promise<Response> {
  const { endpoint } = await context.params;
  return handleWebhookRequest(request, endpoint);
}
