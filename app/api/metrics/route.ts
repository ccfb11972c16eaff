// GET /api/metrics — Prometheus metrics, for scrapers holding HOOKWARDEN_METRICS_TOKEN (404 while it is unset)
import { errorResponse } from "@/server/http/api-handler";
import { authorizeMetricsRequest } from "@/server/metrics/authorize-metrics-request";
import { renderMetrics } from "@/server/metrics/render-metrics";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  try {
    authorizeMetricsRequest(request.headers.get("authorization"));
    const { contentType, body } = await renderMetrics();
    return new Response(body, { status: 200, headers: { "content-type": contentType, "cache-control": "no-store" } });
  } catch (error) {
    return errorResponse(request, error);
  }
}
