import Link from "next/link";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { NavigableTableBody, NavigableTableRow } from "@/components/ui/navigable-table";
import type { RotationView } from "@/server/rotation/get-rotation-or-throw";
import { rotationKindLabel } from "./looks";
import { RotationStatusBadge } from "./rotation-status-badge";

export const rotationHref = (id: string) => `/admin/rotations/${id}`;

/** An endpoint's latest rotations, newest first; each row opens the rotation's page. */
export function RotationsTable({ rotations }: { rotations: RotationView[] }) {
  return (
    <Table>
      <caption className="sr-only">Latest rotations, newest first</caption>
      <TableHeader>
        <TableRow>
          <TableHead scope="col">Kind</TableHead>
          <TableHead scope="col">Status</TableHead>
          <TableHead scope="col">Started</TableHead>
          <TableHead scope="col">By</TableHead>
          <TableHead scope="col">New secret</TableHead>
          <TableHead scope="col">Outcome</TableHead>
        </TableRow>
      </TableHeader>
      <NavigableTableBody rowCount={rotations.length} hrefs={rotations.map((rotation) => rotationHref(rotation.id))}>
        {rotations.map((rotation, index) => (
          <NavigableTableRow key={rotation.id} index={index} data-testid="rotation-row" data-rotation={rotation.id}>
            <TableCell>
              <Link href={rotationHref(rotation.id)} className="font-medium underline-offset-4 hover:underline">
                {rotationKindLabel(rotation.kind)}
              </Link>
            </TableCell>
            <TableCell>
              <RotationStatusBadge status={rotation.status} />
            </TableCell>
            <TableCell className="whitespace-nowrap text-xs">
              <RelativeTime value={rotation.startedAt} focusable={false} />
            </TableCell>
            <TableCell className="max-w-48 truncate text-xs">{rotation.startedBy ?? "—"}</TableCell>
            <TableCell className="font-mono text-xs">{rotation.newSecret ?? "—"}</TableCell>
            <TableCell className="max-w-md text-xs text-muted-foreground">{rotation.outcome ?? (rotation.finishedAt ? "—" : "going on")}</TableCell>
          </NavigableTableRow>
        ))}
      </NavigableTableBody>
    </Table>
  );
}
