// The verification floor of `npm run bench:intake`: a bare node:http server that
// reads the body and verifies it with the official SDK's
// stripe.webhooks.constructEvent, and does nothing else (no framework, no ledger).
// 200 {"received":true,"id":"evt_..."} when it verifies (the id lets the benchmark
// check that it pairs each answer with the request it sent), 400 otherwise.
// GET answers 200 so the benchmark can tell when it is listening.
// Env: PORT, STRIPE_WEBHOOK_SECRET.
import { createServer } from "node:http";
import Stripe from "stripe";

const port = Number(process.env.PORT || 3001);
const secret = process.env.STRIPE_WEBHOOK_SECRET;
if (!secret) {
  console.error("STRIPE_WEBHOOK_SECRET is required");
  process.exit(1);
}
// No API call is ever made: the client only provides stripe.webhooks.
const stripe = new Stripe("sk_test_verify_only_benchmark");

function answer(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

const server = createServer((req, res) => {
  if (req.method !== "POST") return answer(res, 200, { ok: true });
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    try {
      const event = stripe.webhooks.constructEvent(Buffer.concat(chunks), req.headers["stripe-signature"] ?? "", secret);
      answer(res, 200, { received: true, id: event.id });
    } catch {
      answer(res, 400, { error: { code: "signature_verification_failed" } });
    }
  });
});
server.keepAliveTimeout = 65_000; // as scripts/serve.ts
server.listen(port, "127.0.0.1");

const shutdown = () => server.close(() => process.exit(0));
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
