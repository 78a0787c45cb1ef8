// Platform-level interrupt controller of the virt board, following QEMU
// 7.2's SiFive PLIC model (hw/intc/sifive_plic.c) as virt configures it:
// 96 sources (0 = none), priorities 0..7, and two contexts for hart 0 —
// context 0 drives mip.MEIP (M mode), context 1 drives mip.SEIP (S mode).
// A device line sets or clears the source's pending bit on every call (as
// QEMU's qemu_set_irq does); a claim returns the highest-priority pending,
// enabled, unclaimed source above the context's threshold (lowest number on
// a tie) and marks it claimed until completed. Only 4-byte accesses.
import { InterruptLines, Irq, SavedState } from '../contracts';
import {
  PLIC_CONTEXT_BASE,
  PLIC_CONTEXT_M,
  PLIC_CONTEXT_S,
  PLIC_CONTEXT_STRIDE,
  PLIC_ENABLE_BASE,
  PLIC_ENABLE_STRIDE,
  PLIC_NUM_PRIORITIES,
  PLIC_NUM_SOURCES,
  PLIC_PENDING_BASE,
  PLIC_PRIORITY_BASE,
} from '../machine/memoryMap';
import { Device, IrqLine, MmioDevice, StateError, expectState } from './device';

/** Register offsets inside a context's block. */
export const CONTEXT_THRESHOLD = 0x0;
export const CONTEXT_CLAIM_COMPLETE = 0x4;

const WORDS = (PLIC_NUM_SOURCES + 31) >> 5;
const CONTEXTS = 2;
/** The mip bit each context drives. */
const CONTEXT_LINE = [Irq.MEIP, Irq.SEIP];

interface PlicState extends SavedState {
  readonly kind: 'plic';
  readonly version: 1;
  readonly priority: number[];
  readonly pending: number[];
  readonly claimed: number[];
  /** enable[context][word] */
  readonly enable: number[][];
  readonly threshold: number[];
  /** Levels of the lines into the hart, by context (MEIP, SEIP). */
  readonly outputs: boolean[];
}

export class Plic implements Device, MmioDevice {
  readonly name = 'plic';
  private readonly priority = new Uint32Array(PLIC_NUM_SOURCES);
  private readonly pending = new Uint32Array(WORDS);
  private readonly claimed = new Uint32Array(WORDS);
  private readonly enable = new Uint32Array(CONTEXTS * WORDS);
  private readonly threshold = new Uint32Array(CONTEXTS);
  private readonly outputs = [false, false];

  constructor(private readonly lines: InterruptLines) {}

  /** The input line for source `irq`, to hand to a device. */
  sourceLine(irq: number): IrqLine {
    if (!Number.isInteger(irq) || irq < 1 || irq >= PLIC_NUM_SOURCES) throw new RangeError(`PLIC has no source ${irq}`);
    return (level) => this.setSourceLevel(irq, level);
  }

  /** A device drove source `irq` to `level` (QEMU sifive_plic_irq_request). */
  setSourceLevel(irq: number, level: boolean): void {
    this.setBit(this.pending, irq, level);
    this.update();
  }

  /** The source a claim on `context` would return now (0 = none), without claiming it. */
  bestPending(context: number): number {
    let best = 0;
    let bestPriority = this.threshold[context];
    for (let w = 0; w < WORDS; w++) {
      const candidates = this.pending[w] & ~this.claimed[w] & this.enable[context * WORDS + w];
      if (candidates === 0) continue;
      for (let b = 0; b < 32; b++) {
        const irq = (w << 5) + b;
        if (irq >= PLIC_NUM_SOURCES) break;
        if (candidates & (1 << b) && this.priority[irq] > bestPriority) {
          best = irq;
          bestPriority = this.priority[irq];
        }
      }
    }
    return best;
  }

  read(offset: number): number {
    if (offset >= PLIC_PRIORITY_BASE && offset - PLIC_PRIORITY_BASE < PLIC_NUM_SOURCES * 4) {
      return this.priority[(offset - PLIC_PRIORITY_BASE) >> 2];
    }
    if (offset >= PLIC_PENDING_BASE && offset - PLIC_PENDING_BASE < (PLIC_NUM_SOURCES + 31) >> 3) {
      return this.pending[(offset - PLIC_PENDING_BASE) >> 2] ?? 0;
    }
    if (offset >= PLIC_ENABLE_BASE && offset - PLIC_ENABLE_BASE < CONTEXTS * PLIC_ENABLE_STRIDE) {
      const context = Math.floor((offset - PLIC_ENABLE_BASE) / PLIC_ENABLE_STRIDE);
      const word = (offset & (PLIC_ENABLE_STRIDE - 1)) >> 2;
      return word < WORDS ? this.enable[context * WORDS + word] : 0;
    }
    if (offset >= PLIC_CONTEXT_BASE && offset - PLIC_CONTEXT_BASE < CONTEXTS * PLIC_CONTEXT_STRIDE) {
      const context = Math.floor((offset - PLIC_CONTEXT_BASE) / PLIC_CONTEXT_STRIDE);
      const register = offset & (PLIC_CONTEXT_STRIDE - 1);
      if (register === CONTEXT_THRESHOLD) return this.threshold[context];
      if (register === CONTEXT_CLAIM_COMPLETE) return this.claim(context);
    }
    return 0;
  }

  write(offset: number, _size: number, value: number): void {
    if (offset >= PLIC_PRIORITY_BASE && offset - PLIC_PRIORITY_BASE < PLIC_NUM_SOURCES * 4) {
      // WARL: keep the bits a 3-bit priority has (QEMU: value % (num_priorities + 1)).
      this.priority[(offset - PLIC_PRIORITY_BASE) >> 2] = value % (PLIC_NUM_PRIORITIES + 1);
      this.update();
      return;
    }
    if (offset >= PLIC_PENDING_BASE && offset - PLIC_PENDING_BASE < (PLIC_NUM_SOURCES + 31) >> 3) {
      return; // pending bits are read-only
    }
    if (offset >= PLIC_ENABLE_BASE && offset - PLIC_ENABLE_BASE < CONTEXTS * PLIC_ENABLE_STRIDE) {
      const context = Math.floor((offset - PLIC_ENABLE_BASE) / PLIC_ENABLE_STRIDE);
      const word = (offset & (PLIC_ENABLE_STRIDE - 1)) >> 2;
      // As QEMU 7.2: a new enable mask takes effect at the next update, not at once.
      if (word < WORDS) this.enable[context * WORDS + word] = value >>> 0;
      return;
    }
    if (offset >= PLIC_CONTEXT_BASE && offset - PLIC_CONTEXT_BASE < CONTEXTS * PLIC_CONTEXT_STRIDE) {
      const context = Math.floor((offset - PLIC_CONTEXT_BASE) / PLIC_CONTEXT_STRIDE);
      const register = offset & (PLIC_CONTEXT_STRIDE - 1);
      if (register === CONTEXT_THRESHOLD) {
        this.threshold[context] = value % (PLIC_NUM_PRIORITIES + 1);
        this.update();
      } else if (register === CONTEXT_CLAIM_COMPLETE && value >>> 0 < PLIC_NUM_SOURCES) {
        this.setBit(this.claimed, value, false);
        this.update();
      }
    }
  }

  private claim(context: number): number {
    const irq = this.bestPending(context);
    if (irq !== 0) {
      this.setBit(this.pending, irq, false);
      this.setBit(this.claimed, irq, true);
    }
    this.update();
    return irq;
  }

  private setBit(words: Uint32Array, irq: number, level: boolean): void {
    const mask = 1 << (irq & 31);
    if (level) words[irq >> 5] |= mask;
    else words[irq >> 5] &= ~mask;
  }

  /** Recomputes both contexts' lines into the hart (QEMU sifive_plic_update). */
  private update(): void {
    for (let context = 0; context < CONTEXTS; context++) {
      const level = this.bestPending(context) !== 0;
      if (level !== this.outputs[context]) {
        this.outputs[context] = level;
        this.lines.setIrqLevel(CONTEXT_LINE[context], level);
      }
    }
  }

  reset(): void {
    this.priority.fill(0);
    this.pending.fill(0);
    this.claimed.fill(0);
    this.enable.fill(0);
    this.threshold.fill(0);
    for (let context = 0; context < CONTEXTS; context++) {
      this.outputs[context] = false;
      this.lines.setIrqLevel(CONTEXT_LINE[context], false);
    }
  }

  saveState(): PlicState {
    const enable: number[][] = [];
    for (let c = 0; c < CONTEXTS; c++) enable.push(Array.from(this.enable.subarray(c * WORDS, (c + 1) * WORDS)));
    return {
      kind: 'plic',
      version: 1,
      priority: Array.from(this.priority),
      pending: Array.from(this.pending),
      claimed: Array.from(this.claimed),
      enable,
      threshold: Array.from(this.threshold),
      outputs: [...this.outputs],
    };
  }

  loadState(state: SavedState): void {
    const s = expectState<PlicState>(state, 'plic', 1);
    copyInto(this.priority, s.priority, 'priority');
    copyInto(this.pending, s.pending, 'pending');
    copyInto(this.claimed, s.claimed, 'claimed');
    if (!Array.isArray(s.enable) || s.enable.length !== CONTEXTS) throw new StateError('plic: enable must hold one row per context');
    s.enable.forEach((row, c) => copyInto(this.enable.subarray(c * WORDS, (c + 1) * WORDS), row, 'enable'));
    copyInto(this.threshold, s.threshold, 'threshold');
    if (!Array.isArray(s.outputs) || s.outputs.length !== CONTEXTS) throw new StateError('plic: outputs must hold one level per context');
    this.outputs[PLIC_CONTEXT_M] = s.outputs[PLIC_CONTEXT_M] === true;
    this.outputs[PLIC_CONTEXT_S] = s.outputs[PLIC_CONTEXT_S] === true;
  }
}

function copyInto(target: Uint32Array, source: readonly number[], what: string): void {
  if (!Array.isArray(source) || source.length !== target.length) {
    throw new StateError(`plic: ${what} must hold ${target.length} values`);
  }
  target.set(source);
}
