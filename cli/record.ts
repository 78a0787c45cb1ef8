// `rewind record prog.elf -o run.rwnd`: runs a program like `rewind run`
// (UART0 on stdin/stdout) and records every nondeterministic input into a
// replay log (docs/replay-log.md), flushed as it goes so a killed recorder
// leaves a log whose valid prefix replays. Ctrl-C (or the end of input
// while the guest waits for it) closes the log properly. The snapshots
// taken while recording are saved next to the log (`run.rwnd.snap`) so a
// later seek starts near its target. The exit status is the guest's.
import * as fs from 'fs';
import * as path from 'path';
import {
  DEFAULT_CHECKPOINT_INTERVAL,
  DEFAULT_RAM_MIB,
  ElfError,
  EngineStop,
  MAX_ICOUNT_SHIFT,
  MachineConfig,
  RewindEngine,
  snapshotTag,
  startRecording,
} from '../emulator/index';
import { monotonicNs as hostMonotonicNs, hostWallClock } from './hostTime';
import { CliIo, writeAll } from './io';
import { EXIT_USAGE, UsageError, integerOption, parseArgs, readInput, reportUsage, snapshotPathOf } from './recordingFiles';
import { StdinQueue } from './stdinQueue';

export const RECORD_USAGE = `usage: rewind record <program.elf> [-o run.rwnd] [options]

Runs a RISC-V RV32 program as 'rewind run' does (UART0 on stdin/stdout) and
records its nondeterministic inputs (UART bytes, wall-clock reads, idle
time) into a replay log. Ctrl-C ends the recording with a valid log.

options:
  -o, --output <file>          the log (default: the program's name with .rwnd)
  --ram <MiB>                  guest RAM size (default ${DEFAULT_RAM_MIB})
  --icount-shift <N>           each instruction takes 2^N ns of virtual time (0..${MAX_ICOUNT_SHIFT}, default 0)
  --checkpoint-interval <N>    instructions between state-hash checkpoints (default ${DEFAULT_CHECKPOINT_INTERVAL})
  --max-insns <N>              stop recording after N instructions (exit status 124)
  --no-pace                    a guest waiting for input sees no time pass
  --no-snapshots               do not save the snapshot file next to the log

exit status: the guest's finisher code; 2 bad program or usage; 124
--max-insns reached; 130 interrupted (Ctrl-C); 0 when the guest waits for
input that can no longer come (stdin ended, no timer armed).
`;

const SPECS = [
  { name: '--output', alias: '-o', value: true },
  { name: '--ram', value: true },
  { name: '--icount-shift', value: true },
  { name: '--checkpoint-interval', value: true },
  { name: '--max-insns', value: true },
  { name: '--no-pace', value: false },
  { name: '--no-snapshots', value: false },
] as const;

export interface RecordDependencies {
  readonly createHart?: MachineConfig['createHart'];
  readonly hostInputs?: MachineConfig['hostInputs'];
  readonly monotonicNs?: () => bigint;
}

/** Host time between log flushes while recording. */
const FLUSH_EVERY_NS = 100_000_000n;
export const EXIT_MAX_INSNS = 124;
export const EXIT_INTERRUPTED = 130;

export async function runCommandRecord(args: readonly string[], io: CliIo, deps: RecordDependencies = {}): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    await writeAll(io.stdout, RECORD_USAGE);
    return 0;
  }
  let elfPath: string;
  let output: string;
  let ramMiB: number;
  let icountShift: number;
  let checkpointInterval: number;
  let maxInsns: number | undefined;
  let pace: boolean;
  let snapshots: boolean;
  try {
    const parsed = parseArgs(args, SPECS);
    if (parsed.positional.length !== 1) throw new UsageError(parsed.positional.length === 0 ? 'which program? give the path of an ELF file' : 'one program at a time');
    elfPath = parsed.positional[0];
    output = parsed.values.get('--output') ?? `${elfPath.replace(/\.elf$/, '')}.rwnd`;
    ramMiB = integerOption(parsed, '--ram', DEFAULT_RAM_MIB, 1, 2048);
    icountShift = integerOption(parsed, '--icount-shift', 0, 0, MAX_ICOUNT_SHIFT);
    checkpointInterval = integerOption(parsed, '--checkpoint-interval', DEFAULT_CHECKPOINT_INTERVAL, 1, Number.MAX_SAFE_INTEGER);
    maxInsns = parsed.values.has('--max-insns') ? integerOption(parsed, '--max-insns', 0, 1, Number.MAX_SAFE_INTEGER) : undefined;
    pace = !parsed.flags.has('--no-pace');
    snapshots = !parsed.flags.has('--no-snapshots');
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    return reportUsage(io, 'record', e);
  }
  const elf = await readInput(io, elfPath, 'program');
  if (!elf) return EXIT_USAGE;
  let fd: number;
  try {
    fd = fs.openSync(output, 'w');
  } catch (e) {
    await writeAll(io.stderr, `rewind: cannot write ${output}: ${(e as Error).message}\n`);
    return EXIT_USAGE;
  }
  let engine: RewindEngine;
  try {
    engine = startRecording({
      elf,
      host: deps.hostInputs ?? hostWallClock(),
      sink: { write: (bytes) => void fs.writeSync(fd, bytes) },
      createHart: deps.createHart,
      ramSizeMiB: ramMiB,
      icountShift,
      checkpointInterval,
      metadata: { elfPath: path.resolve(elfPath), createdBy: 'rewind record', createdAt: new Date().toISOString() },
    });
  } catch (e) {
    fs.closeSync(fd);
    fs.rmSync(output, { force: true });
    if (!(e instanceof ElfError)) throw e;
    await writeAll(io.stderr, `rewind: ${elfPath}: ${e.message}\n`);
    return EXIT_USAGE;
  }
  const session = new RecordSession(engine, io, deps.monotonicNs ?? hostMonotonicNs, pace, maxInsns);
  let code: number;
  try {
    code = await session.run();
  } finally {
    session.close();
    engine.close();
    fs.closeSync(fd);
  }
  if (snapshots) {
    const log = fs.readFileSync(output);
    fs.writeFileSync(snapshotPathOf(output), engine.snapshotFile(snapshotTag(log)));
  }
  await writeAll(io.stderr, `rewind: recorded ${engine.status().length} instructions to ${output}\n`);
  return code;
}

/** The recording loop: stdin to the engine, the engine's UART output to stdout. */
class RecordSession {
  private readonly input: StdinQueue;
  private output: Uint8Array[] = [];

  constructor(
    private readonly engine: RewindEngine,
    private readonly io: CliIo,
    private readonly monotonicNs: () => bigint,
    private readonly pace: boolean,
    private readonly maxInsns: number | undefined,
  ) {
    // A Ctrl-C that comes as a signal must still close the log properly.
    this.input = new StdinQueue(io.stdin, { interruptOnSigint: true });
    engine.onUartOutput((bytes) => this.output.push(bytes));
  }

  close(): void {
    this.input.close();
  }

  private feed(): void {
    this.input.feed((bytes) => {
      this.engine.uartInput(bytes);
      return bytes.length;
    });
  }

  private async flushOutput(): Promise<void> {
    if (this.output.length === 0) return;
    const chunks = this.output;
    this.output = [];
    await writeAll(this.io.stdout, Buffer.concat(chunks));
  }

  async run(): Promise<number> {
    const { engine, io } = this;
    let lastFlush = this.monotonicNs();
    for (;;) {
      if (this.input.interrupted) {
        await this.flushOutput();
        await writeAll(io.stderr, `\nrewind: interrupted at instruction ${engine.icount}; the log is closed there\n`);
        return EXIT_INTERRUPTED;
      }
      this.feed();
      const task = this.maxInsns === undefined ? engine.continueForward() : engine.stepForward(Math.max(0, this.maxInsns - engine.icount));
      let step = task.next();
      while (!step.done) {
        await this.flushOutput();
        this.feed();
        const now = this.monotonicNs();
        if (now - lastFlush >= FLUSH_EVERY_NS) {
          engine.flushLog();
          lastFlush = now;
        }
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (this.input.interrupted) engine.cancel();
        step = task.next();
      }
      await this.flushOutput();
      engine.flushLog();
      const stop: EngineStop = step.value;
      switch (stop.kind) {
        case 'exit':
          if (!stop.pass) await writeAll(io.stderr, `rewind: the guest reported failure (code ${stop.code})\n`);
          return stop.code & 0xff;
        case 'step':
          await writeAll(io.stderr, `rewind: stopped after ${engine.icount} instructions (--max-insns)\n`);
          return EXIT_MAX_INSNS;
        case 'idle': {
          if (this.input.hasPending) break;
          if (this.input.ended) {
            await writeAll(io.stderr, `rewind: the guest is waiting for input (WFI, no timer armed) and stdin has ended; stopping at instruction ${engine.icount}\n`);
            return 0;
          }
          const waitStart = this.monotonicNs();
          if (!this.input.interrupted) await this.input.nextEvent();
          if (this.pace && !this.input.interrupted) engine.idleWarp(Number(this.monotonicNs() - waitStart));
          break;
        }
        case 'cancelled':
          break;
        default:
          throw new Error(`rewind record: unexpected stop '${stop.kind}'`);
      }
    }
  }
}
