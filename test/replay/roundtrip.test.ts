// Writing then reading a replay log gives back exactly the header and the
// events written, for every event kind, across chunk boundaries, and the
// writer refuses what it cannot encode without losing what it buffered.

import * as assert from 'assert';
import {
  ByteSink,
  EventKind,
  HostClock,
  LogError,
  MemorySink,
  ReplayEvent,
  ReplayLogWriter,
  ShutdownReason,
  dumpLog,
  readLog,
  LOG_FORMAT_VERSION,
} from '../../emulator/replay';
import { Prng, oneOfEachKind, randomEvents, sampleHeader, writeLog } from './helpers';

function writerError(fn: () => void): LogError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof LogError, String(e));
    return e;
  }
  assert.fail('expected a LogError');
}

describe('replay log round trip', function () {
  it('reads back the header: version, machine, ELF hash, metadata', function () {
    const log = writeLog([], 0, 1024);
    const read = readLog(log.bytes);
    assert.strictEqual(read.error, undefined);
    assert.ok(read.header);
    const h = sampleHeader();
    assert.strictEqual(read.header.version, LOG_FORMAT_VERSION);
    assert.deepStrictEqual(read.header.machine, h.machine);
    assert.deepStrictEqual(read.header.elfSha256, h.elfSha256);
    assert.deepStrictEqual(read.header.metadata, h.metadata);
    assert.strictEqual(read.complete, true);
    assert.deepStrictEqual(read.events, [{ kind: EventKind.End, icount: 0 }]);
  });

  it('round-trips one event of every kind, END included', function () {
    const events = oneOfEachKind(5);
    const log = writeLog(events, 2000, 64 * 1024);
    const read = readLog(log.bytes);
    assert.strictEqual(read.error, undefined);
    assert.strictEqual(read.complete, true);
    assert.deepStrictEqual(read.events, log.events);
    const kinds = new Set(read.events.map((e) => e.kind));
    for (const k of [EventKind.Input, EventKind.ClockRead, EventKind.Warp, EventKind.BottomHalf, EventKind.Shutdown, EventKind.DebuggerWrite, EventKind.Checkpoint, EventKind.End]) {
      assert.ok(kinds.has(k), `kind ${EventKind[k]} present`);
    }
  });

  it('keeps a 64-bit clock value exact (past 2^53) and every shutdown reason', function () {
    const events: ReplayEvent[] = [
      { kind: EventKind.ClockRead, icount: 1, clock: HostClock.Realtime, wallNs: (1n << 64n) - 1n },
      { kind: EventKind.ClockRead, icount: 2, clock: HostClock.Realtime, wallNs: 0n },
      { kind: EventKind.Shutdown, icount: 3, reason: ShutdownReason.GuestReset, code: 0 },
      { kind: EventKind.Shutdown, icount: 4, reason: ShutdownReason.HostRequest, code: 0 },
      { kind: EventKind.Shutdown, icount: 5, reason: ShutdownReason.GuestExit, code: 0xffffffff },
    ];
    const read = readLog(writeLog(events, 5, 1024).bytes);
    assert.deepStrictEqual(read.events.slice(0, 5), events);
  });

  it('round-trips 2000 random events over many small chunks, and icount deltas up to 2^53 - 1', function () {
    const rng = new Prng(0xc0ffee);
    const events = randomEvents(rng, 2000);
    const last = events[events.length - 1].icount;
    events.push({ kind: EventKind.Warp, icount: Number.MAX_SAFE_INTEGER, ns: 1 });
    const log = writeLog(events, Number.MAX_SAFE_INTEGER, 256);
    assert.ok(log.chunkEnds.length > 50, `${log.chunkEnds.length} chunks`);
    const read = readLog(log.bytes);
    assert.strictEqual(read.error, undefined);
    assert.strictEqual(read.chunkCount, log.chunkEnds.length);
    assert.strictEqual(read.validBytes, log.bytes.length);
    assert.deepStrictEqual(read.events, log.events);
    assert.ok(last < Number.MAX_SAFE_INTEGER);
  });

  it('writes the same bytes for the same events (deterministic output)', function () {
    const a = writeLog(randomEvents(new Prng(9), 200), 2 ** 50, 512).bytes;
    const b = writeLog(randomEvents(new Prng(9), 200), 2 ** 50, 512).bytes;
    assert.deepStrictEqual(a, b);
  });

  it('writes nothing until a chunk fills or flush() is called', function () {
    const sink = new MemorySink();
    const writer = new ReplayLogWriter(sink, sampleHeader(), { chunkBytes: 100 });
    const headerBytes = sink.length;
    writer.append({ kind: EventKind.Warp, icount: 1, ns: 5 });
    assert.strictEqual(sink.length, headerBytes);
    assert.strictEqual(writer.pendingEvents, 1);
    writer.flush();
    assert.ok(sink.length > headerBytes);
    assert.strictEqual(writer.pendingEvents, 0);
    const afterFlush = sink.length;
    writer.flush();
    assert.strictEqual(sink.length, afterFlush, 'an empty flush writes no chunk');
    // A killed recorder: what was flushed replays, flagged as unterminated.
    const read = readLog(sink.bytes());
    assert.deepStrictEqual(read.events, [{ kind: EventKind.Warp, icount: 1, ns: 5 }]);
    assert.strictEqual(read.complete, false);
    assert.strictEqual(read.error?.code, 'unterminated');
    assert.strictEqual(read.error?.offset, sink.length);
  });

  it('refuses events it cannot encode, naming why, and keeps going', function () {
    const sink = new MemorySink();
    const writer = new ReplayLogWriter(sink, sampleHeader());
    writer.append({ kind: EventKind.Warp, icount: 100, ns: 1 });
    const bad: [ReplayEvent, RegExp][] = [
      [{ kind: EventKind.Warp, icount: 99, ns: 1 }, /before the previous event's icount 100/],
      [{ kind: EventKind.Warp, icount: 2 ** 53, ns: 1 }, /icount/],
      [{ kind: EventKind.Warp, icount: 101, ns: -1 }, /warp/],
      [{ kind: EventKind.Input, icount: 101, device: 0, bytes: new Uint8Array(0) }, /at least one byte/],
      [{ kind: EventKind.Checkpoint, icount: 101, stateHash: new Uint8Array(31) }, /32 bytes/],
      [{ kind: EventKind.ClockRead, icount: 101, clock: HostClock.Realtime, wallNs: -1n }, /bigint/],
      [{ kind: EventKind.BottomHalf, icount: 101, id: 1, args: [1.5] }, /argument/],
      [{ kind: EventKind.Shutdown, icount: 101, reason: 9 as ShutdownReason, code: 0 }, /reason/],
      [{ kind: 42 as EventKind.Warp, icount: 101, ns: 0 }, /unknown event kind/],
      [{ kind: EventKind.End, icount: 101 }, /close\(\)/],
    ];
    for (const [event, message] of bad) {
      const e = writerError(() => writer.append(event));
      assert.strictEqual(e.code, 'invalid-argument');
      assert.match(e.message, message);
    }
    writer.append({ kind: EventKind.Warp, icount: 100, ns: 2 });
    writer.close(150);
    assert.strictEqual(writerError(() => writer.append({ kind: EventKind.Warp, icount: 200, ns: 1 })).code, 'writer-closed');
    const read = readLog(sink.bytes());
    assert.strictEqual(read.complete, true);
    assert.deepStrictEqual(read.events.map((e) => e.icount), [100, 100, 150]);
  });

  it('refuses a bad header before writing anything', function () {
    const sink = new MemorySink();
    const h = sampleHeader();
    assert.match(writerError(() => new ReplayLogWriter(sink, { ...h, elfSha256: new Uint8Array(4) })).message, /32 bytes/);
    assert.match(writerError(() => new ReplayLogWriter(sink, { ...h, machine: { ...h.machine, ramSize: 0 } })).message, /ramSize/);
    assert.match(writerError(() => new ReplayLogWriter(sink, { ...h, metadata: { n: 5 as unknown as string } })).message, /metadata "n"/);
    assert.strictEqual(sink.length, 0);
  });

  it('keeps buffered events when the sink fails, and writes them on the next flush', function () {
    const inner = new MemorySink();
    let failing = false;
    const sink: ByteSink = {
      write(bytes) {
        if (failing) throw new Error('disk full');
        inner.write(bytes);
      },
    };
    const writer = new ReplayLogWriter(sink, sampleHeader(), { chunkBytes: 8 });
    writer.append({ kind: EventKind.Warp, icount: 1, ns: 1 });
    failing = true;
    assert.throws(() => writer.flush(), /disk full/);
    assert.strictEqual(writer.pendingEvents, 1);
    // Fills the chunk: accepted, and the failed write of the full chunk is deferred.
    writer.append({ kind: EventKind.Warp, icount: 2, ns: 123456 });
    assert.strictEqual(writer.pendingEvents, 2);
    // The chunk is still full and cannot be written: this event is refused, not recorded.
    assert.throws(() => writer.append({ kind: EventKind.Warp, icount: 3, ns: 1 }), /disk full/);
    assert.strictEqual(writer.pendingEvents, 2);
    failing = false;
    writer.append({ kind: EventKind.Warp, icount: 4, ns: 1 });
    failing = true;
    assert.throws(() => writer.close(5), /disk full/);
    failing = false;
    writer.flush();
    const read = readLog(inner.bytes());
    assert.strictEqual(read.complete, true);
    assert.deepStrictEqual(read.events.map((e) => e.icount), [1, 2, 4, 5]);
  });

  it('dumps one line per event: icount, kind, payload', function () {
    const lines = dumpLog(writeLog(oneOfEachKind(0), 2000, 4096).bytes);
    const body = lines.filter((l) => !l.startsWith('#'));
    assert.deepStrictEqual(body, [
      '10 input device=0 count=3 "hi\\n"',
      '10 clock clock=realtime ns=1700000000123456789',
      '500 warp ns=1000000',
      '501 bh id=3 args=[0 127 128 4294967296 9007199254740991]',
      '900 shutdown reason=exit code=7',
      '950 write mem paddr=0x80001000 count=4 bytes=c8000000',
      '950 write reg x31=0x00001234',
      '1000 checkpoint hash=' + Array.from({ length: 32 }, (_, i) => (255 - i).toString(16)).join(''),
      '2000 end',
    ]);
    assert.ok(lines.includes('# board virt ram 0x80000000+0x8000000 icount-shift 3 devices uart0,clint,plic,rtc,finisher'), lines.join('\n'));
    assert.match(lines[lines.length - 1], /^# complete: 9 events in 1 chunks/);
  });

  it('dump of a damaged log ends with the error line', function () {
    const bytes = writeLog(oneOfEachKind(0), 2000, 4096).bytes;
    const lines = dumpLog(bytes.subarray(0, bytes.length - 3));
    assert.match(lines[lines.length - 1], /^# error \(truncated-chunk\): replay log, byte offset \d+: chunk 0 is cut short/);
  });
});
