import type { BreakerActionSet } from "@/components/gatekeeper/breaker-actions";
import type { ForceOpenAction } from "@/components/gatekeeper/force-open-dialog";
import type { ReleaseChosen } from "@/components/gatekeeper/held-events-table";
import { permits } from "@/server/auth/permissions";
import type { Role } from "@/server/auth/roles";
import { closeBreakerAction, forceOpenBreakerAction, halfOpenBreakerAction, releaseBreakerHeldAction, releaseChosenEventsAction, shedBreakerAction } from "./actions";

/** The breaker actions this role may take: the others are never sent to the browser (the server checks each call again anyway). */
export function breakerActionsFor(role: Role): { actions: BreakerActionSet & { forceOpen?: ForceOpenAction }; releaseChosen?: ReleaseChosen } {
  return {
    actions: {
      releaseAll: permits(role, "gatekeeper.release_held") ? releaseBreakerHeldAction : undefined,
      halfOpen: permits(role, "gatekeeper.half_open") ? halfOpenBreakerAction : undefined,
      close: permits(role, "gatekeeper.force_breaker") ? closeBreakerAction : undefined,
      shed: permits(role, "gatekeeper.shed") ? shedBreakerAction : undefined,
      forceOpen: permits(role, "gatekeeper.force_breaker") ? forceOpenBreakerAction : undefined,
    },
    releaseChosen: permits(role, "gatekeeper.release_held") ? releaseChosenEventsAction : undefined,
  };
}
