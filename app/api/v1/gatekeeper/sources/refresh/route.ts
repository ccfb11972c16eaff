// POST /api/v1/gatekeeper/sources/refresh — { reason? }: replace Stripe's addresses by its published list, keeping the admins' (admin)
import { refreshSourceAddresses } from "@/server/gatekeeper/sources/refresh-source-addresses";
import { apiHandler, readJson } from "@/server/http/api-handler";

export const dynamic = "force-dynamic";

export const POST = apiHandler("gatekeeper.edit_sources", async (request, principal) => refreshSourceAddresses(await readJson(request), principal.audit));
