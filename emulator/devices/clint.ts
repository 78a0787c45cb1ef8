// CLINT of the virt board, as QEMU 7.2 builds it from two ACLINT blocks
// (hw/intc/riscv_aclint.c): an MSWI block (msip at +0) and an MTIMER block
// (mtimecmp at +0x4000, mtime at +0xBFF8), for one hart. mtime is derived
// from the virtual clock at 10 MHz: mtime = floor(virtual_ns / 100) plus the
// offset a guest write to mtime leaves. MTIP is the level mtime >= mtimecmp,
// re-evaluated when either register is written and when the virtual timer
// armed for the deadline fires (at the exact instruction where mtime reaches
// mtimecmp; QEMU may fire up to one tick later).
import { AccessSize, InterruptLines, Irq, SavedState, TimeSource } from '../contracts';
import { VirtualClock } from '../clock/virtualClock';
import { TimerQueue, VirtualTimer } from '../clock/timerQueue';
import { NS_PER_MTIME_TICK, MTIMER_MTIMECMP, MTIMER_MTIME } from '../machine/memoryMap';
import { Device, MmioDevice, expectState, u64FromState, u64ToState } from './device';

/** MSWI register: msip for hart 0 (bit 0 drives mip.MSIP). */
export const MSWI_MSIP0 = 0x0;
/** MTIMER registers, relative to the MTIMER block. */
export const MTIMECMP_LO = MTIMER_MTIMECMP;
export const MTIMECMP_HI = MTIMER_MTIMECMP + 4;
export const MTIME_LO = MTIMER_MTIME;
export const MTIME_HI = MTIMER_MTIME + 4;

const U32 = 0xffffffffn;

interface ClintState extends SavedState {
  readonly kind: 'clint';
  readonly version: 1;
  readonly msip: boolean;
  readonly mtip: boolean;
  readonly mtimecmp: string;
  /** mtime minus floor(virtual_ns / 100), modulo 2^64 (QEMU: time_delta). */
  readonly mtimeOffset: string;
  readonly timerDeadlineNs: number | null;
}

export class Clint implements Device, TimeSource {
  readonly name = 'clint';
  private msip = false;
  private mtip = false;
  private mtimecmp = 0n;
  private mtimeOffset = 0n;
  private readonly timer: VirtualTimer;

  /** The MSWI block (4-byte accesses only). */
  readonly swiRegisters: MmioDevice = {
    read: (offset) => (offset === MSWI_MSIP0 && this.msip ? 1 : 0),
    write: (offset, _size, value) => {
      if (offset === MSWI_MSIP0) this.setMsip((value & 1) !== 0);
    },
  };

  /** The MTIMER block (4-byte accesses on RV32; QEMU also takes 8). */
  readonly mtimerRegisters: MmioDevice = {
    read: (offset, size) => this.readMtimer(offset, size),
    write: (offset, size, value) => this.writeMtimer(offset, size, value),
  };

  constructor(
    private readonly clock: VirtualClock,
    timers: TimerQueue,
    private readonly lines: InterruptLines,
  ) {
    this.timer = timers.create('clint.mtimer', () => this.setMtip(true));
  }

  /** mtime at the current instruction (TimeSource for the hart's `time` CSR); exact below 2^53. */
  mtime(): number {
    if (this.mtimeOffset === 0n) return Math.floor(this.clock.nowNs() / NS_PER_MTIME_TICK);
    return Number(this.mtime64());
  }

  /** The full 64-bit mtime. */
  mtime64(): bigint {
    return BigInt.asUintN(64, this.rawTicks() + this.mtimeOffset);
  }

  get mtimecmpValue(): bigint {
    return this.mtimecmp;
  }

  get mtipLevel(): boolean {
    return this.mtip;
  }

  get msipLevel(): boolean {
    return this.msip;
  }

  private rawTicks(): bigint {
    return BigInt(Math.floor(this.clock.nowNs() / NS_PER_MTIME_TICK));
  }

  private readMtimer(offset: number, _size: AccessSize): number {
    switch (offset) {
      case MTIMECMP_LO:
        return Number(this.mtimecmp & U32);
      case MTIMECMP_HI:
        return Number(this.mtimecmp >> 32n);
      case MTIME_LO:
        return Number(this.mtime64() & U32);
      case MTIME_HI:
        return Number(this.mtime64() >> 32n);
      default:
        return 0;
    }
  }

  private writeMtimer(offset: number, _size: AccessSize, value: number): void {
    const v = BigInt(value >>> 0);
    switch (offset) {
      case MTIMECMP_LO:
        this.mtimecmp = (this.mtimecmp & (U32 << 32n)) | v;
        this.evaluateTimer();
        return;
      case MTIMECMP_HI:
        this.mtimecmp = (v << 32n) | (this.mtimecmp & U32);
        this.evaluateTimer();
        return;
      case MTIME_LO:
      case MTIME_HI: {
        const raw = this.rawTicks();
        const now = BigInt.asUintN(64, raw + this.mtimeOffset);
        const wanted = offset === MTIME_LO ? (now & (U32 << 32n)) | v : (v << 32n) | (now & U32);
        this.mtimeOffset = BigInt.asUintN(64, wanted - raw);
        this.evaluateTimer();
        return;
      }
      default:
        return;
    }
  }

  /** QEMU riscv_aclint_mtimer_write_timecmp: raise now, or lower and arm the timer for the deadline. */
  private evaluateTimer(): void {
    const raw = this.rawTicks();
    const now = BigInt.asUintN(64, raw + this.mtimeOffset);
    if (this.mtimecmp <= now) {
      this.timer.cancel();
      this.setMtip(true);
      return;
    }
    this.setMtip(false);
    const deadlineTicks = raw + (this.mtimecmp - now);
    const deadlineNs = Number(deadlineTicks) * NS_PER_MTIME_TICK;
    if (deadlineNs > Number.MAX_SAFE_INTEGER) this.timer.cancel();
    else this.timer.arm(deadlineNs);
  }

  private setMsip(level: boolean): void {
    if (level === this.msip) return;
    this.msip = level;
    this.lines.setIrqLevel(Irq.MSIP, level);
  }

  private setMtip(level: boolean): void {
    if (level === this.mtip) return;
    this.mtip = level;
    this.lines.setIrqLevel(Irq.MTIP, level);
  }

  /**
   * ACLINT reset: msip cleared, mtime written to 0, mtimecmp kept (0 at
   * power-on, so MTIP is raised at boot as on QEMU). Drives both lines
   * explicitly, since the hart's own reset may have cleared mip.
   */
  reset(): void {
    this.msip = false;
    this.lines.setIrqLevel(Irq.MSIP, false);
    this.mtip = false;
    this.lines.setIrqLevel(Irq.MTIP, false);
    this.mtimeOffset = BigInt.asUintN(64, -this.rawTicks());
    this.evaluateTimer();
  }

  saveState(): ClintState {
    return {
      kind: 'clint',
      version: 1,
      msip: this.msip,
      mtip: this.mtip,
      mtimecmp: u64ToState(this.mtimecmp),
      mtimeOffset: u64ToState(this.mtimeOffset),
      timerDeadlineNs: this.timer.deadlineNs,
    };
  }

  loadState(state: SavedState): void {
    const s = expectState<ClintState>(state, 'clint', 1);
    this.msip = s.msip === true;
    this.mtip = s.mtip === true;
    this.mtimecmp = u64FromState(s.mtimecmp);
    this.mtimeOffset = u64FromState(s.mtimeOffset);
    this.timer.restore(s.timerDeadlineNs);
  }
}
