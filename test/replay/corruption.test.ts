// A damaged replay log gives a clear LogError naming the byte offset and,
// when the header is intact, the events of every whole chunk before the
// damage: a log cut anywhere, any flipped byte, a wrong version or magic,
// reordered or repeated chunks, bytes after END.

import * as assert from 'assert';
import { EventKind, LOG_FORMAT_VERSION, LogContents, LogError, ReplayEvent, readLog } from '../../emulator/replay';
import { CHUNK_HEADER_BYTES, chunkCrc } from '../../emulator/replay/chunk';
import { Prng, WrittenLog, oneOfEachKind, randomEvents, writeLog } from './helpers';

/** A small log of several chunks holding every event kind. */
function smallLog(): WrittenLog {
  const events: ReplayEvent[] = [...oneOfEachKind(0), ...randomEvents(new Prng(77), 12).map((e) => ({ ...e, icount: e.icount + 2000 }))];
  return writeLog(events, events[events.length - 1].icount + 10, 40);
}

/** Reads, failing the test on any throw: the reader's contract is to return. */
function readSafely(bytes: Uint8Array): LogContents {
  try {
    return readLog(bytes);
  } catch (e) {
    assert.fail(`readLog threw ${e instanceof Error ? e.stack : String(e)}`);
  }
}

/** Chunks wholly inside the first `length` bytes. */
function wholeChunks(log: WrittenLog, length: number): number {
  return log.chunkEnds.filter((end) => end <= length).length;
}

function eventsThrough(log: WrittenLog, chunks: number): ReplayEvent[] {
  return log.events.slice(0, chunks === 0 ? 0 : log.eventsThroughChunk[chunks - 1]);
}

function writeU32(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = value & 0xff;
  bytes[at + 1] = (value >>> 8) & 0xff;
  bytes[at + 2] = (value >>> 16) & 0xff;
  bytes[at + 3] = (value >>> 24) & 0xff;
}

describe('replay log corruption', function () {
  const log = smallLog();

  it('uses a log of several chunks for these tests', function () {
    assert.ok(log.chunkEnds.length >= 5, `${log.chunkEnds.length} chunks`);
    assert.strictEqual(readLog(log.bytes).complete, true);
  });

  it('cut at every byte offset: a header error inside the header, else the whole chunks before the cut', function () {
    for (let cut = 0; cut <= log.bytes.length; cut++) {
      const read = readSafely(log.bytes.slice(0, cut));
      if (cut === log.bytes.length) {
        assert.strictEqual(read.complete, true);
        assert.strictEqual(read.error, undefined);
        continue;
      }
      assert.ok(read.error instanceof LogError, `cut ${cut}: a LogError`);
      assert.strictEqual(read.complete, false);
      assert.match(read.error.message, /byte offset \d+/);
      if (cut < log.headerLength) {
        assert.strictEqual(read.error.code, 'truncated-header', `cut ${cut}: ${read.error.message}`);
        assert.strictEqual(read.header, undefined);
        assert.deepStrictEqual(read.events, []);
        continue;
      }
      const chunks = wholeChunks(log, cut);
      const validEnd = chunks === 0 ? log.headerLength : log.chunkEnds[chunks - 1];
      assert.deepStrictEqual(read.events, eventsThrough(log, chunks), `cut ${cut}: events of ${chunks} whole chunks`);
      assert.strictEqual(read.validBytes, validEnd);
      assert.strictEqual(read.error.offset, validEnd, `cut ${cut}: the error names where the valid prefix ends`);
      if (cut === validEnd) {
        assert.strictEqual(read.error.code, 'unterminated', `cut ${cut}`);
      } else {
        assert.strictEqual(read.error.code, 'truncated-chunk', `cut ${cut}`);
        assert.match(read.error.message, new RegExp(`chunk ${chunks} is cut short`));
      }
    }
  });

  it('flipping any byte (all bits, or the low bit) is detected, and only whole earlier chunks are kept', function () {
    for (const mask of [0xff, 0x01]) {
      for (let at = 0; at < log.bytes.length; at++) {
        const bytes = log.bytes.slice();
        bytes[at] ^= mask;
        const read = readSafely(bytes);
        assert.ok(read.error instanceof LogError, `flip 0x${mask.toString(16)} at ${at} went unnoticed`);
        assert.strictEqual(read.complete, false);
        if (at < log.headerLength) {
          assert.strictEqual(read.header, undefined, `flip at ${at}`);
          assert.ok(['bad-magic', 'unsupported-version', 'bad-header', 'truncated-header'].includes(read.error.code), `flip at ${at}: ${read.error.code}`);
        } else {
          const chunk = wholeChunks(log, at);
          assert.deepStrictEqual(read.events, eventsThrough(log, chunk), `flip at ${at}: events before chunk ${chunk}`);
          const chunkStart = chunk === 0 ? log.headerLength : log.chunkEnds[chunk - 1];
          assert.strictEqual(read.validBytes, chunkStart);
        }
      }
    }
  });

  it('names both versions when the format version is not this one', function () {
    const bytes = log.bytes.slice();
    writeU32(bytes, 8, LOG_FORMAT_VERSION + 1);
    const read = readSafely(bytes);
    assert.strictEqual(read.error?.code, 'unsupported-version');
    assert.strictEqual(read.error?.offset, 8);
    assert.strictEqual(read.error?.message, `replay log, byte offset 8: log format version ${LOG_FORMAT_VERSION + 1} is not supported: this build reads version ${LOG_FORMAT_VERSION}`);
  });

  it('says plainly when the file is not a replay log', function () {
    for (const text of ['\x7fELF\x01\x01\x01', 'RWNDSNAP', 'R']) {
      const read = readSafely(new TextEncoder().encode(text === 'R' ? 'X' : text));
      assert.strictEqual(read.error?.code, 'bad-magic');
      assert.match(read.error?.message ?? '', /not a Rewind replay log/);
    }
    assert.strictEqual(readSafely(new Uint8Array(0)).error?.code, 'truncated-header');
  });

  it('detects a chunk repeated or reordered even with a valid checksum (sequence numbers)', function () {
    const c0 = log.bytes.slice(log.headerLength, log.chunkEnds[0]);
    const c1 = log.bytes.slice(log.chunkEnds[0], log.chunkEnds[1]);
    const header = log.bytes.slice(0, log.headerLength);
    const repeated = new Uint8Array([...header, ...c0, ...c0, ...c1]);
    let read = readSafely(repeated);
    assert.strictEqual(read.error?.code, 'bad-sequence');
    assert.strictEqual(read.error?.offset, log.chunkEnds[0]);
    assert.match(read.error?.message ?? '', /chunk 1 carries sequence number 0/);
    assert.deepStrictEqual(read.events, eventsThrough(log, 1));
    read = readSafely(new Uint8Array([...header, ...c1, ...c0]));
    assert.strictEqual(read.error?.code, 'bad-sequence');
    assert.deepStrictEqual(read.events, []);
  });

  it('rejects a chunk whose length field is impossible without allocating for it', function () {
    const bytes = log.bytes.slice();
    writeU32(bytes, log.headerLength + 4, 0xffffffff);
    const read = readSafely(bytes);
    assert.strictEqual(read.error?.code, 'bad-chunk');
    assert.strictEqual(read.error?.offset, log.headerLength + 4);
    writeU32(bytes, log.headerLength + 4, 0);
    assert.strictEqual(readSafely(bytes).error?.code, 'bad-chunk');
  });

  it('reports bytes after END, keeping every event', function () {
    const bytes = new Uint8Array([...log.bytes, 0, 1, 2]);
    const read = readSafely(bytes);
    assert.strictEqual(read.error?.code, 'data-after-end');
    assert.strictEqual(read.error?.offset, log.bytes.length);
    assert.deepStrictEqual(read.events, log.events);
    assert.strictEqual(read.complete, false);
  });

  it('reports a malformed event inside a chunk with a valid checksum, at the event', function () {
    // Rewrite the first chunk's first event kind byte to an unknown kind and re-seal the chunk.
    const bytes = log.bytes.slice();
    const start = log.headerLength;
    const payload = start + CHUNK_HEADER_BYTES;
    assert.strictEqual(bytes[payload], 10, 'first delta is 10 (one byte)');
    bytes[payload + 1] = 0xee;
    const length = bytes[start + 4] | (bytes[start + 5] << 8);
    writeU32(bytes, start + 8, chunkCrc(bytes, start, length));
    const read = readSafely(bytes);
    assert.strictEqual(read.error?.code, 'bad-event');
    assert.strictEqual(read.error?.offset, payload + 1);
    assert.match(read.error?.message ?? '', /unknown event kind 238/);
    assert.deepStrictEqual(read.events, []);
  });

  it('rejects an event after END in the same chunk and icounts that pass 2^53 - 1', function () {
    const w = writeLog([{ kind: EventKind.Warp, icount: Number.MAX_SAFE_INTEGER - 1, ns: 0 }], undefined, 1024);
    const bytes = w.bytes.slice();
    const start = w.headerLength;
    const payload = start + CHUNK_HEADER_BYTES;
    const length = bytes.length - payload;
    // Make the delta one larger: 2^53 - 1 exactly is still valid...
    const delta = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f];
    bytes.set(delta, payload);
    writeU32(bytes, start + 8, chunkCrc(bytes, start, length));
    assert.strictEqual(readSafely(bytes).events[0].icount, Number.MAX_SAFE_INTEGER);
    // ...but a second event with delta 1 after it passes the limit.
    const two = new Uint8Array([...bytes.subarray(0, payload), ...bytes.subarray(payload), 0x01, EventKind.End]);
    writeU32(two, start + 4, length + 2);
    writeU32(two, start + 8, chunkCrc(two, start, length + 2));
    const read = readSafely(two);
    assert.strictEqual(read.error?.code, 'bad-event');
    assert.match(read.error?.message ?? '', /passes 2\^53-1/);
    // END followed by an event in one chunk.
    const afterEnd = new Uint8Array([...bytes.subarray(0, payload), 0x00, EventKind.End, 0x00, EventKind.End]);
    writeU32(afterEnd, start + 4, 4);
    writeU32(afterEnd, start + 8, chunkCrc(afterEnd, start, 4));
    const r2 = readSafely(afterEnd);
    assert.strictEqual(r2.error?.code, 'bad-event');
    assert.match(r2.error?.message ?? '', /follows END/);
  });
});
