// A stand-in hart for testing the run loop without the real CPU: its
// "program" is a list of steps (one per instruction, 4 bytes apart from the
// entry), each a function that may touch the bus, registers or time. It
// follows the HartControl contract where the run loop can see it: counting,
// budget, breakpoints, attention, WFI sleep and wake-up, interrupts (taken
// when mstatus.MIE and mip & mie; the handler is another step index), and
// stopOnTrap. Its state is plain data so save/load can be tested.
import { HartControl, HartStop, Irq, PhysicalBus, SavedState, TimeSource, Watchpoint } from '../../emulator/contracts';

export interface StepContext {
  readonly hart: ScriptedHart;
  readonly bus: PhysicalBus;
  readonly time: TimeSource;
}

/** One instruction. Return 'wfi' to sleep, 'mret' to return from the handler, or a pc to jump to. */
export type Step = (ctx: StepContext) => void | 'wfi' | 'mret' | { jump: number };

interface ScriptedHartState extends SavedState {
  readonly kind: 'scriptedHart';
  readonly version: 1;
  readonly regs: number[];
  readonly pc: number;
  readonly mip: number;
  readonly mie: number;
  readonly mstatusMie: boolean;
  readonly mepc: number;
  readonly waiting: boolean;
}

export class ScriptedHart implements HartControl {
  readonly regs = new Int32Array(32);
  pc = 0;
  readonly privilege = 3;
  waiting = false;
  lastStop: HartStop = { kind: 'budget' };
  stopOnTrap = false;
  readonly breakpoints = new Set<number>();
  retiredInSlice = 0;
  mip = 0;
  mie = 0;
  mstatusMie = false;
  mepc = 0;
  /** Step index of the trap handler. */
  handler = -1;
  entry = 0;
  watchpoints: readonly Watchpoint[] = [];
  readonly resets: Array<[number, number, number]> = [];
  readonly invalidated: Array<[number, number]> = [];
  readonly trapsTaken: number[] = [];

  constructor(
    readonly bus: PhysicalBus,
    readonly time: TimeSource,
    readonly program: readonly Step[],
  ) {}

  setIrqLevel(bit: Irq, level: boolean): void {
    this.mip = level ? this.mip | bit : this.mip & ~bit;
    if (this.waiting && this.mip & this.mie) this.waiting = false;
  }

  pcOf(step: number): number {
    return this.entry + 4 * step;
  }

  run(budget: number, resumeFromBreakpoint = false): number {
    this.retiredInSlice = 0;
    let first = true;
    for (;;) {
      if (this.waiting) {
        this.lastStop = { kind: 'wfi' };
        return this.retiredInSlice;
      }
      if (this.mstatusMie && this.mip & this.mie) {
        const cause = 31 - Math.clz32(this.mip & this.mie);
        this.mepc = this.pc;
        this.pc = this.pcOf(this.handler);
        this.mstatusMie = false;
        this.trapsTaken.push(cause);
        if (this.stopOnTrap) {
          this.lastStop = { kind: 'trap', cause, interrupt: true, tval: 0, pc: this.pc };
          return this.retiredInSlice;
        }
      }
      if (this.retiredInSlice >= budget) {
        this.lastStop = { kind: 'budget' };
        return this.retiredInSlice;
      }
      if (this.breakpoints.has(this.pc) && !(first && resumeFromBreakpoint)) {
        this.lastStop = { kind: 'breakpoint', pc: this.pc };
        return this.retiredInSlice;
      }
      first = false;
      const index = (this.pc - this.entry) / 4;
      const step = this.program[index];
      if (step === undefined) throw new Error(`scripted hart ran off its program at step ${index}`);
      const result = step({ hart: this, bus: this.bus, time: this.time });
      this.retiredInSlice++;
      if (result === 'mret') {
        this.pc = this.mepc;
        this.mstatusMie = true;
      } else if (typeof result === 'object') {
        this.pc = this.pcOf(result.jump);
      } else {
        this.pc += 4;
      }
      if (result === 'wfi' && !(this.mip & this.mie)) {
        this.waiting = true;
        this.lastStop = { kind: 'wfi' };
        return this.retiredInSlice;
      }
      if (this.bus.attention) {
        this.lastStop = { kind: 'attention' };
        return this.retiredInSlice;
      }
    }
  }

  setWatchpoints(list: readonly Watchpoint[]): void {
    this.watchpoints = list;
  }

  reset(entry: number, hartId: number, dtbAddress: number): void {
    this.resets.push([entry, hartId, dtbAddress]);
    this.entry = entry;
    this.regs.fill(0);
    this.regs[10] = hartId;
    this.regs[11] = dtbAddress;
    this.pc = entry;
    this.mip = 0;
    this.mie = 0;
    this.mstatusMie = false;
    this.waiting = false;
  }

  invalidateCode(paddr: number, length: number): void {
    this.invalidated.push([paddr, length]);
  }

  saveState(): ScriptedHartState {
    return {
      kind: 'scriptedHart',
      version: 1,
      regs: Array.from(this.regs),
      pc: this.pc,
      mip: this.mip,
      mie: this.mie,
      mstatusMie: this.mstatusMie,
      mepc: this.mepc,
      waiting: this.waiting,
    };
  }

  loadState(state: SavedState): void {
    const s = state as ScriptedHartState;
    this.regs.set(s.regs);
    this.pc = s.pc;
    this.mip = s.mip;
    this.mie = s.mie;
    this.mstatusMie = s.mstatusMie;
    this.mepc = s.mepc;
    this.waiting = s.waiting;
  }
}
