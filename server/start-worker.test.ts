import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkoutPaymentEvents, newPaymentFlow } from "@/cli/simulate/stripe-events";
import { disconnect, prisma } from "@/server/db";
import { freePort } from "@/server/embedded/free-port";
import { booksFixture } from "@/tests/support/books";
import { useFreshDatabase } from "@/tests/support/fresh-database";
import { backgroundLoops } from "./start-background-work";
import { WORKER_READY } from "./start-worker";

const SERVE = path.resolve(import.meta.dirname, "../scripts/serve.ts");

// A database of its own: the worker process drains every queued event it finds, other files' too.
beforeAll(() => useFreshDatabase("worker_role"));
afterAll(() => disconnect());

describe("process roles", () => {
  it("a web process runs intake's loops and no queue; a worker the queue and no intake; all both; Inngest mode no embedded queue", () => {
    expect(backgroundLoops("all", "embedded")).toEqual({ intake: true, queue: true, destinations: true });
    expect(backgroundLoops("web", "embedded")).toEqual({ intake: true, queue: false, destinations: false });
    expect(backgroundLoops("worker", "embedded")).toEqual({ intake: false, queue: true, destinations: true });
    expect(backgroundLoops("all", "inngest")).toEqual({ intake: true, queue: false, destinations: true });
    expect(backgroundLoops("worker", "inngest")).toEqual({ intake: false, queue: false, destinations: true });
  });

  it("HOOKWARDEN_ROLE=worker processes what intake recorded, serves no HTTP, and stops cleanly on SIGTERM", async () => {
    const books = await booksFixture();
    const flow = newPaymentFlow();
    await books.register({ reference: flow.reference, amount: flow.amount, currency: flow.currency, customer: flow.customer });
    const events = checkoutPaymentEvents(flow);
    // Recorded as `queued` by the real intake; this test process runs no runner.
    await books.send(events);

    const port = await freePort();
    const worker = spawn(process.execPath, ["--import", "tsx", SERVE], {
      env: { ...process.env, HOOKWARDEN_ROLE: "worker", PORT: String(port), HOOKWARDEN_LOG_LEVEL: "silent" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const exited = new Promise<number | null>((resolve) => worker.on("exit", (code) => resolve(code)));
    let output = "";
    const ready = new Promise<void>((resolve, reject) => {
      worker.stdout!.on("data", (chunk: Buffer) => {
        output += chunk.toString("utf8");
        if (output.includes(WORKER_READY)) resolve();
      });
      void exited.then((code) => reject(new Error(`the worker exited (${code}) before it was ready: ${output}`)));
    });
    try {
      await ready;
      const ids = events.map((event) => event.id);
      const deadline = Date.now() + 20_000;
      const unsettled = () => prisma().stripeEvent.count({ where: { stripeEventId: { in: ids }, status: { in: ["queued", "processing", "failed"] } } });
      while ((await unsettled()) > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));

      expect(await books.statusOf(events.find((event) => event.type === "checkout.session.completed")!.id)).toBe("processed");
      expect(await unsettled()).toBe(0);
      expect(await prisma().transaction.findUniqueOrThrow({ where: { reference: flow.reference } })).toMatchObject({ status: "paid" });
      const answered = await fetch(`http://127.0.0.1:${port}/api/health`).then(() => true, () => false);
      expect(answered).toBe(false);
    } finally {
      worker.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
  }, 60_000);
});
