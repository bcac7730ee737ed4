import { seededRandom } from '../../shared/testing/seed';

/** Helpers over the tests' seeded PRNG (mulberry32), so a fuzz run can be replayed from its seed. */
export class Rng {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = seededRandom(seed);
  }

  /** A uniformly distributed 32-bit unsigned integer (the PRNG's output before it is scaled to [0, 1)). */
  uint32(): number {
    return this.next() * 4294967296;
  }

  /** In [0, 1). */
  float(): number {
    return this.uint32() / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** An integer in [min, max], both included. */
  range(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** Picks by weight: `[[weight, value], ...]`. */
  weighted<T>(choices: ReadonlyArray<readonly [number, T]>): T {
    const total = choices.reduce((sum, [w]) => sum + w, 0);
    let x = this.float() * total;
    for (const [w, value] of choices) {
      if ((x -= w) < 0) return value;
    }
    return choices[choices.length - 1]![1];
  }

  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i += 4) {
      const word = this.uint32();
      out[i] = word & 0xff;
      if (i + 1 < length) out[i + 1] = (word >>> 8) & 0xff;
      if (i + 2 < length) out[i + 2] = (word >>> 16) & 0xff;
      if (i + 3 < length) out[i + 3] = word >>> 24;
    }
    return out;
  }

  /** An independent generator derived from this one. */
  fork(): Rng {
    return new Rng(this.uint32());
  }
}
