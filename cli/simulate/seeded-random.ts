import { mulberry32 } from "../../server/gatekeeper/models/mulberry32";
import type { FixtureSource } from "./stripe-ids";

/**
 * The scenario files' randomness, from the project's one seeded generator (mulberry32): the same seed gives
 * the same file, byte for byte. Not for anything secret.
 */
export class SeededRandom {
  /** A float in [0, 1). */
  readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** One of `choices`, each as likely as its weight. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.next() * total;
    for (const [value, weight] of choices) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return choices[choices.length - 1]![0];
  }

  /** The wait before the next arrival of a Poisson process of `ratePerMs` (milliseconds). */
  exponentialMs(ratePerMs: number): number {
    return -Math.log(1 - this.next()) / ratePerMs;
  }

  /** Ids and uuids for the fixtures from this generator, with `now` (unix seconds) as their clock. */
  fixtureSource(now: () => number): FixtureSource {
    return {
      bytes: () => Uint8Array.from({ length: 24 }, () => Math.floor(this.next() * 256)),
      uuid: () => {
        const hex = Array.from({ length: 32 }, () => Math.floor(this.next() * 16).toString(16)).join("");
        return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
      },
      now,
    };
  }
}
