/**
 * Two web instances (HOOKWARDEN_ROLE=web) and two worker processes (HOOKWARDEN_ROLE=worker) on
 * one database, as a scaled-out deployment runs. The load goes to both instances, with copies
 * of some deliveries sent to both at the same moment, while both workers process: every effect
 * must still happen exactly once. The first quarter of the load arrives before any worker runs,
 * which also shows that a web process processes nothing.
 */
import { defineFaultCase } from "../support/fault-case";
import { describeCounts, statusCounts, verifyAcknowledgedRecorded, verifyAppliedOnce } from "../support/ledger";
import { count, retryUnacknowledged, sendDeliveries, TrafficLog, workloadDeliveries, type FaultDelivery } from "../support/traffic";

const RATE = 250;
/** Every this many deliveries, a copy goes to the other instance at the same moment. */
const RACE_EVERY = 5;
/**
 * Of those races, this many are exact replays (the same signature). The gatekeeper counts exact
 * replays: 10 in a minute trip its replay-surge breaker, which holds the replayed types (tested in
 * server/gatekeeper/); this case is about processing, so it stays below that.
 */
const EXACT_REPLAYS = 8;

export default defineFaultCase({
  title: "two web instances and two workers on one database",
  timeoutSeconds: 150,
  async run(context) {
    const deliveries = workloadDeliveries(context.workload);
    const [a, b] = await Promise.all([context.startWeb("web A", { HOOKWARDEN_ROLE: "web" }), context.startWeb("web B", { HOOKWARDEN_ROLE: "web" })]);
    context.note(`both web instances started at once on the same database (HOOKWARDEN_ROLE=web)`);
    const targets = [a.baseUrl, b.baseUrl];
    const route = (_delivery: FaultDelivery, index: number) => (index % RACE_EVERY === 0 ? [targets[index % 2]!, targets[(index + 1) % 2]!] : [targets[index % 2]!]);
    const exactReplay = (_delivery: FaultDelivery, index: number) => index % RACE_EVERY === 0 && index / RACE_EVERY < EXACT_REPLAYS;
    const log = new TrafficLog();

    const beforeWorkers = Math.floor(deliveries.length / 4);
    const early = await sendDeliveries({ deliveries: deliveries.slice(0, beforeWorkers), secret: context.secret, route, exactReplay, ratePerSecond: RATE, log });
    const queued = await statusCounts(context.databaseUrl);
    context.verify(
      Object.keys(queued).every((status) => status === "queued"),
      `with no worker running, the web instances processed nothing: ${describeCounts(queued)}`,
    );

    const workers = await Promise.all([context.startWorker("worker 1"), context.startWorker("worker 2")]);
    const rest = await sendDeliveries({
      deliveries: deliveries.slice(beforeWorkers),
      secret: context.secret,
      route: (delivery, index) => route(delivery, index + beforeWorkers),
      exactReplay: (delivery, index) => exactReplay(delivery, index + beforeWorkers),
      ratePerSecond: RATE,
      log,
    });
    const racing = Math.ceil(deliveries.length / RACE_EVERY);
    context.injected(
      `${count(deliveries.length)} deliveries alternately to web A and web B (${early.summary} before the workers started, ${rest.summary} after); ${count(racing)} of them also sent to the other instance at the same moment ` +
        `(${EXACT_REPLAYS} as exact replays, the rest re-signed); ${count(log.sent)} requests in all`,
    );
    context.note(`answers: web A ${describeCounts(log.statusCounts((answer) => answer.target === a.baseUrl))}; web B ${describeCounts(log.statusCounts((answer) => answer.target === b.baseUrl))}`);
    context.verify(Object.keys(log.statusCounts()).every((status) => status === "200"), `every request was answered 200`);
    const retried = await retryUnacknowledged({ deliveries, secret: context.secret, route: (delivery, index) => [targets[index % 2]!], ratePerSecond: RATE, log });
    context.verify(retried.unacknowledged.length === 0, `nothing left unacknowledged (${retried.resent} re-sent)`);
    await verifyAcknowledgedRecorded(context, log, "with two instances");
    await verifyAppliedOnce(context);
    const alive = [a, b, ...workers].filter((server) => !server.hasExited());
    context.verify(alive.length === 4, `all four processes still running at the end (pids ${[a, b, ...workers].map((server) => server.pid).join(", ")})`);
  },
});
