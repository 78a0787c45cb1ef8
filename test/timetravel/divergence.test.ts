// Replay detects that it no longer matches the recording, at the right
// place: one RAM byte changed during the replay, or one input byte changed
// in the log, is reported at the first checkpoint after it; a clock read
// missing from the log is reported at the read. Logs for another program
// or another board are refused; a log cut at any byte offset replays its
// valid prefix.
import * as assert from 'assert';
import { EventKind, LogHeaderInit, MemorySink, ReplayEvent, ReplayLogWriter, WriteTarget, readLog } from '../../emulator/replay';
import { RecordingError, drain, openReplay } from '../../emulator/index';
import { SeededRandom } from '../support/prng';
import { exampleElf, exampleRun, record, replay } from './helpers';

/** The log re-written with `edit` applied to its events (the header kept). */
function rewrite(log: Uint8Array, edit: (events: ReplayEvent[]) => ReplayEvent[], header?: (h: LogHeaderInit) => LogHeaderInit): Uint8Array {
  const contents = readLog(log);
  if (!contents.header) throw new Error('no header');
  const h = contents.header;
  const sink = new MemorySink();
  const init = { machine: h.machine, elfSha256: h.elfSha256, metadata: h.metadata };
  const writer = new ReplayLogWriter(sink, header ? header(init) : init);
  const events = edit(contents.events.filter((e) => e.kind !== EventKind.End));
  for (const e of events) writer.append(e);
  writer.close(contents.events[contents.events.length - 1].icount);
  return sink.bytes();
}

/** The first checkpoint that comes after log position `position`. */
function checkpointAfter(log: Uint8Array, position: number): number {
  const events = readLog(log).events;
  for (let p = position + 1; p < events.length; p++) if (events[p].kind === EventKind.Checkpoint) return events[p].icount;
  throw new Error('no checkpoint after it');
}

describe('divergence and bad logs', function () {
  const run = exampleRun('heisenbug-bad');
  const elf = exampleElf('heisenbug-bad');
  const rec = record(elf, { input: run.input, waitFor: run.waitFor, checkpointInterval: 1000, logChunkBytes: 32 });

  it('one RAM byte changed during replay is reported at the first checkpoint after it', function () {
    // A change by hand the recording never made, slipped into the log: replay makes it, and the next checkpoint differs.
    const tamperAt = 12_345;
    const tampered = rewrite(rec.log, (list) => {
      const at = list.findIndex((e) => e.icount > tamperAt);
      const write: ReplayEvent = { kind: EventKind.DebuggerWrite, icount: tamperAt, target: WriteTarget.Memory, paddr: 0x80000000 + 0x200000, bytes: Uint8Array.of(0x5a) };
      return [...list.slice(0, at), write, ...list.slice(at)];
    });
    const { stop } = replay(elf, tampered);
    assert.strictEqual(stop.kind, 'divergence', JSON.stringify(stop));
    if (stop.kind !== 'divergence') return;
    assert.strictEqual(stop.icount, 13_000);
    assert.notStrictEqual(stop.expectedHash, stop.actualHash);
    assert.match(stop.expectedHash, /^[0-9a-f]{64}$/);
    assert.match(stop.nearestEvent, /write mem paddr=0x80200000 count=1 bytes=5a/);
  });

  it('one input byte changed in the log is reported at the first checkpoint after that input', function () {
    const events = readLog(rec.log).events;
    const position = events.findIndex((e) => e.kind === EventKind.Input && e.bytes[0] === 0x32); // the '2' of "125"
    assert.ok(position > 0);
    const tampered = rewrite(rec.log, (list) =>
      list.map((e, i) => (i === position && e.kind === EventKind.Input ? { ...e, bytes: Uint8Array.of(0x33) } : e)),
    );
    const { stop } = replay(elf, tampered);
    assert.strictEqual(stop.kind, 'divergence', JSON.stringify(stop));
    if (stop.kind !== 'divergence') return;
    assert.strictEqual(stop.icount, checkpointAfter(rec.log, position));
    assert.match(stop.nearestEvent, /input/);
  });

  it('a clock read missing from the log is reported at the read', function () {
    const clockElf = exampleElf('clock');
    const clock = record(clockElf, { checkpointInterval: 5000 });
    const reads = readLog(clock.log).events.filter((e) => e.kind === EventKind.ClockRead);
    assert.ok(reads.length >= 2);
    const dropped = reads[1];
    const tampered = rewrite(clock.log, (list) => list.filter((e) => !(e.kind === EventKind.ClockRead && e.icount === dropped.icount)));
    const { stop } = replay(clockElf, tampered);
    assert.strictEqual(stop.kind, 'divergence', JSON.stringify(stop));
    if (stop.kind !== 'divergence') return;
    assert.strictEqual(stop.icount, dropped.icount);
    assert.match(stop.reason, /wall clock/);
    // The cursor is put back on the boundary before the reading instruction, in the state the log has there.
    const { engine } = replay(clockElf, tampered);
    assert.strictEqual(engine.icount, dropped.icount);
    const clean = replay(clockElf, clock.log).engine;
    drain(clean.seek(dropped.icount));
    assert.strictEqual(engine.stateHash(), clean.stateHash());
  });

  it('refuses a log recorded with another program, naming both hashes', function () {
    assert.throws(() => openReplay({ elf: exampleElf('echo'), log: rec.log }), (e: unknown) => e instanceof RecordingError && /SHA-256/.test(e.message));
  });

  it('refuses a log recorded on another board configuration', function () {
    const other = rewrite(rec.log, (list) => list, (h) => ({ ...h, machine: { ...h.machine, devices: ['uart0', 'clint'] } }));
    assert.throws(() => openReplay({ elf, log: other }), (e: unknown) => e instanceof RecordingError && /devices/.test(e.message));
  });

  it('a log cut at 12 random byte offsets replays its valid prefix (fixed seed)', function () {
    const full = replay(elf, rec.log);
    assert.ok(readLog(rec.log).chunkCount >= 10, 'the log has many chunks');
    const random = new SeededRandom(31337);
    for (let i = 0; i < 12; i++) {
      const cut = random.int(0, rec.log.length - 1);
      const prefix = rec.log.subarray(0, cut);
      const contents = readLog(prefix);
      if (!contents.header) {
        assert.throws(() => openReplay({ elf, log: prefix }), (e: unknown) => e instanceof RecordingError && /byte offset/.test(e.message));
        continue;
      }
      const opened = openReplay({ elf, log: prefix });
      assert.ok(opened.logError, `cut at ${cut} is reported`);
      let output = '';
      opened.engine.onUartOutput((b) => (output += Buffer.from(b).toString('latin1')));
      const stop = drain(opened.engine.continueForward());
      assert.ok(stop.kind === 'endOfRecording' || stop.kind === 'exit', `cut at ${cut}: ${JSON.stringify(stop)}`);
      assert.strictEqual(opened.engine.divergence, undefined);
      const reached = opened.engine.icount;
      const lastEvent = contents.events[contents.events.length - 1];
      assert.strictEqual(reached, lastEvent ? lastEvent.icount : 0, 'replays up to the last logged event');
      assert.ok(full.output.startsWith(output), 'its output is a prefix of the full run');
      drain(full.engine.seek(reached));
      assert.strictEqual(opened.engine.stateHash(), full.engine.stateHash(), `state at ${reached}`);
    }
  });
});
