// Physical memory protection: 16 entries (pmpcfg0-3, pmpaddr0-15) with
// OFF/TOR/NA4/NAPOT matching and locking (privileged spec v1.12, 3.7).
// Where the spec leaves a choice we do what QEMU 7.2 (target/riscv/pmp.c)
// does: an S/U access that matches no entry is denied, even when no entry
// is configured at all; M mode is allowed unless a locked entry says
// otherwise; an access that only partly matches an entry fails. Addresses
// are 34-bit physical on RV32 (pmpaddr holds bits 33:2); ranges are kept as
// exact doubles.

export const PMP_R = 1;
export const PMP_W = 2;
export const PMP_X = 4;
const PMP_A = 0x18;
const PMP_L = 0x80;
const A_TOR = 0x08;
const A_NA4 = 0x10;
const A_NAPOT = 0x18;
/** pmpcfg bits 6:5 are reserved and read as zero. */
const CFG_WRITABLE = 0x9f;
const ENTRIES = 16;
const PAGE = 4096;

export class Pmp {
  readonly cfg = new Uint8Array(ENTRIES);
  readonly addr = new Uint32Array(ENTRIES);
  private readonly lo = new Float64Array(ENTRIES);
  private readonly hi = new Float64Array(ENTRIES);
  /** Entries whose A field is not OFF. */
  activeCount = 0;

  /** pmpcfg`reg` (RV32: four entries per register). */
  readCfg(reg: number): number {
    const b = reg * 4;
    return (this.cfg[b] | (this.cfg[b + 1] << 8) | (this.cfg[b + 2] << 16) | (this.cfg[b + 3] << 24)) | 0;
  }

  writeCfg(reg: number, value: number): void {
    for (let k = 0; k < 4; k++) {
      const i = reg * 4 + k;
      if (this.cfg[i] & PMP_L) continue; // locked until reset
      this.cfg[i] = (value >>> (8 * k)) & CFG_WRITABLE;
    }
    this.recompute();
  }

  readAddr(i: number): number {
    return this.addr[i] | 0;
  }

  writeAddr(i: number, value: number): void {
    if (this.cfg[i] & PMP_L) return;
    // A locked TOR entry also locks the address below it (its lower bound).
    if (i + 1 < ENTRIES && (this.cfg[i + 1] & PMP_L) && (this.cfg[i + 1] & PMP_A) === A_TOR) return;
    this.addr[i] = value >>> 0;
    this.recompute();
  }

  /** Clears every entry (reset). */
  clear(): void {
    this.cfg.fill(0);
    this.addr.fill(0);
    this.recompute();
  }

  /** Restores raw registers (loadState): no lock rules apply. */
  restore(cfg: readonly number[], addr: readonly number[]): void {
    for (let i = 0; i < ENTRIES; i++) {
      this.cfg[i] = cfg[i] & CFG_WRITABLE;
      this.addr[i] = addr[i] >>> 0;
    }
    this.recompute();
  }

  private recompute(): void {
    let active = 0;
    for (let i = 0; i < ENTRIES; i++) {
      const a = this.addr[i];
      let lo = 0, hi = -1;
      switch (this.cfg[i] & PMP_A) {
        case A_TOR:
          lo = i === 0 ? 0 : this.addr[i - 1] * 4;
          hi = a * 4 - 1;
          break;
        case A_NA4:
          lo = a * 4;
          hi = lo + 3;
          break;
        case A_NAPOT: {
          const inv = ~a;
          const ones = inv === 0 ? 32 : 31 - Math.clz32(inv & -inv);
          const span = 2 ** ones;
          lo = (a - (span - 1)) * 4;
          hi = lo + span * 8 - 1;
          break;
        }
        default:
          continue;
      }
      active++;
      this.lo[i] = lo;
      this.hi[i] = hi;
    }
    for (let i = 0; i < ENTRIES; i++) {
      if ((this.cfg[i] & PMP_A) === 0) { this.lo[i] = 1; this.hi[i] = 0; } // matches nothing
    }
    this.activeCount = active;
  }

  private allowed(i: number, mode: number): number {
    const c = this.cfg[i];
    return mode === 3 && (c & PMP_L) === 0 ? 7 : c & 7;
  }

  /** May an access of `size` bytes at physical `pa` with permissions `need` proceed in `mode`? */
  check(pa: number, size: number, need: number, mode: number): boolean {
    if (this.activeCount !== 0) {
      const last = pa + size - 1;
      for (let i = 0; i < ENTRIES; i++) {
        const lo = this.lo[i], hi = this.hi[i];
        const first = pa >= lo && pa <= hi;
        const end = last >= lo && last <= hi;
        if (first && end) return (this.allowed(i, mode) & need) === need;
        if (first || end) return false; // straddles the entry's boundary
      }
    }
    return mode === 3;
  }

  /**
   * The permissions that hold for every byte of the 4 KiB page at `page`
   * in `mode`, or 0 when the page is split between entries (then every
   * access must be checked on its own and nothing is cached).
   */
  pagePermissions(page: number, mode: number): number {
    if (this.activeCount !== 0) {
      const last = page + PAGE - 1;
      for (let i = 0; i < ENTRIES; i++) {
        const lo = this.lo[i], hi = this.hi[i];
        if (hi < lo || hi < page || lo > last) continue;
        if (lo <= page && hi >= last) return this.allowed(i, mode);
        return 0;
      }
    }
    return mode === 3 ? 7 : 0;
  }
}
