import { randomBytes } from "node:crypto";
import { checkoutPaymentEvents, newPaymentFlow, subscriptionLifecycleEvents, type StripeEventJson } from "@/cli/simulate/stripe-events";
import { stripeId } from "@/cli/simulate/stripe-ids";
import { booksFixture } from "./books";

/**
 * A customer with personal data of their own (a unique e-mail address and name, so a search of
 * the whole database finds only theirs): a paid Checkout payment registered under their e-mail
 * address, and a subscription's life. Everything delivered through the real intake and processed.
 */
export async function customerWithHistory(fixture?: Awaited<ReturnType<typeof booksFixture>>) {
  const books = fixture ?? (await booksFixture());
  const tag = randomBytes(4).toString("hex");
  const customer = stripeId("cus");
  const email = `erin.${tag}@example.org`;
  const name = `Erin Quarry${tag}`;
  const flow = newPaymentFlow({ customer, email });
  const personal = (events: StripeEventJson[]) => events.map((event) => JSON.parse(JSON.stringify(event).replaceAll("Jenny Rosen", name).replaceAll("jenny.rosen@example.com", email)) as StripeEventJson);
  await books.register({ reference: flow.reference, amount: flow.amount, currency: flow.currency, customer: email });
  const events = [...personal(checkoutPaymentEvents(flow)), ...personal(subscriptionLifecycleEvents(customer))];
  await books.send(events);
  await books.settle();
  return { books, customer, email, name, reference: flow.reference, events };
}
