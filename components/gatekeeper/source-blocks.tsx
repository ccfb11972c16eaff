"use client";

import { Unlock } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { ActionResult } from "@/server/auth/action";
import type { SourceBlockView } from "@/server/gatekeeper/views/list-source-blocks";
import { useActionResult } from "./use-action-result";

export type LiftBlockAction = (input: { blockId: string; reason: string }) => Promise<ActionResult<{ address: string }>>;

const STATE = { blocked: { label: "Blocked", tone: "danger" }, lifted: { label: "Lifted", tone: "neutral" }, ended: { label: "Ended", tone: "muted" } } as const;

/** The flood limiter's blocks: in force now (admins lift one, with a reason), then the last week's. */
export function SourceBlocks({ blocks, label, lift }: { blocks: SourceBlockView[]; label: string; lift?: LiftBlockAction }) {
  const settle = useActionResult();
  return (
    <Table aria-label={label} wrapperClassName="rounded-md border">
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead>Source</TableHead>
          <TableHead>State</TableHead>
          <TableHead>Blocked</TableHead>
          <TableHead>Until</TableHead>
          <TableHead>Why</TableHead>
          {lift ? <TableHead><span className="sr-only">Lift</span></TableHead> : null}
        </TableRow>
      </TableHeader>
      <TableBody>
        {blocks.map((block) => (
          <TableRow key={block.id} data-testid="source-block" data-address={block.address} data-state={block.state}>
            <TableCell className="font-mono text-[13px]">{block.address}</TableCell>
            <TableCell>
              <Badge tone={STATE[block.state].tone}>{STATE[block.state].label}</Badge>
              {block.liftedBy ? <span className="block text-xs text-muted-foreground">by {block.liftedBy}</span> : null}
            </TableCell>
            <TableCell className="text-[13px]">
              <RelativeTime value={block.blockedAt} focusable={false} />
            </TableCell>
            <TableCell className="text-[13px]">
              <RelativeTime value={block.liftedAt ?? block.until} focusable={false} />
            </TableCell>
            <TableCell className="min-w-48 max-w-sm whitespace-normal text-xs">{block.reason}</TableCell>
            {lift ? (
              <TableCell>
                {block.state === "blocked" ? (
                  <ConfirmDialog
                    trigger={
                      <Button size="xs" variant="outline" data-testid="lift-block">
                        <Unlock aria-hidden /> Lift
                      </Button>
                    }
                    title={`Lift the block of ${block.address}?`}
                    description="Its requests are verified again, on every server within seconds."
                    consequences={["If it keeps sending forged or malformed requests, it is blocked again, for twice as long.", "Recorded with your reason in the audit log."]}
                    confirmLabel="Lift"
                    requireReason
                    reasonPlaceholder="Why? e.g. a partner's test server, a misconfigured relay"
                    onConfirm={({ reason }) => settle(lift({ blockId: block.id, reason }), (data) => `The block of ${data.address} is lifted.`)}
                  />
                ) : null}
              </TableCell>
            ) : null}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
