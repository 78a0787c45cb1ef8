// Seeded pseudo-random numbers for tests (xorshift32): fixed seeds make
// every run of a randomized test identical.
export class Random {
  private s: number;
  constructor(seed: number) {
    this.s = seed | 0 || 1;
  }
  /** A uniformly distributed int32. */
  next(): number {
    let x = this.s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x;
    return x;
  }
  /** An integer in [0, n). */
  below(n: number): number {
    return (this.next() >>> 0) % n;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)];
  }
  /** A 32-bit value biased towards the edge cases of arithmetic. */
  interesting(): number {
    switch (this.below(6)) {
      case 0: return this.pick([0, 1, -1, 2, -2, 0x7fffffff, -0x80000000, 0x80000001 | 0, 31, 32, 33]);
      case 1: return this.below(64) - 32;
      default: return this.next();
    }
  }
}
