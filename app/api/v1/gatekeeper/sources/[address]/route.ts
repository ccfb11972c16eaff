// DELETE /api/v1/gatekeeper/sources/{address} — { reason? }: remove an address from Stripe's list (admin)
import { removeSourceAddress } from "@/server/gatekeeper/sources/remove-source-address";
import { apiHandler, readJson } from "@/server/http/api-handler";

export const dynamic = "force-dynamic";

export const DELETE = apiHandler<{ params: Promise<{ address: string }> }>("gatekeeper.edit_sources", async (request, principal, context) => {
  const body = (await readJson(request)) as Record<string, unknown> | null;
  return removeSourceAddress({ reason: body?.reason, address: (await context.params).address }, principal.audit);
});
