// PUT /api/v1/endpoints/{name}/rotation-policy — { intervalDays: number | null, quietMinutes: number, autoRetire: boolean } (admin)
import { apiHandler, readJson } from "@/server/http/api-handler";
import { setRotationPolicy } from "@/server/rotation/set-rotation-policy";

export const dynamic = "force-dynamic";

export const PUT = apiHandler<{ params: Promise<{ name: string }> }>("endpoints.set_rotation_policy", async (request, principal, context) => {
  const body = (await readJson(request)) as Record<string, unknown>;
  return setRotationPolicy({ ...body, endpointName: (await context.params).name } as never, principal.audit);
});
