// POST /api/bench/noop — the framework's floor for `npm run bench:intake`: reads the body, answers 200.
// Exists only when HOOKWARDEN_BENCH_ROUTES=1 (the benchmark sets it); otherwise 404.
export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  if (process.env.HOOKWARDEN_BENCH_ROUTES !== "1") return new Response(null, { status: 404 });
  await request.arrayBuffer();
  return Response.json({ received: true, duplicate: false });
}
