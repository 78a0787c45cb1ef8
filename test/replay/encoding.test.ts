// The primitives under the replay log: unsigned LEB128 varints (minimal,
// bounded to 2^53 - 1) and CRC-32 (the zlib/IEEE variant).

import * as assert from 'assert';
import * as zlib from 'zlib';
import { ByteReader, ByteWriter, varintLength } from '../../emulator/replay/bytes';
import { crc32, crc32Update } from '../../emulator/replay/crc32';
import { LogError } from '../../emulator/replay';
import { Prng } from './helpers';
import { logFailure } from '../../emulator/replay/errors';

function encode(n: number): number[] {
  const w = new ByteWriter();
  w.varint(n);
  return [...w.toBytes()];
}

function decode(bytes: number[]): number {
  const r = new ByteReader(new Uint8Array(bytes), 0, bytes.length, logFailure('bad-event'));
  const v = r.varint('test value');
  assert.strictEqual(r.pos, bytes.length, 'decoder consumed every byte');
  return v;
}

function decodeError(bytes: number[]): LogError {
  try {
    decode(bytes);
  } catch (e) {
    assert.ok(e instanceof LogError, String(e));
    return e;
  }
  assert.fail(`decoding [${bytes.join(', ')}] should fail`);
}

describe('replay log varints', function () {
  const cases: [number, number[]][] = [
    [0, [0x00]],
    [1, [0x01]],
    [127, [0x7f]],
    [128, [0x80, 0x01]],
    [300, [0xac, 0x02]],
    [16383, [0xff, 0x7f]],
    [16384, [0x80, 0x80, 0x01]],
    [2 ** 32 - 1, [0xff, 0xff, 0xff, 0xff, 0x0f]],
    [2 ** 32, [0x80, 0x80, 0x80, 0x80, 0x10]],
    [Number.MAX_SAFE_INTEGER, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f]],
  ];

  for (const [value, bytes] of cases) {
    it(`encodes ${value} as the ${bytes.length}-byte LEB128 [${bytes.map((b) => b.toString(16)).join(' ')}] and back`, function () {
      assert.deepStrictEqual(encode(value), bytes);
      assert.strictEqual(varintLength(value), bytes.length);
      assert.strictEqual(decode(bytes), value);
    });
  }

  it('round-trips every power of two and its neighbours up to 2^53 - 1', function () {
    for (let p = 0; p <= 53; p++) {
      for (const v of [2 ** p - 1, 2 ** p, 2 ** p + 1]) {
        if (v > Number.MAX_SAFE_INTEGER) continue;
        assert.strictEqual(decode(encode(v)), v, `value ${v}`);
      }
    }
  });

  it('rejects 2^53 (one past the exact range) with the offset of the varint', function () {
    const e = decodeError([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10]);
    assert.strictEqual(e.code, 'bad-event');
    assert.strictEqual(e.offset, 0);
    assert.match(e.message, /above 2\^53 - 1/);
  });

  it('rejects overlong encodings, 9-byte varints and varints cut short', function () {
    assert.match(decodeError([0x80, 0x00]).message, /overlong/);
    assert.match(decodeError([0xff, 0x80, 0x00]).message, /overlong/);
    assert.match(decodeError([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]).message, /longer than 8 bytes/);
    assert.match(decodeError([0x80]).message, /runs past the end/);
    assert.match(decodeError([]).message, /runs past the end/);
  });
});

describe('CRC-32', function () {
  it('matches the standard check value for "123456789" (0xCBF43926)', function () {
    assert.strictEqual(crc32(new TextEncoder().encode('123456789')), 0xcbf43926);
  });

  it("agrees with Node's zlib for every length 0..300 at odd offsets", function () {
    const rng = new Prng(3);
    const data = rng.bytes(400);
    for (let length = 0; length <= 300; length++) {
      const start = length % 7;
      assert.strictEqual(crc32(data, start, start + length), zlib.crc32(data.subarray(start, start + length)), `length ${length}`);
    }
  });

  it('is 0 for no bytes and continues across split ranges', function () {
    assert.strictEqual(crc32(new Uint8Array(0)), 0);
    const data = new TextEncoder().encode('The quick brown fox jumps over the lazy dog');
    assert.strictEqual(crc32(data), 0x414fa339);
    assert.strictEqual(crc32Update(crc32(data, 0, 10), data, 10), 0x414fa339);
  });
});
