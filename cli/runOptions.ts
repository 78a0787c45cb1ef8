// Options of `rewind run`, parsed strictly: an unknown or malformed option
// is a usage error (exit status 2) with a message naming it.
import { DEFAULT_RAM_MIB, MAX_ICOUNT_SHIFT } from '../emulator/index';

export const RUN_USAGE = `usage: rewind run <program.elf> [options]

Runs a RISC-V RV32 program on QEMU's virt board (-bios none), with UART0 on
stdin/stdout. The exit status is the guest's: 0 when it writes "pass" to
the test finisher, N when it writes "fail" with code N.

options:
  --ram <MiB>          guest RAM size (default ${DEFAULT_RAM_MIB})
  --icount-shift <N>   each instruction takes 2^N ns of virtual time (0..${MAX_ICOUNT_SHIFT}, default 0)
  --max-insns <N>      stop after N instructions (exit status 124)
  --trace              print every instruction to stderr: icount, pc, encoding,
                       disassembly and the register it wrote
  --no-pace            let a sleeping guest's virtual time run ahead of real time
                       (default: a guest waiting in WFI waits in real time, as on QEMU)

exit status: guest's finisher code; 2 bad program or usage; 124 --max-insns
reached; 130 interrupted (Ctrl-C); 0 when the guest waits for input that
can no longer come (stdin ended, no timer armed).
`;

export interface RunOptions {
  readonly elfPath: string;
  readonly ramMiB: number;
  readonly icountShift: number;
  readonly maxInstructions: number | undefined;
  readonly trace: boolean;
  readonly pace: boolean;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

function integer(name: string, text: string | undefined, min: number, max: number): number {
  if (text === undefined) throw new UsageError(`${name} needs a value`);
  if (!/^\d+$/.test(text)) throw new UsageError(`${name} needs a whole number, got '${text}'`);
  const value = Number(text);
  if (value < min || value > max) throw new UsageError(`${name} must be from ${min} to ${max}, got ${value}`);
  return value;
}

export function parseRunOptions(args: readonly string[]): RunOptions {
  let elfPath: string | undefined;
  let ramMiB = DEFAULT_RAM_MIB;
  let icountShift = 0;
  let maxInstructions: number | undefined;
  let trace = false;
  let pace = true;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string | undefined => (eq > 0 ? arg.slice(eq + 1) : args[++i]);
    switch (name) {
      case '--ram':
        ramMiB = integer('--ram', value(), 1, 2048);
        break;
      case '--icount-shift':
        icountShift = integer('--icount-shift', value(), 0, MAX_ICOUNT_SHIFT);
        break;
      case '--max-insns':
        maxInstructions = integer('--max-insns', value(), 1, Number.MAX_SAFE_INTEGER);
        break;
      case '--trace':
        trace = true;
        break;
      case '--pace':
        pace = true;
        break;
      case '--no-pace':
        pace = false;
        break;
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option '${arg}'`);
        if (elfPath !== undefined) throw new UsageError(`one program at a time: got '${elfPath}' and '${arg}'`);
        elfPath = arg;
    }
  }
  if (elfPath === undefined) throw new UsageError('which program? give the path of an ELF file');
  return { elfPath, ramMiB, icountShift, maxInstructions, trace, pace };
}
