import { CopyCheck } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { RelativeTime } from "@/components/ui/relative-time";
import type { RotationTraffic } from "@/server/rotation/rotation-traffic";

const count = (value: number) => value.toLocaleString("en-US");

/**
 * Which secret verified the deliveries since the rotation began: a bar per secret with its
 * count and share (the role is written, not only coloured), then what running two Stripe
 * endpoints cost, which the ledger's dedup absorbed.
 */
export function RotationTrafficView({ traffic, open }: { traffic: RotationTraffic; open: boolean }) {
  const total = traffic.deliveries;
  return (
    <div className="flex flex-col gap-4" data-testid="rotation-traffic" data-deliveries={total}>
      <p className="text-sm text-muted-foreground">
        {total === 0
          ? open
            ? "No delivery since the rotation began. The share per secret appears as deliveries arrive."
            : "No delivery arrived while the rotation went on."
          : `${count(total)} deliver${total === 1 ? "y" : "ies"} verified since the rotation began${open ? "" : ", until it ended"}.`}
      </p>
      <ul className="flex flex-col gap-3">
        {traffic.bySecret.map((secret) => {
          const percent = total === 0 ? 0 : Math.round((secret.deliveries / total) * 100);
          return (
            <li key={secret.secretId} className="flex flex-col gap-1" data-testid="secret-share" data-fingerprint={secret.fingerprint} data-role={secret.role} data-deliveries={secret.deliveries}>
              <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
                <span className="flex items-center gap-2">
                  <code className="font-mono text-xs">{secret.fingerprint}</code>
                  <Badge tone={secret.role === "new" ? "info" : "neutral"}>{secret.role === "new" ? "New secret" : "Old secret"}</Badge>
                </span>
                <span className="tabular-nums" data-testid="share-figures">
                  {count(secret.deliveries)} deliver{secret.deliveries === 1 ? "y" : "ies"} · {percent}%
                </span>
              </div>
              <div
                role="meter"
                aria-label={`Share of deliveries verified by ${secret.role} secret ${secret.fingerprint}`}
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={percent}
                aria-valuetext={`${percent}%: ${secret.deliveries} of ${total}`}
                className="h-2 overflow-hidden rounded-full bg-muted"
              >
                <div className={cn("h-full rounded-full transition-[width] duration-500", secret.role === "new" ? "bg-sky-600 dark:bg-sky-400" : "bg-zinc-500 dark:bg-zinc-400")} style={{ width: `${percent}%` }} />
              </div>
              <p className="text-xs text-muted-foreground">
                {secret.duplicates > 0 ? `${count(secret.duplicates)} of them duplicates · ` : ""}
                {secret.lastAt ? (
                  <>
                    last <RelativeTime value={secret.lastAt} focusable={false} />
                  </>
                ) : (
                  "none yet"
                )}
              </p>
            </li>
          );
        })}
      </ul>
      <div className="flex items-start gap-2 rounded-md border bg-surface px-3 py-2.5 text-sm" data-testid="rotation-duplicates">
        <CopyCheck className="mt-0.5 size-4 shrink-0 text-muted-foreground" aria-hidden />
        <p>
          <span className="font-medium" data-testid="delivered-twice">
            {count(traffic.eventsDeliveredTwice)} event{traffic.eventsDeliveredTwice === 1 ? "" : "s"} delivered twice
          </span>{" "}
          (once signed by an old secret, once by the new one), and{" "}
          <span className="font-medium" data-testid="duplicates-absorbed">
            {count(traffic.duplicatesAbsorbed)} duplicate{traffic.duplicatesAbsorbed === 1 ? "" : "s"} absorbed
          </span>{" "}
          by the ledger&apos;s dedup. {traffic.duplicatesAbsorbed + traffic.eventsDeliveredTwice > 0 ? "They changed nothing: each event was processed once." : "Second copies change nothing: each event is processed once."}
        </p>
      </div>
    </div>
  );
}
