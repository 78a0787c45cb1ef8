// Instruction tracing for `rewind run --trace`: the machine is stepped one
// instruction at a time (run(1)) with stopOnTrap on, and each retired
// instruction becomes one line in the disassembler's trace format (icount,
// pc, encoding, objdump's disassembly, the register it wrote and its new
// value). Taken traps get a line of their own.
import { Disassembler, Machine, MachineStop, RunOptions, formatTraceLine } from '../emulator/index';

const hex8 = (n: number): string => (n >>> 0).toString(16).padStart(8, '0');

/** The instruction at pc as the hart would fetch it: 16 bits if compressed, else 32; undefined if not in memory. */
export function fetchInstruction(machine: Machine, pc: number): { raw: number; length: 2 | 4 } | undefined {
  try {
    const low = machine.readMemory(pc, 2);
    const half = low[0] | (low[1] << 8);
    if ((half & 3) !== 3) return { raw: half, length: 2 };
    const all = machine.readMemory(pc, 4);
    return { raw: (all[0] | (all[1] << 8) | (all[2] << 16) | (all[3] << 24)) >>> 0, length: 4 };
  } catch {
    return undefined;
  }
}

export class InstructionTracer {
  /** Keeps lui/auipc history between lines, so address comments come out as objdump's. */
  private readonly disassembler = new Disassembler();

  constructor(private readonly machine: Machine) {
    machine.stopOnTrap = true;
  }

  /** Runs one instruction; returns the stop and the trace lines it produced. */
  step(options: RunOptions = {}): { stop: MachineStop; lines: string[] } {
    const { machine } = this;
    const hart = machine.hart;
    const pc = hart.pc >>> 0;
    const icount = machine.icount;
    const before = Int32Array.from(hart.regs);
    const fetched = fetchInstruction(machine, pc);
    const stop = machine.run(1, options);
    const lines: string[] = [];
    if (machine.icount > icount) {
      let written: { reg: number; value: number } | undefined;
      for (let r = 1; r < 32; r++) {
        if (hart.regs[r] !== before[r]) {
          written = { reg: r, value: hart.regs[r] >>> 0 };
          break;
        }
      }
      lines.push(
        fetched === undefined
          ? `${icount} ${hex8(pc)}: (no memory here to fetch from)`
          : formatTraceLine({ icount, pc, raw: fetched.raw, length: fetched.length, written }, this.disassembler),
      );
    }
    if (stop.kind === 'trap') {
      const kind = stop.interrupt ? 'interrupt' : 'exception';
      lines.push(`${machine.icount} trap: ${kind} ${stop.cause}, tval 0x${hex8(stop.tval)}, handler ${hex8(stop.pc)}`);
    }
    return { stop, lines };
  }
}
