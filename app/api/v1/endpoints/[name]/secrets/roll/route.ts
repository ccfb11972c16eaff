// POST /api/v1/endpoints/{name}/secrets/roll — a manual roll: { secret: "whsec_...", overlapHours?: 0-24 (default 24), label? } (admin); 201, the new secret's fingerprint only
import { apiHandler, jsonResponse, readJson } from "@/server/http/api-handler";
import { rollSigningSecret } from "@/server/rotation/roll-signing-secret";

export const dynamic = "force-dynamic";

export const POST = apiHandler<{ params: Promise<{ name: string }> }>("secrets.roll", async (request, principal, context) => {
  const body = (await readJson(request)) as Record<string, unknown>;
  const roll = await rollSigningSecret({ ...body, endpointName: (await context.params).name, source: "api" } as never, principal.audit);
  return jsonResponse(201, { ...roll, links: { rotation: `/api/v1/rotations/${roll.rotationId}` } });
});
