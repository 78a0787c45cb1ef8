// `rewind run`: runs a program on the machine with UART0 on stdin/stdout,
// like `qemu-system-riscv32 -M virt -bios none -nographic -kernel prog.elf`.
// Host input is queued (stdinQueue.ts) and handed to the UART between run
// slices, as much as the UART takes. A guest sleeping in WFI is paced to real time
// unless --no-pace: virtual time never runs ahead of the wall clock, which
// only delays the host and never changes what the guest computes.
import { promises as fs } from 'fs';
import { ElfError, Machine, MachineConfig, MachineStop } from '../emulator/index';
import { monotonicNs as hostMonotonicNs, hostWallClock } from './hostTime';
import { CliIo, writeAll } from './io';
import { RUN_USAGE, RunOptions, UsageError, parseRunOptions } from './runOptions';
import { StdinQueue } from './stdinQueue';
import { InstructionTracer } from './trace';

export interface RunDependencies {
  /** Builds the hart (default: the emulator's own; tests use a stand-in). */
  readonly createHart?: MachineConfig['createHart'];
  readonly hostInputs?: MachineConfig['hostInputs'];
  readonly monotonicNs?: () => bigint;
}

/** Instructions per run slice: small enough to notice input and Ctrl-C promptly. */
const SLICE = 400_000;
/** Longest host sleep at once while pacing, so input is picked up quickly. */
const MAX_SLEEP_MS = 50;

export const EXIT_USAGE = 2;
export const EXIT_MAX_INSNS = 124;
export const EXIT_INTERRUPTED = 130;

export async function runCommandRun(args: readonly string[], io: CliIo, deps: RunDependencies): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    await writeAll(io.stdout, RUN_USAGE);
    return 0;
  }
  let options: RunOptions;
  try {
    options = parseRunOptions(args);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    await writeAll(io.stderr, `rewind run: ${e.message}\n(rewind run --help shows the options)\n`);
    return EXIT_USAGE;
  }
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(options.elfPath);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message;
    await writeAll(io.stderr, `rewind: cannot read ${options.elfPath}: ${why}\n`);
    return EXIT_USAGE;
  }
  const output: number[] = [];
  const machine = new Machine({
    ramSizeMiB: options.ramMiB,
    icountShift: options.icountShift,
    hostInputs: deps.hostInputs ?? hostWallClock(),
    uartSink: (b) => output.push(b),
    createHart: deps.createHart,
  });
  try {
    machine.loadElf(bytes);
  } catch (e) {
    if (!(e instanceof ElfError)) throw e;
    await writeAll(io.stderr, `rewind: ${options.elfPath}: ${e.message}\n`);
    return EXIT_USAGE;
  }
  const session = new RunSession(machine, options, io, deps);
  try {
    return await session.run(output);
  } finally {
    session.close();
  }
}

/** One run: the loop, the input queue and the pacing clock. */
class RunSession {
  private readonly input: StdinQueue;
  private readonly monotonicNs: () => bigint;

  constructor(
    private readonly machine: Machine,
    private readonly options: RunOptions,
    private readonly io: CliIo,
    deps: RunDependencies,
  ) {
    this.monotonicNs = deps.monotonicNs ?? hostMonotonicNs;
    this.input = new StdinQueue(io.stdin);
  }

  close(): void {
    this.input.close();
  }

  /** Resolves on input, end of input, Ctrl-C, or after ms (at once if input is waiting for the UART). */
  private waitForInput(ms: number): Promise<void> {
    const input = this.input;
    if (input.interrupted || (input.hasPending && this.machine.uartRxCapacity() > 0)) return Promise.resolve();
    return input.nextEvent(ms);
  }

  async run(output: number[]): Promise<number> {
    const { machine, options, io } = this;
    const tracer = options.trace ? new InstructionTracer(machine) : undefined;
    const paceStartVirtualNs = machine.virtualNs();
    const paceStartHostNs = this.monotonicNs();
    const elapsedHostNs = (): number => Number(this.monotonicNs() - paceStartHostNs);
    const flush = async (): Promise<void> => {
      if (output.length === 0) return;
      const chunk = Uint8Array.from(output);
      output.length = 0;
      await writeAll(io.stdout, chunk);
    };
    for (;;) {
      if (this.input.interrupted) {
        await flush();
        await writeAll(io.stderr, `\nrewind: interrupted at instruction ${machine.icount}\n`);
        return EXIT_INTERRUPTED;
      }
      this.input.feed((bytes) => machine.uartReceive(bytes));
      let budget = SLICE;
      if (options.maxInstructions !== undefined) {
        budget = Math.min(budget, options.maxInstructions - machine.icount);
        if (budget <= 0) {
          await flush();
          await writeAll(io.stderr, `rewind: stopped after ${machine.icount} instructions (--max-insns)\n`);
          return EXIT_MAX_INSNS;
        }
      }
      const runOptions = {
        virtualTimeLimitNs: options.pace ? paceStartVirtualNs + elapsedHostNs() : undefined,
        hostInputPending: this.input.hasPending,
      };
      let stop: MachineStop;
      if (tracer) {
        const lines: string[] = [];
        do {
          const step = tracer.step(runOptions);
          stop = step.stop;
          lines.push(...step.lines);
        } while ((stop.kind === 'budget' || stop.kind === 'trap') && --budget > 0 && lines.length < 2000);
        await flush();
        if (lines.length > 0) await writeAll(io.stderr, lines.join('\n') + '\n');
        if (stop.kind === 'trap') stop = { kind: 'budget' };
      } else {
        stop = machine.run(budget, runOptions);
        await flush();
      }
      switch (stop.kind) {
        case 'exit':
          if (!stop.pass) await writeAll(io.stderr, `rewind: the guest reported failure (code ${stop.code})\n`);
          return stop.code & 0xff;
        case 'reset':
          machine.reset();
          break;
        case 'budget':
          await new Promise<void>((resolve) => setImmediate(resolve));
          break;
        case 'inputReady':
          break;
        case 'idle':
          // Nothing but input can wake the guest. Input it cannot take yet stays queued.
          if (this.input.hasPending && machine.uartRxCapacity() > 0) break;
          if (this.input.ended) return this.endOfInput();
          // Virtual time stands still meanwhile: pacing only ever delays the host.
          await this.waitForInput(Infinity);
          break;
        case 'timeLimit': {
          const aheadNs = stop.nextEventNs === Infinity ? 1e6 : stop.nextEventNs - paceStartVirtualNs - elapsedHostNs();
          await this.waitForInput(Math.max(0, Math.min(MAX_SLEEP_MS, aheadNs / 1e6)));
          break;
        }
        default:
          throw new Error(`rewind run: unexpected stop '${stop.kind}' with no breakpoints set`);
      }
    }
  }

  private async endOfInput(): Promise<number> {
    await writeAll(
      this.io.stderr,
      `rewind: the guest is waiting for input (WFI, no timer armed) and stdin has ended; stopping at instruction ${this.machine.icount}\n`,
    );
    return 0;
  }
}
