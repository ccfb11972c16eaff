import { prisma } from "@/server/db";
import { QUEUE_STATUSES } from "@/server/ledger/event-status";
import { drainQueue } from "@/server/queue/embedded-runner";

/**
 * Processes the queue until none of these events (Stripe ids on one endpoint) is still owed
 * work. Test files share one database and any of them may be draining the queue, so an event
 * can be in another file's hands for a moment: wait for it rather than read a passing status.
 */
export async function settleEvents(endpoint: string, stripeEventIds: string[], timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await drainQueue({ concurrency: 8 });
    const pending = await prisma().stripeEvent.count({
      where: { stripeEventId: { in: stripeEventIds }, endpoint: { name: endpoint }, status: { in: [...QUEUE_STATUSES] } },
    });
    if (pending === 0) return;
    if (Date.now() > deadline) throw new Error(`${pending} events still unsettled after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
