import { randomBytes } from "node:crypto";
import type { StripeEventJson } from "@/cli/simulate/stripe-events";
import { createApiKey } from "@/server/auth/create-api-key";
import { prisma } from "@/server/db";
import { drainQueue } from "@/server/queue/embedded-runner";
import { apiPost } from "./api";
import { deliver, endpointWithSecret, signedDelivery } from "./intake";
import { cliContext } from "./users";

/** An endpoint, an operator key and helpers to register payments and send events through the real intake. */
export async function booksFixture() {
  const endpoint = await endpointWithSecret();
  const operator = (await createApiKey({ name: `op-${randomBytes(3).toString("hex")}`, role: "operator" }, cliContext)).key;
  return {
    endpoint,
    operator,
    async register(terms: { reference: string; amount: number; currency: string; customer?: string; expiresAt?: string }) {
      const answer = await apiPost("/api/v1/transactions", operator, terms);
      if (answer.status !== 201) throw new Error(`register failed: ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body;
    },
    async send(events: StripeEventJson[]) {
      for (const event of events) {
        const answer = await deliver(signedDelivery(event, endpoint.name, endpoint.secret));
        if (answer.status !== 200) throw new Error(`delivery refused: ${answer.status}`);
      }
    },
    /** Lets the embedded runner process everything queued. */
    settle: () => drainQueue({ concurrency: 8 }),
    async statusOf(stripeEventId: string) {
      const row = await prisma().stripeEvent.findFirstOrThrow({ where: { stripeEventId, endpoint: { name: endpoint.name } } });
      return row.status;
    },
    async ledgerIdOf(stripeEventId: string) {
      return (await prisma().stripeEvent.findFirstOrThrow({ where: { stripeEventId, endpoint: { name: endpoint.name } } })).id;
    },
  };
}
