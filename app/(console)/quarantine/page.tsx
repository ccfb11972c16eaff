// GET /quarantine — open quarantine grouped by reason, with bulk release and reject (events.list; actions operator and up)
import type { Metadata } from "next";
import { ShieldCheck } from "lucide-react";
import { QuarantineBoard } from "@/components/quarantine/quarantine-board";
import { EmptyState } from "@/components/ui/empty-state";
import { ACTIONS, permits } from "@/server/auth/permissions";
import { requireUser } from "@/server/auth/require-user";
import { listOpenQuarantine } from "@/server/quarantine/list-open-quarantine";
import { rejectQuarantinedEventsAction, releaseQuarantinedEventsAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Quarantine" };

/** Items shown per reason; the group's count says how many there are in all. */
const PER_REASON = 50;

export default async function QuarantinePage() {
  const user = await requireUser(ACTIONS["events.list"].role);
  const { groups } = await listOpenQuarantine();
  const pages = await Promise.all(groups.map((group) => listOpenQuarantine({ reason: group.reason, limit: PER_REASON })));
  const items = pages.flatMap((result) =>
    (result.page?.data ?? []).map((item) => ({
      ledgerId: item.eventId,
      eventId: item.stripeEventId,
      type: item.type,
      reason: result.page!.reason,
      customerId: item.customerId,
      subject: item.subject,
      amount: item.amount,
      currency: item.currency,
      quarantinedAt: item.quarantinedAt,
    })),
  );
  const canAct = permits(user.role, "events.release") && permits(user.role, "events.reject");
  const total = groups.reduce((sum, group) => sum + group.count, 0);
  return (
    <div className="mx-auto flex max-w-7xl flex-col gap-4">
      <header>
        <h1 className="text-lg font-semibold tracking-tight">Quarantine</h1>
        <p className="text-sm text-muted-foreground">
          Events that did not add up: they applied nothing. Release one to apply it anyway, or reject it to close it; both need a reason and are audited.
          {total > items.length ? ` Showing the newest ${PER_REASON} of each reason (${total} open in all).` : null}
        </p>
      </header>
      {total === 0 ? (
        <EmptyState
          icon={ShieldCheck}
          title="Nothing in quarantine"
          commands={[{ label: "Every payment event so far agreed with its registered payment. To see one that does not:", command: "npx hookwarden simulate --scenario quarantine" }]}
        />
      ) : (
        <QuarantineBoard
          items={items}
          totals={Object.fromEntries(groups.map((group) => [group.reason, group.count]))}
          openHref="/events/{ledgerId}"
          canAct={canAct}
          releaseAction={canAct ? releaseQuarantinedEventsAction : undefined}
          rejectAction={canAct ? rejectQuarantinedEventsAction : undefined}
        />
      )}
    </div>
  );
}
