"use server";
// Server actions of /reconciliation/{id}: repair one open finding (reconciliations.repair: operator and up); dismiss one
// with a reason (reconciliations.dismiss: operator and up)
import { z } from "zod";
import { defineAction } from "@/server/auth/action";
import { dismissFinding, DismissFindingSchema } from "@/server/reconcile/dismiss-finding";
import { repairOpenFinding } from "@/server/reconcile/repair-open-finding";

const RepairFindingSchema = z.object({ id: z.string().regex(/^[0-9]{1,18}$/, "id must be a finding id") });

/** Fetches Stripe's state again and repairs through the effect path; the domain audits it. Answers the ledger event the repair went through. */
export const repairFindingAction = defineAction("reconciliations.repair", RepairFindingSchema, async ({ id }, { audit }) => {
  const repaired = await repairOpenFinding(id, audit);
  return { findingId: repaired.findingId, repairEventId: repaired.repairEventId };
});

/** Marks an open finding dismissed: nothing in the books changes; the reason goes to the audit log. */
export const dismissFindingAction = defineAction("reconciliations.dismiss", DismissFindingSchema, (input, { audit }) => dismissFinding(input, audit));
