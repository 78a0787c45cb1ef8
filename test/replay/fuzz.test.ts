// Fuzzing the replay log reader with a fixed seed: random bytes, random
// bytes behind a valid magic and version, and valid logs mutated in many
// ways — some re-sealed with correct checksums so the event decoder itself
// sees garbage. Every input must give a LogError value or a clean read:
// never a throw, a hang, or events out of order.

import * as assert from 'assert';
import { LOG_FORMAT_VERSION, LOG_MAGIC, LogContents, LogError, readLog } from '../../emulator/replay';
import { CHUNK_HEADER_BYTES, chunkCrc, readU32 } from '../../emulator/replay/chunk';
import { crc32 } from '../../emulator/replay/crc32';
import { Prng, WrittenLog, randomEvents, writeLog } from './helpers';

function writeU32(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = value & 0xff;
  bytes[at + 1] = (value >>> 8) & 0xff;
  bytes[at + 2] = (value >>> 16) & 0xff;
  bytes[at + 3] = (value >>> 24) & 0xff;
}

function mutate(rng: Prng, input: Uint8Array): Uint8Array {
  let bytes = input.slice();
  const steps = 1 + rng.below(4);
  for (let s = 0; s < steps && bytes.length > 0; s++) {
    const at = rng.below(bytes.length);
    switch (rng.below(7)) {
      case 0:
        bytes[at] ^= 1 << rng.below(8);
        break;
      case 1:
        bytes[at] = rng.u32() & 0xff;
        break;
      case 2:
        bytes = new Uint8Array([...bytes.subarray(0, at), ...rng.bytes(1 + rng.below(8)), ...bytes.subarray(at)]);
        break;
      case 3:
        bytes = new Uint8Array([...bytes.subarray(0, at), ...bytes.subarray(Math.min(bytes.length, at + 1 + rng.below(16)))]);
        break;
      case 4:
        bytes = bytes.slice(0, at);
        break;
      case 5:
        if (at + 4 <= bytes.length) writeU32(bytes, at, rng.pick([0xffffffff, 0x7fffffff, 0x100000, 0x100001, 0, 1, rng.u32()]));
        break;
      default: {
        const from = rng.below(bytes.length);
        const len = 1 + rng.below(32);
        bytes = new Uint8Array([...bytes.subarray(0, at), ...bytes.subarray(from, from + len), ...bytes.subarray(at)]);
      }
    }
  }
  return bytes;
}

/** Garbles bytes inside chunk payloads or header JSON, then re-seals the checksums. */
function mutateSealed(rng: Prng, log: WrittenLog): Uint8Array {
  const bytes = log.bytes.slice();
  if (rng.below(4) === 0) {
    // Header fields after the version: ELF hash, JSON lengths, JSON text.
    const at = 16 + rng.below(log.headerLength - 20);
    bytes[at] = rng.u32() & 0xff;
    writeU32(bytes, log.headerLength - 4, crc32(bytes, 0, log.headerLength - 4));
    return bytes;
  }
  const chunk = rng.below(log.chunkEnds.length);
  const start = chunk === 0 ? log.headerLength : log.chunkEnds[chunk - 1];
  const length = readU32(bytes, start + 4);
  const flips = 1 + rng.below(3);
  for (let i = 0; i < flips; i++) bytes[start + CHUNK_HEADER_BYTES + rng.below(length)] = rng.u32() & 0xff;
  writeU32(bytes, start + 8, chunkCrc(bytes, start, length));
  return bytes;
}

function check(bytes: Uint8Array, codes: Map<string, number>): void {
  let read: LogContents;
  try {
    read = readLog(bytes);
  } catch (e) {
    assert.fail(`readLog threw on ${bytes.length} bytes [${Buffer.from(bytes).toString('hex')}]: ${e instanceof Error ? e.stack : String(e)}`);
  }
  const code = read.error ? read.error.code : 'complete';
  codes.set(code, (codes.get(code) ?? 0) + 1);
  if (read.error) {
    assert.ok(read.error instanceof LogError);
    assert.strictEqual(read.complete, false);
    assert.match(read.error.message, /^replay log, byte offset \d+: /);
    assert.ok(read.error.offset !== undefined && read.error.offset <= bytes.length, `${read.error.message} (length ${bytes.length})`);
  } else {
    assert.strictEqual(read.complete, true);
  }
  assert.ok(read.validBytes <= bytes.length);
  for (let i = 1; i < read.events.length; i++) assert.ok(read.events[i].icount >= read.events[i - 1].icount, 'icounts never go back');
}

describe('replay log fuzzing', function () {
  // A bound against hangs, far above the expected second or two.
  this.timeout(20000);

  it('survives 10^4 random and mutated logs with typed errors only', function () {
    const rng = new Prng(0x5eed1234);
    const codes = new Map<string, number>();
    const prefix = new Uint8Array(12);
    prefix.set(LOG_MAGIC);
    writeU32(prefix, 8, LOG_FORMAT_VERSION);
    const logs: WrittenLog[] = [];
    for (let i = 0; i < 16; i++) logs.push(writeLog(randomEvents(rng, 5 + rng.below(40)), rng.below(3) === 0 ? undefined : 2 ** 52, 16 + rng.below(200)));

    let cases = 0;
    for (let i = 0; i < 2000; i++, cases++) check(rng.bytes(rng.below(300)), codes);
    for (let i = 0; i < 2000; i++, cases++) check(new Uint8Array([...prefix, ...rng.bytes(rng.below(300))]), codes);
    for (let i = 0; i < 3000; i++, cases++) check(mutate(rng, rng.pick(logs).bytes), codes);
    for (let i = 0; i < 3000; i++, cases++) check(mutateSealed(rng, rng.pick(logs)), codes);
    assert.ok(cases >= 10000);

    // The fuzzing reached every layer: magic, version, header, chunk framing and event decoding.
    for (const code of ['bad-magic', 'truncated-header', 'bad-header', 'truncated-chunk', 'bad-chunk', 'bad-checksum', 'bad-event']) {
      assert.ok((codes.get(code) ?? 0) > 0, `no case ended in ${code}: ${JSON.stringify([...codes])}`);
    }
  });
});
