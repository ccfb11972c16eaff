import { randomBytes } from "node:crypto";
import type { AuditContext } from "../audit/audit-actor";
import { recordAudit } from "../audit/record-audit";
import { pool, withTransaction, type Sql } from "../db";
import { env, EnvError } from "../env";
import { AppError } from "../errors";
import { encryptionKeyFromBase64 } from "./cipher";
import { countCiphertextsNotIn } from "./count-ciphertexts";
import { columnName, ENCRYPTED_COLUMNS } from "./encrypted-columns";
import { KEY_SETTLE_MS, MASTER_KEY_VERSION, MAX_KEY_VERSION, unfinishedRotation, wrapDataKey, type Keyring } from "./keyring";
import { loadKeyring, readStoredKeys, refreshKeyring } from "./load-keyring";
import { reencryptColumn, type ReencryptProgress } from "./reencrypt-column";

export const DEFAULT_ROTATION_BATCH_SIZE = 200;
/** Passes over the columns before giving up on ciphertexts of old versions that keep appearing. */
const MAX_PASSES = 5;

export type RotationEvent =
  | { kind: "started"; version: number; resumed: boolean }
  | { kind: "waiting"; version: number; ms: number; until: "readable everywhere" | "used everywhere" }
  | { kind: "activated"; version: number }
  | ({ kind: "progress"; pass: number } & ReencryptProgress)
  | { kind: "retired"; versions: number[] };

export type RotationResult = { version: number; resumed: boolean; reencrypted: number; retired: number[] };

export type RotateOptions = {
  /** Only finish an unfinished rotation; never add a key. */
  resumeOnly?: boolean;
  /** Records per batch (one SELECT and one UPDATE each). */
  batchSize?: number;
  /** How long a key must have been readable before it is used, and used before the old one retires; KEY_SETTLE_MS unless a test says otherwise. */
  settleMs?: number;
  /** Told every step and every batch; awaited, so a slow listener slows the rotation. */
  report?: (event: RotationEvent) => void | Promise<void>;
};

const LOCK = `hashtext('hookwarden.keys.rotate')`;

/**
 * `hookwarden keys rotate`: adds a data key and re-encrypts every ciphertext of every
 * registered column with it, so that no record is ever unreadable to any process:
 *   1. the new version is stored `pending`: every process loads it within KEYRING_REFRESH_MS, none encrypts with it;
 *   2. after KEY_SETTLE_MS it becomes `current` and the previous key `draining` (still read);
 *   3. every ciphertext of another version is re-encrypted in batches, with progress;
 *   4. once it has been current for KEY_SETTLE_MS (no process still encrypts with an old key)
 *      and no old ciphertext is left anywhere, old versions are `retired`, kept for backups.
 * Progress lives in the data itself (every ciphertext names its version) and in the keys'
 * statuses, so a crash anywhere is finished by running it again: an unfinished rotation is
 * completed, never joined by another key. Each step is audited with its change.
 * Returns null when `resumeOnly` finds nothing to finish.
 */
export async function rotateEncryptionKey(options: RotateOptions, context: AuditContext): Promise<RotationResult | null> {
  const settleMs = options.settleMs ?? KEY_SETTLE_MS;
  const batchSize = options.batchSize ?? DEFAULT_ROTATION_BATCH_SIZE;
  const report = options.report ?? (() => undefined);
  return withRotationLock(async () => {
    await assertKeyringOpensData(await loadKeyring());
    const unfinished = unfinishedRotation(await readStoredKeys());
    if (!unfinished && options.resumeOnly) return null;
    const version = unfinished?.version ?? (await addPendingKey(context));
    await report({ kind: "started", version, resumed: unfinished !== null });

    if (!unfinished || unfinished.step === "pending") {
      await refreshKeyring();
      await waitSettled(version, "created_at", settleMs, "readable everywhere", report);
      await activate(version, context);
      await report({ kind: "activated", version });
    }
    const ring = await refreshKeyring();
    if (ring.current !== version) throw new Error(`key version ${version} should be current, but ${ring.current} is`);

    let reencrypted = 0;
    for (let pass = 1; ; pass++) {
      for (const column of ENCRYPTED_COLUMNS) {
        reencrypted += await reencryptColumn(column, ring, { batchSize, report: (progress) => report({ kind: "progress", pass, ...progress }) });
      }
      await waitSettled(version, "activated_at", settleMs, "used everywhere", report);
      const left = await oldCiphertexts(ring);
      if (left.length === 0) break;
      if (pass >= MAX_PASSES) {
        throw new AppError(
          "conflict",
          `After ${pass} passes, records of old key versions are still there (${left.join(", ")}): held by a transaction that does not end, ` +
            "or written by a process that does not refresh its keys. Every record is still readable. Restart every Hookwarden process, then run hookwarden keys rotate --resume.",
        );
      }
    }
    const retired = await retireDrained(version, context);
    await refreshKeyring();
    await report({ kind: "retired", versions: retired });
    return { version, resumed: unfinished !== null, reencrypted, retired };
  });
}

/** A rotation's session holds this lock: a crashed one's goes with its connection (a few seconds are allowed for the server to notice). */
async function withRotationLock<T>(work: () => Promise<T>): Promise<T> {
  const client = await pool().connect();
  try {
    let locked = false;
    for (let attempt = 0; !locked && attempt < 10; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 300));
      locked = (await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(${LOCK}) AS locked`)).rows[0]!.locked;
    }
    if (!locked) {
      throw new AppError("conflict", "Another key rotation is running. Let it finish, or stop it and run hookwarden keys rotate --resume.");
    }
    try {
      return await work();
    } finally {
      await client.query(`SELECT pg_advisory_unlock(${LOCK})`).catch(() => undefined);
    }
  } finally {
    client.release();
  }
}

/**
 * Before anything changes: the configured master key must open what is already stored (one
 * record of each column). A wrong HOOKWARDEN_ENCRYPTION_KEY would otherwise wrap the new key
 * with a key no server has.
 */
async function assertKeyringOpensData(ring: Keyring): Promise<void> {
  for (const column of ENCRYPTED_COLUMNS) {
    const { rows } = await pool().query<{ ciphertext: Buffer }>(
      `SELECT "${column.column}" AS ciphertext FROM "${column.table}" WHERE "${column.column}" IS NOT NULL ORDER BY "${column.key}" LIMIT 1`,
    );
    if (!rows[0]) continue;
    try {
      ring.open(rows[0].ciphertext);
    } catch {
      throw new EnvError(
        `HOOKWARDEN_ENCRYPTION_KEY does not open the records already stored (${columnName(column)}): it is not the key this database was encrypted with. Nothing changed.`,
      );
    }
  }
}

/** Stores a new random data key, wrapped by the master key, as `pending` (and version 1's row, the first time). */
async function addPendingKey(context: AuditContext): Promise<number> {
  const master = encryptionKeyFromBase64(env().HOOKWARDEN_ENCRYPTION_KEY, MASTER_KEY_VERSION);
  return withTransaction(async (sql) => {
    const highest = (await sql.query<{ highest: number | null }>(`SELECT max(version) AS highest FROM encryption_key`))[0]?.highest ?? null;
    const version = (highest ?? MASTER_KEY_VERSION) + 1;
    if (version > MAX_KEY_VERSION) {
      throw new AppError("conflict", `Every ciphertext names its key version in one byte, and all ${MAX_KEY_VERSION} versions are used.`);
    }
    if (highest === null) await sql.query(`INSERT INTO encryption_key (version, wrapped_key, status) VALUES ($1, NULL, 'current')`, [MASTER_KEY_VERSION]);
    await sql.query(`INSERT INTO encryption_key (version, wrapped_key, status) VALUES ($1, $2, 'pending')`, [version, wrapDataKey(randomBytes(32), master)]);
    await audit(sql, context, version, null, "pending", "new data key stored: every process reads with it before any encrypts with it");
    return version;
  });
}

async function activate(version: number, context: AuditContext): Promise<void> {
  await withTransaction(async (sql) => {
    const previous = await sql.query<{ version: number }>(`UPDATE encryption_key SET status = 'draining' WHERE status = 'current' RETURNING version`);
    const promoted = await sql.query(`UPDATE encryption_key SET status = 'current', activated_at = now() WHERE version = $1 AND status = 'pending' RETURNING version`, [version]);
    if (promoted.length !== 1) throw new Error(`key version ${version} is no longer pending`);
    await audit(sql, context, version, "pending", "current", `now encrypts; ${previous.map((row) => `version ${row.version}`).join(", ") || "no version"} draining`);
  });
}

async function retireDrained(version: number, context: AuditContext): Promise<number[]> {
  return withTransaction(async (sql) => {
    const retired = await sql.query<{ version: number }>(`UPDATE encryption_key SET status = 'retired', retired_at = now() WHERE status = 'draining' RETURNING version`);
    const versions = retired.map((row) => row.version).sort((a, b) => a - b);
    await audit(sql, context, version, "current", "current", `every record re-encrypted; retired ${versions.map((v) => `version ${v}`).join(", ") || "nothing"} (kept for backups)`);
    return versions;
  });
}

function audit(sql: Sql, context: AuditContext, version: number, before: string | null, after: string, detail: string): Promise<void> {
  return recordAudit(sql, {
    ...context,
    action: "keys.rotate",
    subject: `encryption_key:${version}`,
    before: before === null ? null : { status: before },
    after: { status: after },
    detail,
  });
}

/** Waits until the key's `since` instant is settleMs old, by the database's clock (the same for every process). */
async function waitSettled(version: number, since: "created_at" | "activated_at", settleMs: number, until: "readable everywhere" | "used everywhere", report: NonNullable<RotateOptions["report"]>): Promise<void> {
  const { rows } = await pool().query<{ remaining: number }>(
    `SELECT GREATEST(0, $2::float8 - EXTRACT(EPOCH FROM (now() - ${since})) * 1000)::float8 AS remaining FROM encryption_key WHERE version = $1`,
    [version, settleMs],
  );
  const ms = Math.ceil(rows[0]?.remaining ?? 0);
  if (ms <= 0) return;
  await report({ kind: "waiting", version, ms, until });
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** `table.column: count` for every column that still holds ciphertexts of another version than the current one. */
async function oldCiphertexts(ring: Keyring): Promise<string[]> {
  const left: string[] = [];
  for (const column of ENCRYPTED_COLUMNS) {
    const count = await countCiphertextsNotIn(column, ring.current);
    if (count > 0) left.push(`${columnName(column)}: ${count}`);
  }
  return left;
}
