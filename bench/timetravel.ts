// Time-travel engine benchmark on a long recording of examples/bench
// (bench-long.elf: the same kernels, REPEAT=300, about 1.03*10^9
// instructions to the finisher): record overhead against a plain run,
// replay speed, reverse stepi at the end of the recording (goal p50 <= 20 ms,
// p99 <= 100 ms) side by side with QEMU 7.2 record/replay + gdb-multiarch's
// reverse-stepi at the same icount, random seeks, reverse continue over the
// whole recording with a breakpoint and with a watchpoint that never hit,
// snapshot memory against the budget, and log bytes per input event
// (examples/echo).
//
// Run: node --import tsx bench/timetravel.ts [instructions] [--no-qemu] [--no-qemu-breakpoint]
// (default: the whole program). Figures are printed, never asserted; they
// depend on the host's load, printed with each section. CPU seconds are
// this process's; QEMU's and gdb's times are wall-clock (their own processes).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Machine } from '../emulator/machine/machine';
import { DRAM_BASE, EngineStop, MemorySink, RewindEngine, drain, openReplay, startRecording } from '../emulator/index';
import { EventKind, readLog } from '../emulator/replay';
import { qemuReverseStepi } from './_qemu-reverse';

const examples = path.resolve(__dirname, '../examples');
const BENCH_ELF = path.join(examples, 'bench/bench-long.elf');
const benchElf = fs.readFileSync(BENCH_ELF);
const echoElf = fs.readFileSync(path.join(examples, 'echo/echo.elf'));
const args = process.argv.slice(2);
const lengthArg = args.find((a) => !a.startsWith('--'));
const LIMIT = lengthArg === undefined ? Number.MAX_SAFE_INTEGER : Number(lengthArg);
if (!(LIMIT > 0)) throw new Error(`usage: timetravel.ts [instructions] [--no-qemu] [--no-qemu-breakpoint] (got ${lengthArg})`);
const host = { wallClockNs: (): bigint => 1_700_000_000_000_000_000n };
const REVERSE_STEPS = 60;
const QEMU_SAMPLES = 3;

const load = (): string => `load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`;
const cpuSeconds = (fn: () => void): { cpu: number; wall: number } => {
  const start = process.cpuUsage();
  const t0 = performance.now();
  fn();
  const used = process.cpuUsage(start);
  return { cpu: (used.user + used.system) / 1e6, wall: (performance.now() - t0) / 1000 };
};
const ms = (fn: () => void): number => {
  const start = performance.now();
  fn();
  return performance.now() - start;
};
const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const mips = (n: number, seconds: number): string => (n / seconds / 1e6).toFixed(2);
const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const ratio = (r: number): string => `x${r < 10 ? r.toFixed(1) : r.toFixed(0)}`;
const say = (text: string): void => void process.stdout.write(`${text}\n`);
const timed = (t: { cpu: number; wall: number }): string => `${t.cpu.toFixed(2)} s CPU (${t.wall.toFixed(2)} s wall)`;

function snapshotLine(engine: RewindEngine, when: string): string {
  const s = engine.snapshotStore.stats();
  return `  snapshots ${when}: ${s.snapshots}, ${mib(s.memoryBytes)} of a ${mib(engine.snapshotStore.policy.budgetBytes)} budget (${s.pages} pages); process RSS ${mib(process.memoryUsage().rss)}`;
}

/** Reverse stepi `count` times from the cursor: wall and CPU milliseconds per step. */
function reverseSteps(engine: RewindEngine, count: number): { wall: number[]; cpu: number[] } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < count; i++) {
    const from = engine.icount;
    const c0 = process.cpuUsage();
    wall.push(ms(() => drain(engine.stepBackward(1))));
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    if (engine.icount !== from - 1) throw new Error(`reverse stepi went from ${from} to ${engine.icount}`);
  }
  return { wall, cpu };
}
const stepFigures = (t: { wall: number[]; cpu: number[] }): string =>
  `wall p50 ${percentile(t.wall, 50).toFixed(1)} ms, p99 ${percentile(t.wall, 99).toFixed(1)} ms, first ${t.wall[0].toFixed(1)} ms; ` +
  `CPU p50 ${percentile(t.cpu, 50).toFixed(1)} ms, p99 ${percentile(t.cpu, 99).toFixed(1)} ms, first ${t.cpu[0].toFixed(1)} ms (${t.wall.length} steps back from the end)`;

async function main(): Promise<void> {
  say(`time-travel benchmark: examples/bench/bench-long.elf, ${lengthArg === undefined ? 'the whole program' : `${LIMIT} instructions`}; ${os.cpus().length} cores, ${load()}`);

  // Warm the JIT on both paths first, so the order of the measurements does not decide the overhead.
  {
    const warm = new Machine({ hostInputs: host });
    warm.loadElf(benchElf);
    warm.run(Math.min(LIMIT, 2_000_000));
    drain(startRecording({ elf: benchElf, host, sink: new MemorySink() }).stepForward(Math.min(LIMIT, 2_000_000)));
  }

  // 1. Plain run.
  const plainRun = (): { time: ReturnType<typeof cpuSeconds>; length: number } => {
    const plain = new Machine({ hostInputs: host });
    plain.loadElf(benchElf);
    const time = cpuSeconds(() => {
      while (plain.icount < LIMIT) {
        const stop = plain.run(Math.min(10_000_000, LIMIT - plain.icount));
        if (stop.kind === 'exit') break;
      }
    });
    return { time, length: plain.icount };
  };
  const first = plainRun();
  const plainTime = first.time;
  const length = first.length;
  say(`plain run:      ${timed(plainTime)}, ${mips(length, plainTime.cpu)} MIPS, ${length} instructions; ${load()}`);

  // 2. Recording, then reverse stepi at its end (the recording session a user steps back in).
  const sink = new MemorySink();
  const recorder = startRecording({ elf: benchElf, host, sink });
  let recordStop: EngineStop = { kind: 'step' };
  const recordTime = cpuSeconds(() => {
    recordStop = drain(recorder.stepForward(length));
  });
  say(`record:         ${timed(recordTime)}, ${mips(length, recordTime.cpu)} MIPS (stop: ${recordStop.kind}, icount ${recorder.icount}); ${load()}`);
  // One run of each varies by ~15% with the JIT and the host; a second pair, and the faster of each, steadies the ratio.
  const plainAgain = plainRun().time;
  const recordAgain = cpuSeconds(() => void drain(startRecording({ elf: benchElf, host, sink: new MemorySink() }).stepForward(length)));
  const bestPlain = Math.min(plainTime.cpu, plainAgain.cpu);
  const bestRecord = Math.min(recordTime.cpu, recordAgain.cpu);
  say(`record overhead: x${(bestRecord / bestPlain).toFixed(3)} (record / plain, the faster of two runs each: ${bestRecord.toFixed(2)} s / ${bestPlain.toFixed(2)} s CPU; second runs ${recordAgain.cpu.toFixed(2)} s / ${plainAgain.cpu.toFixed(2)} s); ${load()}`);
  say(snapshotLine(recorder, 'at the end of the recording'));
  const recordSteps = reverseSteps(recorder, REVERSE_STEPS);
  say(`reverse stepi in the recording session: ${stepFigures(recordSteps)}; ${load()}`);
  say(snapshotLine(recorder, 'after them'));
  drain(recorder.seek(length));
  recorder.close();
  const log = sink.bytes();
  say(`  log:          ${log.length} bytes, ${readLog(log).events.filter((e) => e.kind === EventKind.Checkpoint).length} checkpoints`);

  // 3. Replay, verifying every checkpoint.
  const { engine } = openReplay({ elf: benchElf, log });
  let replayStop: EngineStop = { kind: 'step' };
  const replayTime = cpuSeconds(() => {
    replayStop = drain(engine.continueForward());
  });
  say(`replay:         ${timed(replayTime)}, ${mips(length, replayTime.cpu)} MIPS (stop: ${replayStop.kind}${engine.divergence ? ', DIVERGED' : ''}); ${load()}`);
  say(snapshotLine(engine, 'at the end of the replay'));

  // 4. Reverse stepi at the end of the replay (the figure set against QEMU's).
  const stepTimes = reverseSteps(engine, REVERSE_STEPS);
  say(`reverse stepi in the replay:            ${stepFigures(stepTimes)}; ${load()}`);
  say(snapshotLine(engine, 'after them'));
  drain(engine.seek(length - 1));
  const pcBeforeEnd = engine.view().pc;

  // 5. Random seeks across the recording.
  let seed = 12345;
  const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
  const seekTimes: number[] = [];
  for (let i = 0; i < 20; i++) {
    const target = next() % length;
    seekTimes.push(ms(() => drain(engine.seek(target))));
  }
  say(`random seek:    p50 ${percentile(seekTimes, 50).toFixed(1)} ms, p99 ${percentile(seekTimes, 99).toFixed(1)} ms, max ${Math.max(...seekTimes).toFixed(1)} ms (20 seeks); ${load()}`);

  // 6. Reverse continue over the whole recording: a breakpoint that never hits, then a watchpoint that never hits.
  const reverseOverEverything = (what: string, arm: () => void, disarm: () => void): void => {
    drain(engine.seek(length));
    arm();
    let stop: EngineStop = { kind: 'step' };
    // Driven slice by slice as a front end does: a pause or cancel waits for the slice under way.
    const slices: number[] = [];
    const t = cpuSeconds(() => {
      const task = engine.reverseContinue();
      for (;;) {
        const t0 = performance.now();
        const r = task.next();
        slices.push(performance.now() - t0);
        if (r.done) {
          stop = r.value;
          break;
        }
      }
    });
    disarm();
    say(`reverse continue over everything, ${what}: ${timed(t)}, ${mips(length, t.cpu)} MIPS of CPU time, ${mips(length, t.wall)} MIPS wall (stop: ${stop.kind}); ${load()}`);
    say(`  ${slices.length} slices: p50 ${percentile(slices, 50).toFixed(1)} ms, p99 ${percentile(slices, 99).toFixed(1)} ms, max ${Math.max(...slices).toFixed(1)} ms wall (a pause waits for the slice under way)`);
    say(snapshotLine(engine, 'after it'));
  };
  reverseOverEverything('a breakpoint that never hits', () => engine.breakpoints.add(0x7ffffff0), () => engine.breakpoints.clear());
  // A RAM word the program never touches (it uses the first few hundred KiB of 128 MiB).
  const unused = DRAM_BASE + 64 * 2 ** 20;
  reverseOverEverything(`a write watchpoint that never hits (0x${unused.toString(16)}, 4 bytes)`, () => engine.setWatchpoints([{ address: unused, size: 4, kind: 'write' }]), () => engine.setWatchpoints([]));

  // 7. Log bytes per input event (echo, one byte per event as the guest reads them).
  const echoSink = new MemorySink();
  const echo = startRecording({ elf: echoElf, host, sink: echoSink, checkpointInterval: 2 ** 30 });
  drain(echo.continueForward());
  const headerOnly = echoSink.length;
  const text = 'the quick brown fox jumps over the lazy dog\r'.repeat(20) + 'quit\r';
  echo.uartInput(Buffer.from(text, 'latin1'));
  drain(echo.continueForward());
  echo.close();
  const echoLog = readLog(echoSink.bytes());
  const inputs = echoLog.events.filter((e) => e.kind === EventKind.Input).length;
  say(`log per input:  ${((echoSink.length - headerOnly) / inputs).toFixed(1)} bytes per input event (${inputs} events, ${text.length} bytes typed)`);

  // 8. The same reverse stepi on QEMU + gdb, at the same place.
  if (args.includes('--no-qemu')) return;
  // The finisher store is the recording's last instruction and ends QEMU, so QEMU stops one before it.
  const stopAt = length - 1;
  say(`\nQEMU record/replay + gdb-multiarch: reverse-stepi at icount ${stopAt} from the entry; ${load()}`);
  const qemu = await qemuReverseStepi({
    elf: BENCH_ELF,
    stopAt,
    entry: benchElf.readUInt32LE(24), // e_entry of an ELF32 header
    samples: QEMU_SAMPLES,
    breakpointAt: args.includes('--no-qemu-breakpoint') ? undefined : 'board_exit',
    timeoutMs: 900_000,
  });
  const p50 = percentile(stepTimes.wall, 50);
  const rows: string[][] = [['', 'reverse stepi at the end (wall)', 'vs Rewind p50']];
  rows.push([`Rewind (replay, ${length} instructions)`, `p50 ${p50.toFixed(1)} ms, p99 ${percentile(stepTimes.wall, 99).toFixed(1)} ms (CPU p50 ${percentile(stepTimes.cpu, 50).toFixed(1)}, p99 ${percentile(stepTimes.cpu, 99).toFixed(1)})`, '1']);
  if (!qemu.ok) {
    say(`QEMU part not run: ${qemu.reason}`);
  } else {
    const q = qemu.samples.map(([wall]) => wall * 1000);
    const qCpu = qemu.samples.map(([, cpu]) => cpu * 1000);
    const median = percentile(q, 50);
    say(`  ${qemu.version}; record ${qemu.recordSeconds.toFixed(2)} s wall, replay to icount ${qemu.icount} (${qemu.bootInstructions} of them QEMU's reset vector) under gdb ${qemu.continueSeconds.toFixed(2)} s; pc there 0x${qemu.pc.toString(16)} (Rewind: 0x${pcBeforeEnd.toString(16)}${qemu.pc === pcBeforeEnd ? ', the same' : ', DIFFERENT'})`);
    rows.push([`QEMU 7.2 + gdb, no breakpoints (${q.length} samples)`, `median ${median.toFixed(0)} ms (${q.map((x) => x.toFixed(0)).join(', ')}; QEMU CPU ${qCpu.map((x) => x.toFixed(0)).join(', ')})`, ratio(median / p50)]);
    if (qemu.withBreakpoint !== undefined) {
      const [b, bCpu] = qemu.withBreakpoint.map((x) => x * 1000);
      rows.push(['QEMU 7.2 + gdb, breakpoint at board_exit (1 sample)', `${b.toFixed(0)} ms (QEMU CPU ${bCpu.toFixed(0)})`, ratio(b / p50)]);
    }
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) say(r.map((c, i) => c.padEnd(widths[i])).join('  '));
  say(`(${load()})`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
});
