import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { EnvError } from "../env";
import { ciphertextVersion, encrypt, encryptionKeyFromBase64 } from "./cipher";
import { keyringFromStoredKeys, unfinishedRotation, wrapDataKey, type StoredKey } from "./keyring";

const master = randomBytes(32).toString("base64");
const wrapped = () => wrapDataKey(randomBytes(32), encryptionKeyFromBase64(master));

describe("the keyring", () => {
  it("with no stored key, version 1 is the master key and current: what an install wrote before data keys opens", () => {
    const before = encrypt(Buffer.from("whsec_from_last_year"), encryptionKeyFromBase64(master));
    const ring = keyringFromStoredKeys(master, []);
    expect(ring.current).toBe(1);
    expect(ring.open(before).toString()).toBe("whsec_from_last_year");
    expect(ciphertextVersion(ring.seal(Buffer.from("x")))).toBe(1);
  });

  it("a process that has not refreshed since the pending step reads what a rotating process writes, and the other way round", () => {
    const v2 = wrapped();
    const atPending: StoredKey[] = [
      { version: 1, status: "current", wrappedKey: null },
      { version: 2, status: "pending", wrappedKey: v2 },
    ];
    const afterActivation: StoredKey[] = [
      { version: 1, status: "draining", wrappedKey: null },
      { version: 2, status: "current", wrappedKey: v2 },
    ];
    const lagging = keyringFromStoredKeys(master, atPending); // refreshed once, during the wait
    const rotating = keyringFromStoredKeys(master, afterActivation);

    // Pending: readable by the lagging process, used by nobody.
    expect(lagging.current).toBe(1);
    expect(ciphertextVersion(lagging.seal(Buffer.from("a")))).toBe(1);
    // The rotating process encrypts with version 2; the lagging one reads it...
    const fromRotating = rotating.seal(Buffer.from("payload written after activation"));
    expect(ciphertextVersion(fromRotating)).toBe(2);
    expect(lagging.open(fromRotating).toString()).toBe("payload written after activation");
    // ...and what the lagging one still writes with version 1 stays readable to the rotating one.
    expect(rotating.open(lagging.seal(Buffer.from("late write"))).toString()).toBe("late write");

    // Without the pending step, a process that never saw version 2 could not: the error names the version.
    const neverSaw = keyringFromStoredKeys(master, []);
    expect(() => neverSaw.open(fromRotating)).toThrow(/encryption key version 2/);
  });

  it("retired keys still decrypt: a backup restored later may hold their ciphertexts", () => {
    const v2 = wrapped();
    const old = keyringFromStoredKeys(master, [
      { version: 1, status: "current", wrappedKey: null },
      { version: 2, status: "pending", wrappedKey: v2 },
    ]).seal(Buffer.from("in last month's backup"));
    const later = keyringFromStoredKeys(master, [
      { version: 1, status: "retired", wrappedKey: null },
      { version: 2, status: "retired", wrappedKey: v2 },
      { version: 3, status: "current", wrappedKey: wrapped() },
    ]);
    expect(later.current).toBe(3);
    expect(later.open(old).toString()).toBe("in last month's backup");
  });

  it("a master key that cannot open a stored key is a configuration error naming the variable", () => {
    const stored: StoredKey[] = [
      { version: 1, status: "draining", wrappedKey: null },
      { version: 2, status: "current", wrappedKey: wrapped() },
    ];
    const other = randomBytes(32).toString("base64");
    expect(() => keyringFromStoredKeys(other, stored)).toThrow(EnvError);
    expect(() => keyringFromStoredKeys(other, stored)).toThrow(/HOOKWARDEN_ENCRYPTION_KEY cannot open encryption key version 2/);
  });

  it("an unfinished rotation is read from the keys' statuses alone", () => {
    expect(unfinishedRotation([])).toBeNull();
    expect(unfinishedRotation([{ version: 1, status: "current" }, { version: 2, status: "pending" }])).toEqual({ version: 2, step: "pending" });
    expect(unfinishedRotation([{ version: 1, status: "draining" }, { version: 2, status: "current" }])).toEqual({ version: 2, step: "draining" });
    expect(unfinishedRotation([{ version: 1, status: "retired" }, { version: 2, status: "current" }])).toBeNull();
  });
});
