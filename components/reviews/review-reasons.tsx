import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { ScoredReason } from "@/server/gatekeeper/fraud/score-payment-sequence";

/** Why the sequence scored what it did: each feature, what was measured, its threshold, its weight (and how decisions tuned it), its points. */
export function ReviewReasons({ reasons, score }: { reasons: ScoredReason[]; score: number }) {
  return (
    <Table data-testid="review-reasons">
      <caption className="sr-only">The reasons of the score, most points first</caption>
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead>Reason</TableHead>
          <TableHead>Seen</TableHead>
          <TableHead>Counts when</TableHead>
          <TableHead className="text-right">Weight</TableHead>
          <TableHead className="text-right">Points</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {reasons.map((reason) => (
          <TableRow key={reason.feature} data-testid="review-reason" data-feature={reason.feature} className="align-top">
            <TableCell className="min-w-52 max-w-80 whitespace-normal py-2.5">
              <p className="font-medium">{reason.label}</p>
              <p className="text-xs text-muted-foreground">{reason.explanation}</p>
            </TableCell>
            <TableCell className="max-w-72 whitespace-normal py-2.5 text-[13px]">{reason.observed}</TableCell>
            <TableCell className="max-w-64 whitespace-normal py-2.5 text-xs text-muted-foreground">{reason.threshold}</TableCell>
            <TableCell className="py-2.5 text-right tabular-nums">
              {reason.weight}
              {reason.tuning ? <span className="block max-w-56 whitespace-normal text-xs text-muted-foreground">{reason.tuning}</span> : null}
            </TableCell>
            <TableCell className="py-2.5 text-right font-medium tabular-nums">+{reason.points}</TableCell>
          </TableRow>
        ))}
        <TableRow className="hover:bg-transparent">
          <TableCell colSpan={4} className="text-right text-muted-foreground">
            Score (the points added up, at most 100)
          </TableCell>
          <TableCell className="text-right font-semibold tabular-nums">{score}</TableCell>
        </TableRow>
      </TableBody>
    </Table>
  );
}
