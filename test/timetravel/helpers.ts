// Shared by the time-travel tests: recording an example with scripted or
// scheduled input (the engine driven as a front end would), replaying a
// log, and a fresh machine to compare states against.
import * as fs from 'fs';
import { Machine } from '../../emulator/machine/machine';
import { EngineStop, MemorySink, RewindEngine, drain, openReplay, startRecording } from '../../emulator/index';
import { StateHasher } from '../../emulator/timetravel/stateHasher';
import { ExampleRun, loadExampleRuns } from '../examples/catalog';

/** Small RAM keeps machines cheap to build and to hash; the examples fit in it. */
export const TEST_RAM_MIB = 4;

/** A host wall clock that advances 1 µs per read from a fixed epoch (deterministic tests). */
export function fakeHostClock(startNs = 1_700_000_000_000_000_000n): { wallClockNs(): bigint } {
  let now = startNs;
  return { wallClockNs: () => (now += 1000n) };
}

export function exampleRun(name: string): ExampleRun {
  const run = loadExampleRuns().find((r) => r.name === name);
  if (!run) throw new Error(`no example run ${name}`);
  return run;
}

export function exampleElf(name: string): Uint8Array {
  return fs.readFileSync(exampleRun(name).elf);
}

export interface Recorded {
  readonly log: Uint8Array;
  readonly output: string;
  readonly stop: EngineStop;
  readonly length: number;
  readonly finalHash: string;
}

export interface RecordScript {
  /** Typed all at once when the output contains `waitFor` (or the guest waits for input), as runs.json says. */
  readonly input?: string;
  readonly waitFor?: string;
  /** Input injected at these icounts regardless of what the guest does (random host times). */
  readonly schedule?: ReadonlyArray<{ readonly icount: number; readonly bytes: string }>;
  readonly checkpointInterval?: number;
  readonly sliceInstructions?: number;
  readonly nearSpacing?: number;
  /** Stop recording at this icount (else at the guest's exit, or idle with no input left). */
  readonly limit?: number;
  readonly logChunkBytes?: number;
}

/** Records `elf` to its end (exit, or idle with no input left), closing the log. */
export function record(elf: Uint8Array, script: RecordScript = {}): Recorded & { engine: RewindEngine } {
  const sink = new MemorySink();
  const engine = startRecording({
    elf,
    host: fakeHostClock(),
    sink,
    ramSizeMiB: TEST_RAM_MIB,
    checkpointInterval: script.checkpointInterval ?? 1000,
    sliceInstructions: script.sliceInstructions,
    snapshotPolicy: script.nearSpacing ? { nearSpacing: script.nearSpacing } : undefined,
    metadata: { test: 'yes' },
    logChunkBytes: script.logChunkBytes,
  });
  let output = '';
  engine.onUartOutput((b) => {
    output += Buffer.from(b).toString('latin1');
  });
  const schedule = [...(script.schedule ?? [])].sort((a, b) => a.icount - b.icount);
  let typed = script.input === undefined || script.input === '';
  let stop: EngineStop = { kind: 'step' };
  for (;;) {
    const next = schedule[0];
    if (!typed && script.waitFor !== undefined && output.includes(script.waitFor)) {
      typed = true;
      engine.uartInput(Buffer.from(script.input as string, 'latin1'));
    }
    const watching = !typed && script.waitFor !== undefined;
    const toLimit = script.limit === undefined ? Infinity : script.limit - engine.icount;
    if (toLimit <= 0) break;
    const span = Math.min(toLimit, next ? Math.max(1, next.icount - engine.icount) : watching ? 500 : Infinity);
    stop = drain(span === Infinity ? engine.continueForward() : engine.stepForward(span));
    if (stop.kind === 'step' && engine.icount === script.limit) break;
    if (watching && stop.kind === 'step') continue;
    if (next && engine.icount >= next.icount && (stop.kind === 'step' || stop.kind === 'idle')) {
      schedule.shift();
      engine.uartInput(Buffer.from(next.bytes, 'latin1'));
      continue;
    }
    if (stop.kind === 'idle' && !typed) {
      typed = true;
      engine.uartInput(Buffer.from(script.input as string, 'latin1'));
      continue;
    }
    if (stop.kind === 'idle' && schedule.length > 0) {
      const n = schedule.shift() as { bytes: string };
      engine.uartInput(Buffer.from(n.bytes, 'latin1'));
      continue;
    }
    break;
  }
  const finalHash = engine.stateHash();
  const length = engine.status().length;
  engine.close();
  return { engine, log: sink.bytes(), output, stop, length, finalHash };
}

export interface Replayed {
  readonly engine: RewindEngine;
  readonly output: string;
  readonly stop: EngineStop;
}

/** Replays `log` to its end. */
export function replay(elf: Uint8Array, log: Uint8Array, options: { sliceInstructions?: number; nearSpacing?: number } = {}): Replayed {
  const { engine } = openReplay({
    elf,
    log,
    sliceInstructions: options.sliceInstructions,
    snapshotPolicy: options.nearSpacing ? { nearSpacing: options.nearSpacing } : undefined,
  });
  let output = '';
  engine.onUartOutput((b) => {
    output += Buffer.from(b).toString('latin1');
  });
  const stop = drain(engine.continueForward());
  return { engine, output, stop };
}

/** A machine run from power-on for exactly `n` instructions, with no input; returns its checkpoint-style hash. */
export function freshHashAt(elf: Uint8Array, n: number): { hash: string; machine: Machine } {
  const machine = new Machine({ ramSizeMiB: TEST_RAM_MIB, hostInputs: fakeHostClock() });
  const hasher = new StateHasher(machine.ram);
  machine.loadElf(elf);
  while (machine.icount < n) {
    const stop = machine.run(n - machine.icount);
    if (stop.kind === 'exit' || stop.kind === 'idle') break;
  }
  return { hash: Buffer.from(hasher.stateHash(machine)).toString('hex'), machine };
}

/** The UART text of an example with its run-to-run variable parts masked. */
export function masked(run: ExampleRun, text: string): string {
  return run.variable.reduce((t, re) => t.replace(re, '<variable>'), text);
}
