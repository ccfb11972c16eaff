"use client";

import { useRouter } from "next/navigation";
import type { ActionResult } from "@/components/ui/confirm";
import { QuarantineGroups, type QuarantineGroupsProps } from "./quarantine-groups";

type Outcome = { decided: number; failed: { id: string; message: string }[] };
type BulkAction = (input: { ids: string[]; reason: string }) => Promise<{ ok: true; data: Outcome } | { ok: false; error: { message: string } }>;

export type QuarantineBoardProps = Omit<QuarantineGroupsProps, "releaseAction" | "rejectAction"> & {
  releaseAction?: BulkAction;
  rejectAction?: BulkAction;
};

/** The quarantine groups wired to the page's server actions: each result says what was decided and what was not, and why. */
export function QuarantineBoard({ releaseAction, rejectAction, ...props }: QuarantineBoardProps) {
  const router = useRouter();
  const wire = (action: BulkAction | undefined, verb: string) =>
    action
      ? async (ids: string[], reason: string): Promise<ActionResult> => {
          const result = await action({ ids, reason });
          if (!result.ok) return { ok: false, error: result.error.message };
          router.refresh();
          const { decided, failed } = result.data;
          const done = `${verb} ${decided} event${decided === 1 ? "" : "s"}.`;
          if (failed.length === 0) return { ok: true, message: done };
          return { ok: true, message: `${done} ${failed.length} could not be: ${failed[0]!.message}` };
        }
      : undefined;
  return <QuarantineGroups {...props} releaseAction={wire(releaseAction, "Released")} rejectAction={wire(rejectAction, "Rejected")} />;
}
