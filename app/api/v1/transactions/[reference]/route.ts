// GET /api/v1/transactions/{reference} — a registered payment's state and its events (viewer and up)
import { apiHandler } from "@/server/http/api-handler";
import { getTransactionOrThrow } from "@/server/transactions/get-transaction-or-throw";

export const dynamic = "force-dynamic";

export const GET = apiHandler<{ params: Promise<{ reference: string }> }>("transactions.get", async (_request, _principal, context) =>
  getTransactionOrThrow((await context.params).reference),
);
