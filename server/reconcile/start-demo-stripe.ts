import { env } from "../env";
import { log } from "../log";
import { FakeStripe } from "../stripe-fake/fake-stripe";

const globalForDemo = globalThis as unknown as { hookwardenDemoStripe?: Promise<FakeStripe | null> };

/**
 * Demo mode (HOOKWARDEN_DEMO_STRIPE=1): a local fake of Stripe's API on 127.0.0.1, so a
 * new user can watch confirm-with-source, missed-event recovery and drift audits work
 * without a Stripe account. `hookwarden simulate` finds it and tells it what "Stripe"
 * knows. Never for production: it answers any key and holds only what it is told.
 */
export function startDemoStripe(): Promise<FakeStripe | null> {
  globalForDemo.hookwardenDemoStripe ??= (async () => {
    const port = env().HOOKWARDEN_DEMO_STRIPE_PORT;
    try {
      const fake = await FakeStripe.start({ port });
      log.warn("demo mode: Stripe's API is a local fake; never use this in production", { url: fake.url });
      return fake;
    } catch (error) {
      // Another process (the dev server's other worker) may already serve it on this port.
      log.warn("demo mode: could not start the local Stripe fake; is the port taken?", { port, error });
      return null;
    }
  })();
  return globalForDemo.hookwardenDemoStripe;
}
