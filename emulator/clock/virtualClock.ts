// The virtual clock (ARCHITECTURE.md: time; shared/reference/replay.txt:
// timers): virtual_ns = icount * 2^shift plus the sum of deterministic warps
// (jumps to the next timer deadline while the hart sleeps in WFI). It is a
// pure function of the instruction count and the warp history, so replay
// reproduces it. Host time never enters here.
import { SavedState } from '../contracts';
import { expectState } from '../devices/device';

/** QEMU's limit for -icount shift (MAX_ICOUNT_SHIFT in softmmu/icount.c). */
export const MAX_ICOUNT_SHIFT = 10;

export interface VirtualClockState extends SavedState {
  readonly kind: 'virtualClock';
  readonly version: 1;
  readonly shift: number;
  readonly warpNs: number;
  readonly warpCount: number;
}

export class VirtualClock {
  /** Nanoseconds per retired instruction: 2^shift, kept as a multiplier so no int32 shift can overflow. */
  readonly nsPerInstruction: number;
  private warpNs = 0;
  private warpCount = 0;

  constructor(
    readonly shift: number,
    private readonly icountNow: () => number,
  ) {
    if (!Number.isInteger(shift) || shift < 0 || shift > MAX_ICOUNT_SHIFT) {
      throw new RangeError(`icount shift must be an integer from 0 to ${MAX_ICOUNT_SHIFT}, got ${shift}`);
    }
    this.nsPerInstruction = 2 ** shift;
  }

  /** Virtual nanoseconds at the current instruction boundary. */
  nowNs(): number {
    return this.icountNow() * this.nsPerInstruction + this.warpNs;
  }

  /** Instructions still to retire before virtual time reaches deadlineNs (0 when it has; Infinity for no deadline). */
  instructionsUntil(deadlineNs: number): number {
    if (deadlineNs === Infinity) return Infinity;
    const gap = deadlineNs - this.nowNs();
    return gap <= 0 ? 0 : Math.ceil(gap / this.nsPerInstruction);
  }

  /** Jumps virtual time forward to deadlineNs (no-op if it is not in the future). */
  warpTo(deadlineNs: number): void {
    const gap = deadlineNs - this.nowNs();
    if (gap <= 0) return;
    this.warpNs += gap;
    this.warpCount++;
  }

  /** Total warped nanoseconds and how many warps made them. */
  get warps(): { readonly count: number; readonly totalNs: number } {
    return { count: this.warpCount, totalNs: this.warpNs };
  }

  saveState(): VirtualClockState {
    return { kind: 'virtualClock', version: 1, shift: this.shift, warpNs: this.warpNs, warpCount: this.warpCount };
  }

  loadState(state: SavedState): void {
    const s = expectState<VirtualClockState>(state, 'virtualClock', 1);
    if (s.shift !== this.shift) {
      throw new RangeError(`saved clock runs at icount shift ${s.shift}; this machine uses shift ${this.shift}`);
    }
    this.warpNs = s.warpNs;
    this.warpCount = s.warpCount;
  }
}
