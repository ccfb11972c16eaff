// POST /api/stripe/webhook — verify, record, enqueue (the default endpoint)
import { DEFAULT_ENDPOINT } from "@/server/endpoints/endpoint-name";
import { handleWebhookRequest } from "@/server/intake/handle-webhook-request";

export const dynamic = "force-dynamic";

export function POST(request: Request): Promise<Response> {
  return handleWebhookRequest(request, DEFAULT_ENDPOINT);
}
