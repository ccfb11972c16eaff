import type { ActionResult } from "@/server/auth/action";
import type { DestinationSummary } from "@/server/destinations/destination-summary";

type Ref = { destination: string };
type WithSecret = DestinationSummary & { signingSecret: string };

/**
 * The destination actions this user may take; the page passes only those (an operator's page has
 * no create, update, delete or rotate), and the server checks every call again anyway.
 */
export type DestinationActionSet = {
  create?: (input: FormData) => Promise<ActionResult<WithSecret>>;
  update?: (input: Ref & { url?: string; eventTypes?: string; forwardReleased?: boolean; allowInternal?: boolean }) => Promise<ActionResult<DestinationSummary>>;
  remove?: (input: Ref & { reason: string }) => Promise<ActionResult<{ deleted: string; pendingDropped: number }>>;
  rotate?: (input: Ref) => Promise<ActionResult<WithSecret>>;
  pause?: (input: Ref & { reason: string }) => Promise<ActionResult<DestinationSummary>>;
  resume?: (input: Ref) => Promise<ActionResult<DestinationSummary & { backlog: number }>>;
  retry?: (input: Ref & { reason: string; which: "dead" | "failing"; from?: string; to?: string }) => Promise<ActionResult<{ retried: number }>>;
};
