/**
 * A local HTTP server that speaks HashiCorp Vault's KV v2 read API, for tests and for trying
 * Hookwarden's Vault provider without a Vault: `GET /v1/{mount}/data/{path}[?version=n]` with
 * `X-Vault-Token`, Vault's answer shapes (`data.data`, `data.metadata.version`) and its errors
 * (403 `permission denied`, 404 with an empty `errors` list, 503 `Vault is sealed`).
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { startFakeServer } from "./start-fake-server";

export type VaultFake = {
  url: string;
  token: string;
  /** Writes a new version of the secret at `mount/path` (like `vault kv put`); returns its version. */
  put(mountAndPath: string, data: Record<string, string>): number;
  /** `sealed`: every request answers 503; `unreachable`: connections are dropped unanswered. */
  down(mode?: "sealed" | "unreachable"): void;
  up(): void;
  /** Requests answered with a secret's data, so tests can tell a cache hit from a read. */
  reads(): number;
  close(): Promise<void>;
};

type Version = { data: Record<string, string>; createdTime: string };

export async function startVaultFake(options: { token?: string; namespace?: string; mounts?: string[] } = {}): Promise<VaultFake> {
  const token = options.token ?? `hvs.${randomUUID().replace(/-/g, "")}`;
  const mounts = new Set(options.mounts ?? ["secret"]);
  const secrets = new Map<string, Version[]>();
  let mode: "up" | "sealed" = "up";
  let reads = 0;

  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
    res.end(JSON.stringify(body));
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    if (mode === "sealed") return send(res, 503, { errors: ["Vault is sealed"] });
    const url = new URL(req.url ?? "/", "http://vault.local");
    if (req.headers["x-vault-token"] !== token) return send(res, 403, { errors: ["permission denied"] });
    if (options.namespace !== undefined && req.headers["x-vault-namespace"] !== options.namespace) {
      return send(res, 404, { errors: [`no handler for route "${url.pathname.slice(4)}". route entry not found.`] });
    }
    const match = /^\/v1\/([^/]+)\/data\/(.+)$/.exec(url.pathname);
    if (req.method !== "GET" || !match) return send(res, 405, { errors: ["unsupported operation"] });
    const mount = decodeURIComponent(match[1]!);
    if (!mounts.has(mount)) return send(res, 404, { errors: [`no handler for route "${mount}/data/${match[2]}". route entry not found.`] });
    const path = match[2]!.split("/").map(decodeURIComponent).join("/");
    const versions = secrets.get(`${mount}/${path}`);
    const asked = url.searchParams.get("version");
    const number = asked === null || asked === "0" ? versions?.length : Number(asked);
    const version = versions && number ? versions[number - 1] : undefined;
    if (!version) return send(res, 404, { errors: [] });
    reads++;
    send(res, 200, {
      request_id: randomUUID(),
      lease_id: "",
      renewable: false,
      lease_duration: 0,
      data: { data: version.data, metadata: { created_time: version.createdTime, custom_metadata: null, deletion_time: "", destroyed: false, version: number } },
      wrap_info: null,
      warnings: null,
      auth: null,
      mount_type: "kv",
    });
  };

  const server = await startFakeServer(handle);

  return {
    url: server.url,
    token,
    put(mountAndPath, data) {
      const versions = secrets.get(mountAndPath) ?? [];
      versions.push({ data: { ...data }, createdTime: new Date().toISOString() });
      secrets.set(mountAndPath, versions);
      return versions.length;
    },
    down(next = "sealed") {
      if (next === "unreachable") server.setUnreachable(true);
      else mode = next;
    },
    up() {
      mode = "up";
      server.setUnreachable(false);
    },
    reads: () => reads,
    close: () => server.close(),
  };
}
