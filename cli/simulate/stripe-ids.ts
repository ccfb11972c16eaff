import { randomBytes, randomUUID } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/**
 * Where the fixtures take their randomness and their clock: the machine's by default, or a seeded
 * source while `withFixtureSource` runs (the scenario files of `simulate --out`, identical for one seed).
 */
export type FixtureSource = {
  /** 24 bytes, each 0-255. */
  bytes: () => Uint8Array;
  uuid: () => string;
  /** Unix seconds. */
  now: () => number;
};

const MACHINE: FixtureSource = { bytes: () => randomBytes(24), uuid: () => randomUUID(), now: () => Math.floor(Date.now() / 1000) };
let current: FixtureSource = MACHINE;

/** Runs `build` (synchronous) with every fixture id, uuid and `created` taken from `source`. */
export function withFixtureSource<T>(source: FixtureSource, build: () => T): T {
  const previous = current;
  current = source;
  try {
    return build();
  } finally {
    current = previous;
  }
}

/** The fixtures' clock, in unix seconds. */
export function fixtureNow(): number {
  return current.now();
}

export function fixtureUuid(): string {
  return current.uuid();
}

/** A Stripe-looking id such as `evt_1Pgc76B7WZ01zgkW...` (24 characters after the prefix). */
export function stripeId(prefix: string): string {
  const bytes = current.bytes();
  let suffix = "1";
  for (let i = 0; i < 23; i++) suffix += ALPHABET[bytes[i]! % ALPHABET.length];
  return `${prefix}_${suffix}`;
}
