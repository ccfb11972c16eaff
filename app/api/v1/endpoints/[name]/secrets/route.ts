// GET /api/v1/endpoints/{name}/secrets — the endpoint's signing secrets (fingerprints and metadata only), rotation policy and latest rotations (admin)
import { apiHandler } from "@/server/http/api-handler";
import { listEndpointSecrets } from "@/server/rotation/list-endpoint-secrets";

export const dynamic = "force-dynamic";

export const GET = apiHandler<{ params: Promise<{ name: string }> }>("secrets.list", async (_request, _principal, context) => listEndpointSecrets((await context.params).name));
