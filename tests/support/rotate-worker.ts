// A key rotation in its own process, against DATABASE_URL: the interruption test kills it
// with SIGKILL part-way. Every rotation event is printed as one JSON line on stdout, then the
// worker pauses PAUSE_MS (so that the test can see how far it got and kill it there).
import { rotateEncryptionKey } from "../../server/crypto/rotate-encryption-key";
import { disconnect } from "../../server/db";

const pauseMs = Number(process.env.PAUSE_MS ?? 0);
const result = await rotateEncryptionKey(
  {
    resumeOnly: process.env.RESUME === "1",
    batchSize: Number(process.env.BATCH_SIZE ?? 10),
    settleMs: Number(process.env.SETTLE_MS ?? 1_000),
    report: async (event) => {
      process.stdout.write(JSON.stringify(event) + "\n");
      if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
    },
  },
  { actor: { kind: "cli", label: "cli:rotate-worker" }, sourceAddress: null },
);
process.stdout.write(JSON.stringify({ kind: "result", result }) + "\n");
await disconnect();
