import { prisma } from "../db";
import { countCiphertextsByVersion } from "./count-ciphertexts";
import { columnName, ENCRYPTED_COLUMNS } from "./encrypted-columns";
import { MASTER_KEY_VERSION, unfinishedRotation, type KeyStatus } from "./keyring";

export type EncryptionKeyStatus = {
  keys: { version: number; status: KeyStatus; master: boolean; createdAt: Date | null; activatedAt: Date | null; retiredAt: Date | null }[];
  /** Per registered column: how many ciphertexts each version still holds (`unreadable`: not Hookwarden ciphertexts at all). */
  columns: { column: string; holds: string; byVersion: Record<number, number>; unreadable: number }[];
  /** The rotation to finish with `hookwarden keys rotate --resume`, if one is unfinished. */
  unfinished: { version: number; step: "pending" | "draining" } | null;
};

/** `hookwarden keys status`: the keys (never their material) and where their ciphertexts are. */
export async function encryptionKeyStatus(): Promise<EncryptionKeyStatus> {
  const rows = await prisma().encryptionKey.findMany({ orderBy: { version: "asc" } });
  const keys: EncryptionKeyStatus["keys"] =
    rows.length === 0
      ? [{ version: MASTER_KEY_VERSION, status: "current", master: true, createdAt: null, activatedAt: null, retiredAt: null }]
      : rows.map((row) => {
          // Version 1's row is written by the first rotation; the master key itself is older than that, by an unknown time.
          const master = row.version === MASTER_KEY_VERSION;
          return { version: row.version, status: row.status as KeyStatus, master, createdAt: master ? null : row.createdAt, activatedAt: row.activatedAt, retiredAt: row.retiredAt };
        });
  const columns: EncryptionKeyStatus["columns"] = [];
  for (const column of ENCRYPTED_COLUMNS) {
    const counts = await countCiphertextsByVersion(column);
    const byVersion: Record<number, number> = {};
    for (const [version, count] of counts) if (version !== null) byVersion[version] = count;
    columns.push({ column: columnName(column), holds: column.holds, byVersion, unreadable: counts.get(null) ?? 0 });
  }
  return { keys, columns, unfinished: unfinishedRotation(keys) };
}
