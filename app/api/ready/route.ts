// GET /api/ready — readiness: 200 when this instance should get traffic, 503 naming each check that fails
import { checkReadiness } from "@/server/health/check-readiness";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const readiness = await checkReadiness();
  return Response.json(readiness, { status: readiness.ready ? 200 : 503, headers: { "cache-control": "no-store" } });
}
