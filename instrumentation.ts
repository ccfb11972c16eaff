// Runs once when the Next.js server starts: applies STRIPE_WEBHOOK_SECRET to the
// default endpoint and starts background work (embedded runner, ledger sweeper).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startBackgroundWork } = await import("./server/start-background-work");
  await startBackgroundWork();
}
