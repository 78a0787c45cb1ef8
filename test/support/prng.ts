// A small seeded pseudo-random generator (xorshift32, Marsaglia 2003) so
// generated and fuzzed tests are the same on every run and machine.
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  nextU32(): number {
    let x = this.state;
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state;
  }

  /** An integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number {
    return lo + (this.nextU32() % (hi - lo + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[this.nextU32() % items.length];
  }

  chance(probability: number): boolean {
    return this.nextU32() / 0x1_0000_0000 < probability;
  }
}
