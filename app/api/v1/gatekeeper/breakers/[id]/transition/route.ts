// POST /api/v1/gatekeeper/breakers/{id}/transition — { to: "half_open" (operator) | "closed" | "shed" (admin), reason, hours?, releasePerTick? }
import { permits } from "@/server/auth/permissions";
import { CHANGE_ACTIONS, changeBreaker } from "@/server/gatekeeper/breaker/change-breaker";
import { AppError } from "@/server/errors";
import { apiHandler, readJson } from "@/server/http/api-handler";

export const dynamic = "force-dynamic";

// The key must allow the weakest change (half-open) to get here; each change then needs its own action's role.
export const POST = apiHandler<{ params: Promise<{ id: string }> }>("gatekeeper.half_open", async (request, principal, context) => {
  const body = await readJson(request);
  const to = typeof body === "object" && body !== null ? (body as { to?: unknown }).to : undefined;
  const action = typeof to === "string" && Object.hasOwn(CHANGE_ACTIONS, to) ? CHANGE_ACTIONS[to as keyof typeof CHANGE_ACTIONS] : null;
  if (action && !permits(principal.role, action)) throw new AppError("forbidden", `Moving a breaker to ${to} needs the admin role.`);
  return changeBreaker((await context.params).id, body, principal.audit);
});
