/**
 * This process's keyring: loaded from the database at start (server start-up, every CLI
 * command) and refreshed in the background every KEYRING_REFRESH_MS, so that a key a rotation
 * adds is readable here before any process encrypts with it. Held on globalThis, because
 * Next.js bundles route handlers and instrumentation separately in one process.
 *
 * Never loaded (tests, benchmarks, scripts that do not call loadKeyring): the master key alone,
 * as version 1, current; exactly how Hookwarden behaved before data keys existed.
 */
import { env } from "../env";
import { isConnected, pool, type Sql } from "../db";
import { log } from "../log";
import { Keyring, KEYRING_REFRESH_MS, keyringFromStoredKeys, type StoredKey } from "./keyring";

type KeyringState = {
  ring?: Keyring;
  /** The master key the loaded ring was built with: a ring never outlives a change of HOOKWARDEN_ENCRYPTION_KEY. */
  master?: string;
  timer?: NodeJS.Timeout;
  refreshing?: Promise<Keyring>;
  failing?: boolean;
  fallback?: { master: string; ring: Keyring };
};

const globalForKeyring = globalThis as unknown as { hookwardenKeyring?: KeyringState };

function state(): KeyringState {
  globalForKeyring.hookwardenKeyring ??= {};
  return globalForKeyring.hookwardenKeyring;
}

/** Every stored key (a table of at most 255 rows, read by its primary key's order). */
export async function readStoredKeys(sql?: Sql): Promise<StoredKey[]> {
  const text = `SELECT version, status, wrapped_key FROM encryption_key ORDER BY version`;
  const rows = sql
    ? await sql.query<{ version: number; status: StoredKey["status"]; wrapped_key: Buffer | null }>(text)
    : (await pool().query<{ version: number; status: StoredKey["status"]; wrapped_key: Buffer | null }>(text)).rows;
  return rows.map((row) => ({ version: row.version, status: row.status, wrappedKey: row.wrapped_key }));
}

/** The keyring sealAtRest and openAtRest use. */
export function processKeyring(): Keyring {
  const current = state();
  const master = env().HOOKWARDEN_ENCRYPTION_KEY;
  if (current.ring && current.master === master) return current.ring;
  if (current.fallback?.master !== master) current.fallback = { master, ring: keyringFromStoredKeys(master, []) };
  return current.fallback.ring;
}

/** True once loadKeyring has succeeded in this process (with the master key configured now). */
export function keyringLoaded(): boolean {
  const current = state();
  return current.ring !== undefined && current.master === env().HOOKWARDEN_ENCRYPTION_KEY;
}

/**
 * Reads the keys now and starts the background refresh (once). Throws when the master key
 * cannot open a stored key: a process with the wrong HOOKWARDEN_ENCRYPTION_KEY must not start.
 */
export async function loadKeyring(options: { refreshMs?: number } = {}): Promise<Keyring> {
  const ring = await refreshKeyring();
  const current = state();
  if (!current.timer) {
    current.timer = setInterval(() => {
      if (isConnected()) refreshKeyring().catch(() => undefined);
    }, options.refreshMs ?? KEYRING_REFRESH_MS);
    current.timer.unref();
  }
  return ring;
}

/** Reads the keys again (one query); concurrent callers share one read. On failure the last ring stays. */
export function refreshKeyring(): Promise<Keyring> {
  const current = state();
  current.refreshing ??= (async () => {
    const master = env().HOOKWARDEN_ENCRYPTION_KEY;
    try {
      const ring = keyringFromStoredKeys(master, await readStoredKeys());
      if (current.failing && current.ring) log.info("encryption keyring refreshed again");
      current.ring = ring;
      current.master = master;
      current.failing = false;
      return ring;
    } catch (error) {
      // The first load's failure is the caller's to report (start-up stops); a later one keeps the keys loaded before.
      if (!current.failing && current.ring) log.warn("could not refresh the encryption keyring; keeping the last one", { error });
      current.failing = true;
      throw error;
    }
  })().finally(() => {
    current.refreshing = undefined;
  });
  return current.refreshing;
}

/** Stops the background refresh and forgets the loaded ring (CLI commands end with this; tests switch databases with it). */
export function unloadKeyring(): void {
  const current = state();
  if (current.timer) clearInterval(current.timer);
  globalForKeyring.hookwardenKeyring = {};
}
