// Time-travel engine benchmark on examples/bench: record overhead against a
// plain run, replay speed, reverse stepi and seek latency at the end of the
// recording, a reverse continue over the whole recording, snapshot memory
// against the budget, and log bytes per input event (examples/echo).
// Run: node --import tsx bench/timetravel.ts [instructions]
// The figures depend on the host's load: it is printed with them.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Machine } from '../emulator/machine/machine';
import { EngineStop, MemorySink, drain, openReplay, startRecording } from '../emulator/index';
import { EventKind, readLog } from '../emulator/replay';

const examples = path.resolve(__dirname, '../examples');
const benchElf = fs.readFileSync(path.join(examples, 'bench/bench.elf'));
const echoElf = fs.readFileSync(path.join(examples, 'echo/echo.elf'));
const LENGTH = Number(process.argv[2] ?? 40_000_000);
const host = { wallClockNs: (): bigint => 1_700_000_000_000_000_000n };

const cpuSeconds = (fn: () => void): number => {
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
};
const ms = (fn: () => void): number => {
  const start = performance.now();
  fn();
  return performance.now() - start;
};
const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const mips = (n: number, seconds: number): string => (n / seconds / 1e6).toFixed(2);

console.log(`time-travel benchmark: examples/bench, ${LENGTH} instructions; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores; CPU seconds are this process's`);

// Warm the JIT on both paths first, so the order of the measurements does not decide the overhead.
{
  const warm = new Machine({ hostInputs: host });
  warm.loadElf(benchElf);
  warm.run(Math.min(LENGTH, 2_000_000));
  drain(startRecording({ elf: benchElf, host, sink: new MemorySink() }).stepForward(Math.min(LENGTH, 2_000_000)));
}

// 1. Plain run.
const plain = new Machine({ hostInputs: host });
plain.loadElf(benchElf);
const plainSeconds = cpuSeconds(() => {
  while (plain.icount < LENGTH) {
    const stop = plain.run(Math.min(1_000_000, LENGTH - plain.icount));
    if (stop.kind === 'exit') break;
  }
});
const length = plain.icount;
console.log(`plain run:      ${plainSeconds.toFixed(2)} s CPU, ${mips(length, plainSeconds)} MIPS`);

// 2. Recording.
const sink = new MemorySink();
const recorder = startRecording({ elf: benchElf, host, sink });
let recordStop: EngineStop = { kind: 'step' };
const recordSeconds = cpuSeconds(() => {
  recordStop = drain(recorder.stepForward(length));
});
recorder.close();
const stats = recorder.snapshotStore.stats();
console.log(`record:         ${recordSeconds.toFixed(2)} s CPU, ${mips(length, recordSeconds)} MIPS, overhead x${(recordSeconds / plainSeconds).toFixed(3)} (stop: ${recordStop.kind})`);
console.log(`  snapshots:    ${stats.snapshots}, ${(stats.memoryBytes / 2 ** 20).toFixed(1)} MiB of a ${(recorder.snapshotStore.policy.budgetBytes / 2 ** 20).toFixed(0)} MiB budget`);
const log = sink.bytes();
console.log(`  log:          ${log.length} bytes, ${readLog(log).events.filter((e) => e.kind === EventKind.Checkpoint).length} checkpoints`);

// 3. Replay, verifying every checkpoint.
const { engine } = openReplay({ elf: benchElf, log });
let replayStop: EngineStop = { kind: 'step' };
const replaySeconds = cpuSeconds(() => {
  replayStop = drain(engine.continueForward());
});
console.log(`replay:         ${replaySeconds.toFixed(2)} s CPU, ${mips(length, replaySeconds)} MIPS (stop: ${replayStop.kind}${engine.divergence ? ', DIVERGED' : ''})`);

// 4. Reverse stepi at the end, repeated.
const stepTimes: number[] = [];
for (let i = 0; i < 60; i++) stepTimes.push(ms(() => drain(engine.stepBackward(1))));
console.log(`reverse stepi:  p50 ${percentile(stepTimes, 50).toFixed(1)} ms, p99 ${percentile(stepTimes, 99).toFixed(1)} ms, max ${Math.max(...stepTimes).toFixed(1)} ms (60 steps back from the end)`);

// 5. Random seeks across the recording.
let seed = 12345;
const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
const seekTimes: number[] = [];
for (let i = 0; i < 20; i++) {
  const target = next() % length;
  seekTimes.push(ms(() => drain(engine.seek(target))));
}
console.log(`random seek:    p50 ${percentile(seekTimes, 50).toFixed(1)} ms, p99 ${percentile(seekTimes, 99).toFixed(1)} ms (20 seeks)`);

// 6. Reverse continue over the whole recording (a breakpoint that never hits).
drain(engine.seek(length));
engine.breakpoints.add(0x7ffffff0);
let reverseStop: EngineStop = { kind: 'step' };
const reverseSeconds = cpuSeconds(() => {
  reverseStop = drain(engine.reverseContinue());
});
engine.breakpoints.clear();
console.log(`reverse continue over everything: ${reverseSeconds.toFixed(2)} s CPU, ${mips(length, reverseSeconds)} MIPS (stop: ${reverseStop.kind})`);
const after = engine.snapshotStore.stats();
console.log(`  snapshots:    ${after.snapshots}, ${(after.memoryBytes / 2 ** 20).toFixed(1)} MiB`);

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
console.log(`log per input:  ${((echoSink.length - headerOnly) / inputs).toFixed(1)} bytes per input event (${inputs} events, ${text.length} bytes typed)`);
