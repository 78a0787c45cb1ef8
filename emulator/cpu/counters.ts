// The 64-bit cycle and instret counters (Zicntr; privileged spec v1.12,
// 3.1.10-3.1.12), derived from the hart's retired-instruction count: one
// instruction is one cycle, as under QEMU -icount shift=0. A counter is
// icount plus a 64-bit offset (kept as two uint32 halves so values past
// 2^53 stay exact); a value written by an instruction is what the next
// instruction reads. mcountinhibit freezes a counter at its current value.

const TWO32 = 2 ** 32;

export interface CounterState {
  readonly offsetHi: number;
  readonly offsetLo: number;
  readonly frozenHi: number;
  readonly frozenLo: number;
  readonly inhibited: boolean;
}

export class Counter64 {
  private offsetHi = 0;
  private offsetLo = 0;
  private frozenHi = 0;
  private frozenLo = 0;
  private inhibited = false;

  /** The counter as seen by an instruction after `icount` have retired: low or high half, as int32. */
  read(icount: number, high: boolean): number {
    if (this.inhibited) return (high ? this.frozenHi : this.frozenLo) | 0;
    const sumLo = (icount % TWO32) + this.offsetLo;
    if (!high) return (sumLo % TWO32) | 0;
    return ((Math.floor(icount / TWO32) + this.offsetHi + (sumLo >= TWO32 ? 1 : 0)) % TWO32) | 0;
  }

  /** A CSR write by the instruction executing after `icount` retired: the next one reads `value` in that half. */
  write(icount: number, high: boolean, value: number): void {
    const next = icount + 1;
    const hi = high ? value >>> 0 : this.read(next, true) >>> 0;
    const lo = high ? this.read(next, false) >>> 0 : value >>> 0;
    this.setValue(next, hi, lo);
  }

  /** Sets the value read after `icount` instructions have retired. */
  private setValue(icount: number, hi: number, lo: number): void {
    if (this.inhibited) { this.frozenHi = hi; this.frozenLo = lo; return; }
    const nLo = icount % TWO32;
    const borrow = lo < nLo ? 1 : 0;
    this.offsetLo = (lo - nLo + TWO32) % TWO32;
    this.offsetHi = (((hi - Math.floor(icount / TWO32) - borrow) % TWO32) + TWO32) % TWO32;
  }

  /** Starts or stops counting after the instruction executing at `icount`. */
  setInhibited(icount: number, on: boolean): void {
    if (on === this.inhibited) return;
    const next = icount + 1;
    if (on) {
      this.frozenHi = this.read(next, true) >>> 0;
      this.frozenLo = this.read(next, false) >>> 0;
      this.inhibited = true;
    } else {
      this.inhibited = false;
      this.setValue(next, this.frozenHi, this.frozenLo);
    }
  }

  /** Makes the counter read zero after `icount` instructions (reset). */
  reset(icount: number): void {
    this.inhibited = false;
    this.frozenHi = 0;
    this.frozenLo = 0;
    this.setValue(icount, 0, 0);
  }

  save(): CounterState {
    return {
      offsetHi: this.offsetHi, offsetLo: this.offsetLo,
      frozenHi: this.frozenHi, frozenLo: this.frozenLo, inhibited: this.inhibited,
    };
  }

  load(s: CounterState): void {
    this.offsetHi = s.offsetHi >>> 0;
    this.offsetLo = s.offsetLo >>> 0;
    this.frozenHi = s.frozenHi >>> 0;
    this.frozenLo = s.frozenLo >>> 0;
    this.inhibited = s.inhibited;
  }
}
