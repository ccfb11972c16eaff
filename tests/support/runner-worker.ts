// A separate worker process for tests: runs the embedded runner against DATABASE_URL
// until the queue has been empty for IDLE_MS, then exits. Killing it mid-batch is
// what the resume test does.
import { disconnect } from "../../server/db";
import { drainQueue, resumeInterrupted } from "../../server/queue/embedded-runner";

const idleMs = Number(process.env.IDLE_MS ?? 1_500);
const startedAt = new Date();
if (process.env.RESUME === "1") await resumeInterrupted(startedAt);
let idleSince = Date.now();
while (Date.now() - idleSince < idleMs) {
  const handled = await drainQueue({ concurrency: Number(process.env.CONCURRENCY ?? 4) });
  if (handled > 0) idleSince = Date.now();
  else await new Promise((resolve) => setTimeout(resolve, 50));
}
await disconnect();
