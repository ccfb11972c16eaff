/**
 * What a fault case is. Each file in tests/faults/cases/ default-exports one, and
 * `npm run test:faults` (scripts/test-faults.ts) runs every one of them, in file-name
 * order, each in its own process with its own PostgreSQL and a hard timeout: adding a
 * case is adding one file.
 */
import type { Books } from "../../../scripts/bench-processing/books";
import type { Workload } from "../../../scripts/bench-processing/workload";
import type { ServerProcess } from "../../../scripts/bench/servers";
import type { TestPostgres } from "../../support/start-postgres";

export type FaultCase = {
  /** One line: what goes wrong, as an operator would name it ("kill -9 of the web process"). */
  title: string;
  /** The case's process is killed (with everything it started) after this long, and the case fails. */
  timeoutSeconds: number;
  run: (context: FaultContext) => Promise<void>;
};

export type FaultContext = {
  /** The case's own PostgreSQL (a separate process: `halt` stops it, `restart` starts it again on the same data and port). */
  postgres: TestPostgres;
  databaseUrl: string;
  /** The postmaster's pid right now (it changes at each restart). */
  postgresPid: () => number | null;
  /** The traffic every case sends: realistic signed deliveries with duplicates; its payments are registered already. */
  workload: Workload;
  /** The books of the same events processed one at a time with no fault (computed beside the first case: this waits for them). */
  referenceBooks: () => Promise<Books>;
  /** The `default` endpoint's signing secret, given to every server the case starts. */
  secret: string;
  /** A folder for this case's files (removed afterwards). */
  scratchDir: string;
  /** Starts a production server (`npm start`) on this database and waits until /api/health answers 200. */
  startWeb: (name: string, env?: Record<string, string>) => Promise<ServerProcess>;
  /** Starts a `HOOKWARDEN_ROLE=worker` process on this database and waits until it claims work. */
  startWorker: (name: string, env?: Record<string, string>) => Promise<ServerProcess>;
  /** Prints a fault the case injects, with its time since the case started. */
  injected: (what: string) => void;
  /** Prints a finding that is not a check (counts, timings). */
  note: (what: string) => void;
  /** Prints a check; a false one fails the case, which still goes on to say what else it saw. */
  verify: (ok: boolean, what: string) => boolean;
};

export function defineFaultCase(fault: FaultCase): FaultCase {
  return fault;
}
