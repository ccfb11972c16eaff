// GET /api/health — liveness: 200 whenever this process serves HTTP, with the ledger's state as information
import { checkHealth } from "@/server/health/check-health";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  return Response.json(await checkHealth(), { headers: { "cache-control": "no-store" } });
}
