// Instruction tracing for `rewind run --trace`: the machine is stepped one
// instruction at a time (run(1)) with stopOnTrap on, and each retired
// instruction becomes one line: icount, pc, encoding, disassembly, and the
// register it wrote with its new value. Taken traps get a line of their own.
import { Machine, MachineStop } from '../emulator/index';

/** Turns an instruction word at pc into assembly text. */
export type Disassembler = (word: number, pc: number) => string;

export const ABI_NAMES = [
  'zero', 'ra', 'sp', 'gp', 'tp', 't0', 't1', 't2', 's0', 's1', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5',
  'a6', 'a7', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11', 't3', 't4', 't5', 't6',
];

const hex8 = (n: number): string => (n >>> 0).toString(16).padStart(8, '0');

/** The instruction at pc as the hart would fetch it: 16 bits if compressed, else 32; undefined if not in memory. */
export function fetchInstruction(machine: Machine, pc: number): { word: number; length: 2 | 4 } | undefined {
  try {
    const low = machine.readMemory(pc, 2);
    const half = low[0] | (low[1] << 8);
    if ((half & 3) !== 3) return { word: half, length: 2 };
    const all = machine.readMemory(pc, 4);
    return { word: (all[0] | (all[1] << 8) | (all[2] << 16) | (all[3] << 24)) >>> 0, length: 4 };
  } catch {
    return undefined;
  }
}

export function formatTraceLine(
  icount: number,
  pc: number,
  fetched: { word: number; length: 2 | 4 } | undefined,
  assembly: string,
  written: { reg: number; value: number } | undefined,
): string {
  const encoding = fetched === undefined ? '????????' : fetched.length === 2 ? fetched.word.toString(16).padStart(4, '0').padStart(8) : hex8(fetched.word);
  const effect = written === undefined ? '' : `${ABI_NAMES[written.reg]}=0x${hex8(written.value)}`;
  return `${String(icount).padStart(10)}  ${hex8(pc)}  ${encoding}  ${assembly.padEnd(32)}${effect}`.trimEnd();
}

export class InstructionTracer {
  constructor(
    private readonly machine: Machine,
    private readonly disassemble: Disassembler | undefined,
  ) {
    machine.stopOnTrap = true;
  }

  /** Runs one instruction; returns the stop and the trace lines it produced. */
  step(virtualTimeLimitNs?: number): { stop: MachineStop; lines: string[] } {
    const { machine } = this;
    const hart = machine.hart;
    const pc = hart.pc >>> 0;
    const icount = machine.icount;
    const before = Int32Array.from(hart.regs);
    const fetched = fetchInstruction(machine, pc);
    const stop = machine.run(1, { virtualTimeLimitNs });
    const lines: string[] = [];
    if (machine.icount > icount) {
      let written: { reg: number; value: number } | undefined;
      for (let r = 1; r < 32; r++) {
        if (hart.regs[r] !== before[r]) {
          written = { reg: r, value: hart.regs[r] };
          break;
        }
      }
      const assembly = fetched === undefined ? '' : this.disassemble ? this.disassemble(fetched.word, pc) : '';
      lines.push(formatTraceLine(icount, pc, fetched, assembly, written));
    }
    if (stop.kind === 'trap') {
      const kind = stop.interrupt ? 'interrupt' : 'exception';
      lines.push(`${String(machine.icount).padStart(10)}  trap: ${kind} ${stop.cause}, tval 0x${hex8(stop.tval)} -> ${hex8(stop.pc)}`);
    }
    return { stop, lines };
  }
}
