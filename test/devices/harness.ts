// Test harness for devices on their own: a virtual clock whose icount the
// test moves by hand (firing due timers as the run loop would), and an
// interrupt-line recorder standing in for the hart and the PLIC.
import { InterruptLines, Irq } from '../../emulator/contracts';
import { TimerQueue } from '../../emulator/clock/timerQueue';
import { VirtualClock } from '../../emulator/clock/virtualClock';

export class ManualTime {
  icount = 0;
  readonly clock: VirtualClock;
  readonly timers = new TimerQueue();

  constructor(shift = 0) {
    this.clock = new VirtualClock(shift, () => this.icount);
  }

  /** Retires n instructions one boundary at a time, firing timers when due. */
  step(n: number): void {
    for (let i = 0; i < n; i++) {
      this.icount++;
      this.timers.fireDue(this.clock.nowNs());
    }
  }

  /** Jumps straight to an icount, firing timers due by then. */
  jumpTo(icount: number): void {
    this.icount = icount;
    this.timers.fireDue(this.clock.nowNs());
  }
}

export class LineRecorder implements InterruptLines {
  readonly levels = new Map<Irq, boolean>();
  readonly history: Array<[Irq, boolean]> = [];

  setIrqLevel(bit: Irq, level: boolean): void {
    this.levels.set(bit, level);
    this.history.push([bit, level]);
  }

  level(bit: Irq): boolean {
    return this.levels.get(bit) ?? false;
  }
}

/** A single PLIC source line that remembers its level and how often it was driven. */
export class SourceLine {
  level = false;
  calls = 0;
  readonly line = (level: boolean): void => {
    this.level = level;
    this.calls++;
  };
}
