// `rewind seek run.rwnd --icount N [--regs]`: moves a replay of the
// recording to instruction N (restoring the nearest snapshot from the
// snapshot file next to the log, if there is one, and re-executing to N)
// and prints the pc with the instruction about to run there, disassembled
// as objdump does, and with --regs every register by its ABI name.
import { ABI_REGISTER_NAMES, EngineStop, MachineView, disassemble, drain } from '../emulator/index';
import { CliIo, writeAll } from './io';
import { openForReplay } from './replay';
import { EXIT_BAD_LOG, UsageError, integerOption, parseArgs, readSnapshotFileNextTo, reportUsage } from './recordingFiles';

export const SEEK_USAGE = `usage: rewind seek <run.rwnd> --icount N [--regs] [--elf prog.elf]

Replays a recording up to instruction N (N instructions retired) and shows
the machine there: the pc and the instruction about to run, and with
--regs the general registers.

options:
  --icount <N>   where to go (clamped to the recording's length)
  --regs         print x0..x31 with their ABI names
  --elf <file>   the program the recording was made with (default: the one the log names)
`;

const hex8 = (n: number): string => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;

/** The instruction at pc in the view (through the MMU when paging), disassembled; undefined if not in memory. */
export function instructionAt(view: MachineView, pc: number): string | undefined {
  const paddr = view.translate(pc, 'execute');
  if (paddr === undefined) return undefined;
  try {
    const low = view.readMemory(paddr, 2);
    const half = low[0] | (low[1] << 8);
    const raw = (half & 3) !== 3 ? half : (() => {
      const all = view.readMemory(paddr, 4);
      return (all[0] | (all[1] << 8) | (all[2] << 16) | (all[3] << 24)) >>> 0;
    })();
    const width = (half & 3) !== 3 ? 4 : 8;
    return `${raw.toString(16).padStart(width, '0')}  ${disassemble(raw, pc).text}`;
  } catch {
    return undefined;
  }
}

/** The register lines: four registers a line, ABI name and number, hex value. */
export function registerLines(view: MachineView): string[] {
  const lines: string[] = [];
  for (let i = 0; i < 32; i += 4) {
    const cells: string[] = [];
    for (let r = i; r < i + 4; r++) cells.push(`${`${ABI_REGISTER_NAMES[r]}(x${r})`.padEnd(9)} ${hex8(view.regs[r])}`);
    lines.push(cells.join('   '));
  }
  return lines;
}

export async function runCommandSeek(args: readonly string[], io: CliIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    await writeAll(io.stdout, SEEK_USAGE);
    return 0;
  }
  let logPath: string;
  let target: number;
  let regs: boolean;
  let elfOption: string | undefined;
  try {
    const parsed = parseArgs(args, [
      { name: '--icount', value: true },
      { name: '--regs', value: false },
      { name: '--elf', value: true },
    ]);
    if (parsed.positional.length !== 1) throw new UsageError('give the path of one .rwnd log');
    if (!parsed.values.has('--icount')) throw new UsageError('where to? give --icount N');
    logPath = parsed.positional[0];
    target = integerOption(parsed, '--icount', 0, 0, Number.MAX_SAFE_INTEGER);
    regs = parsed.flags.has('--regs');
    elfOption = parsed.values.get('--elf');
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    return reportUsage(io, 'seek', e);
  }
  const opened = await openForReplay(io, logPath, elfOption, await readSnapshotFileNextTo(logPath));
  if (typeof opened === 'number') return opened;
  const { engine } = opened;
  if (opened.snapshotFileProblem) await writeAll(io.stderr, `rewind: not using ${logPath}.snap: ${opened.snapshotFileProblem}\n`);
  const length = engine.status().length;
  if (target > length) await writeAll(io.stderr, `rewind: the recording has ${length} instructions; going to the end\n`);
  const stop: EngineStop = drain(engine.seek(target));
  if (stop.kind === 'divergence') {
    await writeAll(io.stderr, `rewind: the replay diverges at instruction ${stop.icount}: ${stop.reason}\n`);
    return EXIT_BAD_LOG;
  }
  const view = engine.view();
  const lines = [`icount ${engine.icount}  pc ${hex8(view.pc)}  ${instructionAt(view, view.pc) ?? '(no instruction in memory there)'}`];
  if (regs) lines.push(...registerLines(view));
  await writeAll(io.stdout, lines.join('\n') + '\n');
  return 0;
}
