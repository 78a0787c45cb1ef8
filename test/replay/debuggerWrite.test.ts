// The DEBUGGER-WRITE event (docs/replay-log.md: kind 8): its exact bytes,
// round trips of both targets at their limits, the one-line dump, writers
// refusing impossible writes, readers refusing damaged ones with an error
// naming the offset, and version-1 logs refused with the version error.

import * as assert from 'assert';
import {
  EventKind,
  LOG_FORMAT_VERSION,
  MAX_DEBUGGER_WRITE_BYTES,
  MemorySink,
  PC_REGISTER,
  ReplayEvent,
  ReplayLogWriter,
  WriteTarget,
  checkEvent,
  describeEvent,
  dumpLog,
  readLog,
} from '../../emulator/replay';
import { ByteWriter } from '../../emulator/replay/bytes';
import { encodeChunk } from '../../emulator/replay/chunk';
import { encodeEvent } from '../../emulator/replay/events';
import { sampleHeader, writeLog } from './helpers';

function encoded(event: ReplayEvent, previousIcount = 0): number[] {
  const out = new ByteWriter();
  encodeEvent(event, previousIcount, out);
  return [...out.toBytes()];
}

/** A log (header from the writer) whose only chunk holds exactly `payload` as its events; no END. */
function logWithEventBytes(payload: number[]): Uint8Array {
  const sink = new MemorySink();
  new ReplayLogWriter(sink, sampleHeader());
  return Uint8Array.from([...sink.bytes(), ...encodeChunk(0, Uint8Array.from(payload))]);
}

describe('replay log: debugger-write events', function () {
  it('is format version 2, and a version-1 log is refused naming both versions', function () {
    assert.strictEqual(LOG_FORMAT_VERSION, 2);
    const bytes = writeLog([], 0, 1024).bytes.slice();
    new DataView(bytes.buffer).setUint32(8, 1, true);
    const read = readLog(bytes);
    assert.strictEqual(read.error?.code, 'unsupported-version');
    assert.match(read.error?.message ?? '', /log format version 1 is not supported: this build reads version 2/);
    assert.strictEqual(read.events.length, 0);
  });

  it('encodes a memory write as delta, kind 8, target 0, address, count, bytes', function () {
    const e: ReplayEvent = { kind: EventKind.DebuggerWrite, icount: 1000, target: WriteTarget.Memory, paddr: 0x80001000, bytes: Uint8Array.of(0xc8, 0, 0, 0) };
    // delta 128 from 872; 0x80001000 as LEB128 is 80 a0 80 80 08.
    assert.deepStrictEqual(encoded(e, 872), [0x80, 0x01, 0x08, 0x00, 0x80, 0xa0, 0x80, 0x80, 0x08, 0x04, 0xc8, 0x00, 0x00, 0x00]);
  });

  it('encodes a register write as delta, kind 8, target 1, register number, u32 value', function () {
    const e: ReplayEvent = { kind: EventKind.DebuggerWrite, icount: 5, target: WriteTarget.Register, register: PC_REGISTER, value: 0x80000010 };
    assert.deepStrictEqual(encoded(e), [0x05, 0x08, 0x01, 0x20, 0x10, 0x00, 0x00, 0x80]);
  });

  it('round-trips both targets at their limits, several at one icount, in file order', function () {
    const big = new Uint8Array(MAX_DEBUGGER_WRITE_BYTES).map((_, i) => (i * 13) & 0xff);
    const events: ReplayEvent[] = [
      { kind: EventKind.Input, icount: 7, device: 0, bytes: Uint8Array.of(0x31) },
      { kind: EventKind.DebuggerWrite, icount: 7, target: WriteTarget.Memory, paddr: 0xffffffff, bytes: Uint8Array.of(1) },
      { kind: EventKind.DebuggerWrite, icount: 7, target: WriteTarget.Memory, paddr: 0, bytes: big },
      { kind: EventKind.DebuggerWrite, icount: 7, target: WriteTarget.Register, register: 1, value: 0 },
      { kind: EventKind.DebuggerWrite, icount: 8, target: WriteTarget.Register, register: 31, value: 0xffffffff },
    ];
    const read = readLog(writeLog(events, 9, 4096).bytes);
    assert.strictEqual(read.error, undefined);
    assert.deepStrictEqual(read.events.slice(0, events.length), events);
  });

  it('dumps each write on one readable line', function () {
    const long = new Uint8Array(40).fill(0xab);
    assert.strictEqual(describeEvent({ kind: EventKind.DebuggerWrite, icount: 3, target: WriteTarget.Memory, paddr: 0x80200000, bytes: Uint8Array.of(0x5a) }), '3 write mem paddr=0x80200000 count=1 bytes=5a');
    assert.strictEqual(describeEvent({ kind: EventKind.DebuggerWrite, icount: 3, target: WriteTarget.Memory, paddr: 0x80000000, bytes: long }), `3 write mem paddr=0x80000000 count=40 bytes=${'ab'.repeat(32)}...(+8)`);
    assert.strictEqual(describeEvent({ kind: EventKind.DebuggerWrite, icount: 4, target: WriteTarget.Register, register: 10, value: 42 }), '4 write reg x10=0x0000002a');
    assert.strictEqual(describeEvent({ kind: EventKind.DebuggerWrite, icount: 4, target: WriteTarget.Register, register: 32, value: 0x80000000 }), '4 write reg pc=0x80000000');
    const lines = dumpLog(writeLog([{ kind: EventKind.DebuggerWrite, icount: 4, target: WriteTarget.Register, register: 2, value: 1 }], 4, 1024).bytes);
    assert.ok(lines.includes('4 write reg x2=0x00000001'), lines.join('\n'));
  });

  it('refuses to write impossible writes, saying why', function () {
    const base = { kind: EventKind.DebuggerWrite, icount: 1 } as const;
    const cases: [ReplayEvent, RegExp][] = [
      [{ ...base, target: WriteTarget.Register, register: 0, value: 1 }, /x0 is hard-wired to zero/],
      [{ ...base, target: WriteTarget.Register, register: 33, value: 1 }, /register number 33/],
      [{ ...base, target: WriteTarget.Register, register: 5, value: -1 }, /register value -1/],
      [{ ...base, target: WriteTarget.Memory, paddr: 0x80000000, bytes: new Uint8Array(0) }, /1\.\.65536 bytes, not 0/],
      [{ ...base, target: WriteTarget.Memory, paddr: 0x80000000, bytes: new Uint8Array(MAX_DEBUGGER_WRITE_BYTES + 1) }, /not 65537/],
      [{ ...base, target: WriteTarget.Memory, paddr: 0xfffffffe, bytes: new Uint8Array(4) }, /passes the end of the 32-bit address space/],
      [{ ...base, target: WriteTarget.Memory, paddr: 2 ** 32, bytes: new Uint8Array(1) }, /address 4294967296/],
      [{ ...base, target: 7 } as unknown as ReplayEvent, /unknown debugger-write target 7/],
    ];
    for (const [event, reason] of cases) {
      assert.match(checkEvent(event, 0) ?? 'accepted', reason);
      const writer = new ReplayLogWriter(new MemorySink(), sampleHeader());
      assert.throws(() => writer.append(event), reason);
      assert.strictEqual(writer.eventCount, 0, 'nothing written');
    }
  });

  it('reads a damaged write event as a bad-event error naming its offset, after the events before it', function () {
    const good = encoded({ kind: EventKind.Input, icount: 1, device: 0, bytes: Uint8Array.of(0x41) });
    const cases: [number[], RegExp][] = [
      [[0x00, 0x08, 0x02], /unknown debugger-write target 2/],
      [[0x00, 0x08, 0x01, 0x00, 1, 0, 0, 0], /x0 is hard-wired to zero/],
      [[0x00, 0x08, 0x01, 0x21, 1, 0, 0, 0], /register number 33/],
      [[0x00, 0x08, 0x01, 0x05, 1, 0], /register value needs 4 bytes/],
      [[0x00, 0x08, 0x00, 0x80, 0x80, 0x80, 0x80, 0x10, 0x01, 0x00], /debugger-write address 4294967296 is above 2\^32-1/],
      [[0x00, 0x08, 0x00, 0x00, 0x00], /byte count 0 is outside 1\.\.65536/],
      [[0x00, 0x08, 0x00, 0xfe, 0xff, 0xff, 0xff, 0x0f, 0x04, 1, 2, 3, 4], /passes the end of the 32-bit address space/],
      [[0x00, 0x08, 0x00, 0x00, 0x04, 1, 2], /bytes needs 4 bytes, 2 remain/],
    ];
    for (const [bad, reason] of cases) {
      const log = logWithEventBytes([...good, ...bad]);
      const read = readLog(log);
      assert.strictEqual(read.error?.code, 'bad-event', `${bad.join(' ')}: ${read.error?.message}`);
      assert.match(read.error?.message ?? '', reason);
      assert.match(read.error?.message ?? '', /byte offset \d+/);
      assert.strictEqual(read.events.length, 0, 'a chunk with a bad event hands out none of its events');
    }
    // The same framing with a valid write reads back (the helper makes a well-formed log).
    const ok = readLog(logWithEventBytes([...good, 0x00, 0x08, 0x01, 0x05, 1, 0, 0, 0]));
    assert.strictEqual(ok.error?.code, 'unterminated');
    assert.deepStrictEqual(ok.events[1], { kind: EventKind.DebuggerWrite, icount: 1, target: WriteTarget.Register, register: 5, value: 1 });
  });
});
