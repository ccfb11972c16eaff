/**
 * A destination (the business's app) that times out, then answers 500, then recovers. The web
 * process forwards every processed event to it: each event must be accepted by the app exactly
 * once, and each customer's events must arrive in the order Hookwarden processed them, however
 * many attempts failed in between.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { defineFaultCase } from "../support/fault-case";
import { describeCounts, query, verifyAcknowledgedRecorded, waitUntilSettled } from "../support/ledger";
import { count, sendDeliveries, TrafficLog, workloadDeliveries } from "../support/traffic";

const RATE = 400;
/** The app's behaviour, request by request: the first ones get no answer, the next ones a 500, then it recovers. */
const HANGING = 20;
const FAILING = 40;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export default defineFaultCase({
  title: "a destination that times out, answers 500, then recovers",
  timeoutSeconds: 150,
  async run(context) {
    const accepted: string[] = [];
    const answers = { hung: 0, failed: 0, accepted: 0 };
    const app = createServer((request, response) => {
      request.resume();
      request.on("end", () => {
        const seen = answers.hung + answers.failed + answers.accepted;
        if (seen < HANGING) {
          answers.hung += 1;
          return; // never answers: Hookwarden's attempt times out
        }
        if (seen < HANGING + FAILING) {
          answers.failed += 1;
          response.writeHead(500).end("database is down");
          return;
        }
        answers.accepted += 1;
        accepted.push(String(request.headers["webhook-id"]));
        response.writeHead(200).end("ok");
      });
    });
    await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
    const appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/hooks`;
    try {
      const web = await context.startWeb("web A", { HOOKWARDEN_DESTINATION_TIMEOUT_SECONDS: "1" });
      // The destination (once the server has made the default endpoint), through the domain function, on the case's database (the same keyring as the server's).
      process.env.DATABASE_URL = context.databaseUrl;
      const { reloadEnv } = await import("../../../server/env");
      reloadEnv();
      const { loadKeyring } = await import("../../../server/crypto/load-keyring");
      await loadKeyring();
      const { createDestination } = await import("../../../server/destinations/create-destination");
      await createDestination({ endpoint: "default", name: "flaky-app", url: appUrl, eventTypes: ["*"], allowInternal: true }, { actor: { kind: "cli", label: "test:faults" }, sourceAddress: null });
      context.injected(`the app at ${appUrl} gives no answer to its first ${HANGING} requests, answers 500 to the next ${FAILING}, then 200`);

      const log = new TrafficLog();
      const deliveries = workloadDeliveries(context.workload);
      const load = await sendDeliveries({ deliveries, secret: context.secret, route: () => [web.baseUrl], ratePerSecond: RATE, log });
      context.note(`load done: ${load.summary}; answers ${describeCounts(log.statusCounts())}`);
      await verifyAcknowledgedRecorded(context, log, "with the app failing");
      const settled = await waitUntilSettled(context.databaseUrl, 60_000);
      context.verify(settled.settled, `every event settled in ${(settled.ms / 1000).toFixed(1)} s: ${describeCounts(settled.statuses)}`);

      const deadline = Date.now() + 90_000;
      let pending = Infinity;
      while (Date.now() < deadline) {
        pending = (await query<{ n: number }>(context.databaseUrl, `SELECT count(*)::int AS n FROM destination_delivery WHERE status <> 'delivered'`))[0]!.n;
        if (pending === 0) break;
        await sleep(500);
      }
      const rows = await query<{ stripe_event_id: string; ordering_key: string | null; attempts: number }>(
        context.databaseUrl,
        `SELECT e.stripe_event_id, x.ordering_key, x.attempts FROM destination_delivery x JOIN stripe_event e ON e.id = x.event_id ORDER BY x.id`,
      );
      const processed = (await query<{ n: number }>(context.databaseUrl, `SELECT count(*)::int AS n FROM stripe_event WHERE status = 'processed'`))[0]!.n;
      context.note(`the app saw ${answers.hung} requests it never answered, ${answers.failed} it answered 500, ${answers.accepted} it accepted; ${count(rows.filter((row) => row.attempts > 1).length)} deliveries needed more than one attempt`);
      context.verify(pending === 0 && rows.length === processed, `every processed event (${count(processed)}) has one delivery, and all ${count(rows.length)} are delivered (${pending} not)`);
      const acceptedOnce = new Set(accepted);
      context.verify(acceptedOnce.size === accepted.length && rows.every((row) => acceptedOnce.has(row.stripe_event_id)), `the app accepted each event exactly once (${count(accepted.length)} accepted, ${count(acceptedOnce.size)} distinct)`);
      const position = new Map(accepted.map((id, index) => [id, index]));
      const byCustomer = new Map<string, number[]>();
      for (const row of rows) if (row.ordering_key) byCustomer.set(row.ordering_key, [...(byCustomer.get(row.ordering_key) ?? []), position.get(row.stripe_event_id) ?? -1]);
      const outOfOrder = [...byCustomer.values()].filter((positions) => positions.some((value, index) => index > 0 && value < positions[index - 1]!));
      context.verify(outOfOrder.length === 0, `each of ${count(byCustomer.size)} customers' events arrived in the order they were processed (${outOfOrder.length} customers out of order)`);
    } finally {
      app.closeAllConnections();
      app.close();
      const { disconnect } = await import("../../../server/db");
      await disconnect();
    }
  },
});
