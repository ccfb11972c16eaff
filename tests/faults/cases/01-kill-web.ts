/**
 * kill -9 of the web process in the middle of the load. Whatever it had answered 2xx must be
 * in the ledger; after a restart (and Stripe's retries of what got no answer) every event is
 * processed exactly once, including those the dead process had claimed.
 */
import { defineFaultCase } from "../support/fault-case";
import { describeCounts, statusCounts, verifyAcknowledgedRecorded, verifyAppliedOnce } from "../support/ledger";
import { count, retryUnacknowledged, sendDeliveries, TrafficLog, workloadDeliveries } from "../support/traffic";

const RATE = 250;

export default defineFaultCase({
  title: "kill -9 of the web process",
  timeoutSeconds: 150,
  async run(context) {
    const deliveries = workloadDeliveries(context.workload);
    const first = await context.startWeb("web A");
    const log = new TrafficLog();
    const killAfter = Math.floor(deliveries.length / 2);
    let killedAt = Infinity;
    const load = await sendDeliveries({
      deliveries,
      secret: context.secret,
      route: () => [first.baseUrl],
      ratePerSecond: RATE,
      log,
      triggers: [
        {
          afterAnswers: killAfter,
          run: async () => {
            process.kill(first.pid, "SIGKILL");
            killedAt = performance.now();
            context.injected(`SIGKILL to web A (pid ${first.pid}) after ${count(log.answers.length)} of ${count(deliveries.length)} deliveries answered (${count(log.sent - log.answers.length)} in flight)`);
          },
        },
      ],
    });
    context.note(`load done: ${load.summary}; answers ${describeCounts(log.statusCounts())}`);
    const before = log.statusCounts((answer) => answer.at < killedAt);
    context.verify(
      Object.keys(before).every((status) => status === "200") && Object.keys(log.statusCounts()).every((status) => status === "200" || status.startsWith("no answer")),
      `every delivery was answered 200 until the kill (${describeCounts(before)}), and 200 or not at all after it`,
    );
    await verifyAcknowledgedRecorded(context, log, "with web A dead");
    const atKill = await statusCounts(context.databaseUrl);
    context.note(`ledger with no server running: ${describeCounts(atKill)}`);

    const second = await context.startWeb("web A, restarted");
    const retried = await retryUnacknowledged({ deliveries, secret: context.secret, route: () => [second.baseUrl], ratePerSecond: RATE, log });
    context.verify(retried.unacknowledged.length === 0, `Stripe's retries: ${count(retried.resent)} deliveries re-sent in ${retried.rounds} rounds, ${retried.unacknowledged.length} events still unacknowledged`);
    await verifyAcknowledgedRecorded(context, log, "after the restart");
    await verifyAppliedOnce(context);
  },
});
