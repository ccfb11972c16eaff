// POST /api/v1/transactions — register an expected payment (operator and up)
import { apiHandler, jsonResponse, readJson } from "@/server/http/api-handler";
import { registerTransaction } from "@/server/transactions/register-transaction";

export const dynamic = "force-dynamic";

export const POST = apiHandler("transactions.register", async (request) => {
  const { created, transaction } = await registerTransaction(await readJson(request));
  return jsonResponse(created ? 201 : 200, transaction);
});
