/**
 * PostgreSQL restarts in the middle of the load (a fast shutdown, a few seconds down, started
 * again on the same data and port). While it is down, intake must answer 503 with Retry-After
 * and nothing else (no 500, no other 5xx); nothing it answered 2xx may be lost; and the same
 * web process, never restarted, must recover on its own and process everything.
 */
import { defineFaultCase } from "../support/fault-case";
import { describeCounts, verifyAcknowledgedRecorded, verifyAppliedOnce } from "../support/ledger";
import { count, retryUnacknowledged, sendDeliveries, TrafficLog, workloadDeliveries, type Answer } from "../support/traffic";

const RATE = 200;
const DOWN_MS = 4_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export default defineFaultCase({
  title: "PostgreSQL restart under load",
  timeoutSeconds: 150,
  async run(context) {
    const deliveries = workloadDeliveries(context.workload);
    const web = await context.startWeb("web A");
    const log = new TrafficLog();
    let haltedAt = 0;
    let upAt = 0;
    const load = await sendDeliveries({
      deliveries,
      secret: context.secret,
      route: () => [web.baseUrl],
      ratePerSecond: RATE,
      log,
      triggers: [
        {
          afterAnswers: Math.floor(deliveries.length / 4),
          run: async () => {
            const pid = context.postgresPid();
            haltedAt = performance.now();
            context.injected(`PostgreSQL fast shutdown (postmaster pid ${pid}) after ${count(log.answers.length)} of ${count(deliveries.length)} deliveries answered`);
            await context.postgres.halt();
            context.note(`PostgreSQL stopped ${((performance.now() - haltedAt) / 1000).toFixed(1)} s after the shutdown began`);
            await sleep(DOWN_MS);
            await context.postgres.restart();
            upAt = performance.now();
            context.injected(`PostgreSQL started again after ${((upAt - haltedAt) / 1000).toFixed(1)} s (postmaster pid ${context.postgresPid()}, same data and port)`);
          },
        },
      ],
    });
    const during = (answer: Answer) => answer.at >= haltedAt && answer.at <= upAt;
    const firstOkAfter = log.answers.find((answer) => answer.at > upAt && answer.status === 200);
    context.note(`load done: ${load.summary}; answers ${describeCounts(log.statusCounts())}`);
    context.note(`  while PostgreSQL was down (${((upAt - haltedAt) / 1000).toFixed(1)} s): ${describeCounts(log.statusCounts(during))}`);
    const serverErrors = log.answers.filter((answer) => answer.status !== null && answer.status >= 500);
    context.verify(
      serverErrors.length > 0 && serverErrors.every((answer) => answer.status === 503),
      `the outage was answered 503 only: ${count(serverErrors.length)} answers ≥ 500, all 503: ${serverErrors.every((answer) => answer.status === 503)}`,
    );
    const withoutRetryAfter = serverErrors.filter((answer) => !answer.retryAfter).length;
    context.verify(withoutRetryAfter === 0, `every 503 carries Retry-After (${withoutRetryAfter} without; values seen: ${[...new Set(serverErrors.map((answer) => answer.retryAfter))].join(", ")})`);
    const other = Object.keys(log.statusCounts()).filter((status) => status !== "200" && status !== "503");
    context.verify(other.length === 0, `no other answer (no 500, no 4xx, no dropped connection): ${other.length === 0 ? "none" : other.join(", ")}`);
    context.verify(
      firstOkAfter !== undefined,
      `intake recovered by itself: first 200 ${firstOkAfter ? `${((firstOkAfter.at - upAt) / 1000).toFixed(2)} s after PostgreSQL was back` : "never"}`,
    );
    context.verify(!web.hasExited(), `web A (pid ${web.pid}) was never restarted and is still running`);
    await verifyAcknowledgedRecorded(context, log, "after the restart");

    const retried = await retryUnacknowledged({ deliveries, secret: context.secret, route: () => [web.baseUrl], ratePerSecond: RATE, log });
    context.verify(retried.unacknowledged.length === 0, `Stripe's retries of the 503s: ${count(retried.resent)} deliveries re-sent in ${retried.rounds} rounds, ${retried.unacknowledged.length} events still unacknowledged`);
    await verifyAppliedOnce(context);
  },
});
