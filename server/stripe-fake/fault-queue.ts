import { isPlainObject } from "./normalize-object";

export type FakeFault = { method?: string; path: string | RegExp; status: 404 | 429 | 500 | 503; times: number };

export const FAULT_STATUSES = [404, 429, 500, 503] as const;

type PendingFault = { method?: string; path: string | RegExp; status: FakeFault["status"]; remaining: number };

/**
 * Faults scripted with failNext, served in the order they were added: a request takes
 * the first pending fault whose method (any when absent) and path match its pathname
 * (exact string, or a RegExp tested against the pathname without the query string).
 */
export class FaultQueue {
  private pending: PendingFault[] = [];

  add(fault: unknown): void {
    this.pending.push(FaultQueue.validate(fault));
  }

  /** The status of the fault this request takes, if any (and one fewer time left for it). */
  take(method: string, pathname: string): FakeFault["status"] | undefined {
    const index = this.pending.findIndex(
      (fault) => (fault.method === undefined || fault.method === method) && (typeof fault.path === "string" ? fault.path === pathname : fault.path.test(pathname)),
    );
    if (index < 0) return undefined;
    const fault = this.pending[index]!;
    if (--fault.remaining === 0) this.pending.splice(index, 1);
    return fault.status;
  }

  clear(): void {
    this.pending = [];
  }

  /** A fault as failNext accepts it; throws TypeError with a message fit for a 400. */
  static validate(fault: unknown): PendingFault {
    if (!isPlainObject(fault)) throw new TypeError("a fault must be an object { method?, path, status, times }");
    const { method, path, status, times } = fault;
    if (method !== undefined && (typeof method !== "string" || !/^[A-Za-z]+$/.test(method))) throw new TypeError("fault method must be an HTTP method such as GET");
    if (!(path instanceof RegExp) && (typeof path !== "string" || !path.startsWith("/"))) throw new TypeError("fault path must be a path such as /v1/events, or a RegExp");
    if (!FAULT_STATUSES.includes(status as FakeFault["status"])) throw new TypeError(`fault status must be one of ${FAULT_STATUSES.join(", ")}`);
    if (typeof times !== "number" || !Number.isSafeInteger(times) || times < 1) throw new TypeError("fault times must be a positive integer");
    if (path instanceof RegExp && (path.global || path.sticky)) throw new TypeError("a fault path RegExp must not be global or sticky (test() would keep state)");
    return { method: method?.toUpperCase(), path, status: status as FakeFault["status"], remaining: times };
  }
}
