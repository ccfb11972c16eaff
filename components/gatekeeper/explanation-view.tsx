import { ShieldAlert, ShieldCheck } from "lucide-react";
import { JsonTree } from "@/components/ui/json-tree";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { describeExplanation } from "@/server/gatekeeper/views/describe-explanation";

/**
 * A decision's or breaker's evidence, readable: each feature with its value, what it was compared
 * with, the limit and the score; the model's view; the rest as labelled facts. The recorded JSON
 * stays one click away for whoever wants it.
 */
export function ExplanationView({ explanation, label }: { explanation: Record<string, unknown>; label: string }) {
  const view = describeExplanation(explanation);
  const empty = !view.rule && !view.sentence && view.features.length === 0 && !view.model && view.facts.length === 0;
  if (empty) return <p className="text-xs text-muted-foreground">No further evidence recorded.</p>;
  return (
    <div className="flex flex-col gap-3 text-sm" data-testid="explanation">
      {view.rule ? (
        <p className="flex flex-wrap items-center gap-1.5">
          {view.attack === true ? <ShieldAlert className="size-4 text-red-700 dark:text-red-300" aria-hidden /> : view.attack === false ? <ShieldCheck className="size-4 text-emerald-700 dark:text-emerald-300" aria-hidden /> : null}
          <span>
            Rule: <strong className="font-medium">{view.rule}</strong>
            {view.attack === true ? " — taken for an attack." : view.attack === false ? " — noted, not acted on." : "."}
          </span>
        </p>
      ) : null}
      {view.sentence ? <p className="text-[13px]">{view.sentence}</p> : null}
      {view.features.length > 0 ? (
        <Table aria-label={`Features behind ${label}`} wrapperClassName="rounded-md border">
          <TableHeader>
            <TableRow className="hover:bg-transparent">
              <TableHead>Feature</TableHead>
              <TableHead className="text-right">Value</TableHead>
              <TableHead>Compared with</TableHead>
              <TableHead className="text-right">Limit</TableHead>
              <TableHead>Score</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {view.features.map((feature, index) => (
              <TableRow key={`${feature.feature}-${index}`} data-testid="explanation-feature">
                <TableCell className="min-w-48 whitespace-normal">
                  {feature.feature}
                  {feature.note ? <span className="block text-xs text-muted-foreground">{feature.note}</span> : null}
                </TableCell>
                <TableCell className="text-right font-medium tabular-nums">{feature.value}</TableCell>
                <TableCell className="tabular-nums">{feature.comparedWith ?? <span className="text-muted-foreground">—</span>}</TableCell>
                <TableCell className="text-right tabular-nums">{feature.limit ?? <span className="text-muted-foreground">—</span>}</TableCell>
                <TableCell className="tabular-nums">{feature.score ?? <span className="text-muted-foreground">—</span>}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
      {view.model ? (
        <p className="text-[13px]">
          Isolation forest score <strong className="font-medium tabular-nums">{view.model.score ?? "—"}</strong>
          {view.model.note ? <span className="text-muted-foreground"> ({view.model.note})</span> : null}
          {view.model.contributions.length ? <>; it stood out most in {view.model.contributions.map((part) => (part.value === "—" ? `${part.feature} (${part.share})` : `${part.feature} (${part.value}, ${part.share})`)).join(", ")}.</> : "."}
        </p>
      ) : null}
      {view.facts.length > 0 ? (
        <dl className="grid grid-cols-[minmax(8rem,max-content)_1fr] gap-x-4 gap-y-1 text-[13px]">
          {view.facts.map((fact) => (
            <div key={fact.label} className="contents">
              <dt className="text-muted-foreground">{fact.label}</dt>
              <dd className="min-w-0 break-words">{fact.value}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      <details className="text-xs">
        <summary className="w-fit cursor-pointer text-muted-foreground hover:text-foreground">Recorded evidence (JSON)</summary>
        <JsonTree value={explanation} label={`Evidence of ${label}`} defaultExpandDepth={1} className="mt-2" />
      </details>
    </div>
  );
}
