// The snapshot file: a store saved and read back restores every snapshot
// exactly with its pages still shared, and a damaged file (cut, flipped,
// other version, garbage behind a valid checksum) gives a SnapshotError
// naming the offset, never another exception.

import * as assert from 'assert';
import { PAGE_SIZE } from '../../emulator/contracts';
import { crc32 } from '../../emulator/replay/crc32';
import { SNAPSHOT_FORMAT_VERSION, SnapshotError, SnapshotStore, readSnapshotFile, writeSnapshotFile } from '../../emulator/snapshot';
import { Prng, TestRam, testState } from './helpers';

function buildStore(pages: number, snapshots: number, seed: number): { store: SnapshotStore; rams: Uint8Array[] } {
  const rng = new Prng(seed);
  const ram = new TestRam(pages);
  const store = new SnapshotStore();
  const rams: Uint8Array[] = [];
  for (let s = 0; s < snapshots; s++) {
    for (let w = 0; w < 3; w++) ram.write(rng.below(pages) * PAGE_SIZE + rng.below(PAGE_SIZE), 1 + rng.below(255));
    if (s === 2) ram.stamp(pages - 1, 7);
    store.take(s * 100, testState(s * 100), ram, s * 3);
    rams.push(ram.bytes.slice());
  }
  return { store, rams };
}

function fileError(bytes: Uint8Array): SnapshotError {
  try {
    readSnapshotFile(bytes);
  } catch (e) {
    assert.ok(e instanceof SnapshotError, `not a SnapshotError: ${e instanceof Error ? e.stack : String(e)}`);
    assert.match(e.message, /^snapshot file, byte offset \d+: /);
    return e;
  }
  assert.fail('expected a SnapshotError');
}

function writeU32(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = value & 0xff;
  bytes[at + 1] = (value >>> 8) & 0xff;
  bytes[at + 2] = (value >>> 16) & 0xff;
  bytes[at + 3] = (value >>> 24) & 0xff;
}

/** Every offset of the header and the snapshot records, and a sample inside the page data (each check re-reads the file). */
function probeOffsets(length: number): number[] {
  const out: number[] = [];
  for (let at = 0; at < length; at++) if (at < 64 || at >= length - 2048 || at % 37 === 0) out.push(at);
  return out;
}

describe('snapshot file', function () {
  it('round-trips a store: every snapshot restores exactly, with its state, icount, log position and the tag', function () {
    const { store, rams } = buildStore(300, 12, 5);
    const bytes = writeSnapshotFile(store, 'log-sha256:abc');
    const { store: back, tag } = readSnapshotFile(bytes);
    assert.strictEqual(tag, 'log-sha256:abc');
    const a = store.list();
    const b = back.list();
    assert.deepStrictEqual(b.map((s) => [s.icount, s.logPosition]), a.map((s) => [s.icount, s.logPosition]));
    const ram = new TestRam(300);
    for (const i of [3, 0, 11, 5, 5, 7]) {
      const state = back.restore(b[i], ram);
      assert.deepStrictEqual(ram.bytes, rams[i], `snapshot ${i}`);
      assert.deepStrictEqual(state, testState(i * 100));
    }
    assert.strictEqual(back.stats().pages, store.stats().pages, 'pages are shared after reading as before');
    // The store read back keeps working: take after a restore, then come back to it.
    back.restore(b[11], ram);
    ram.stamp(17, 3);
    const later = back.take(5000, testState(5000), ram, 99);
    const laterRam = ram.bytes.slice();
    back.restore(b[0], ram);
    back.restore(later, ram);
    assert.deepStrictEqual(ram.bytes, laterRam);
    // The file costs about the distinct non-zero pages.
    const pageBytes = (store.stats().pages - 1) * PAGE_SIZE;
    assert.ok(bytes.length >= pageBytes && bytes.length < pageBytes + 16 * 1024, `${bytes.length} bytes for ${pageBytes} of pages`);
  });

  it('round-trips an empty store and reads what it wrote byte for byte the same', function () {
    const empty = writeSnapshotFile(new SnapshotStore());
    assert.deepStrictEqual(readSnapshotFile(empty).store.list(), []);
    const { store } = buildStore(40, 5, 8);
    const bytes = writeSnapshotFile(store, 't');
    assert.deepStrictEqual(writeSnapshotFile(readSnapshotFile(bytes).store, 't'), bytes);
  });

  it('cut anywhere: a truncation error, never another error', function () {
    const { store } = buildStore(2, 3, 3);
    const bytes = writeSnapshotFile(store);
    for (const cut of probeOffsets(bytes.length)) {
      const e = fileError(bytes.slice(0, cut));
      assert.strictEqual(e.code, 'truncated', `cut ${cut}: ${e.message}`);
    }
  });

  it('detects a flipped byte anywhere', function () {
    const { store } = buildStore(2, 3, 4);
    const bytes = writeSnapshotFile(store);
    for (const at of probeOffsets(bytes.length)) {
      const damaged = bytes.slice();
      damaged[at] ^= 0x10;
      const e = fileError(damaged);
      assert.ok(['bad-magic', 'unsupported-version', 'truncated', 'malformed', 'bad-checksum'].includes(e.code), `flip at ${at}: ${e.code}`);
    }
  });

  it('names both versions for another format version, and rejects other files', function () {
    const bytes = writeSnapshotFile(buildStore(8, 2, 1).store);
    writeU32(bytes, 8, SNAPSHOT_FORMAT_VERSION + 4);
    const e = fileError(bytes);
    assert.strictEqual(e.code, 'unsupported-version');
    assert.match(e.message, new RegExp(`version ${SNAPSHOT_FORMAT_VERSION + 4} is not supported: this build reads version ${SNAPSHOT_FORMAT_VERSION}`));
    assert.strictEqual(fileError(new TextEncoder().encode('RWNDLOG\0 and more bytes than the header')).code, 'bad-magic');
  });

  it('gives SnapshotErrors for garbage behind a valid checksum (fixed-seed fuzz)', function () {
    const rng = new Prng(31337);
    const { store } = buildStore(2, 4, 2);
    const good = writeSnapshotFile(store, 'tag');
    const codes = new Map<string, number>();
    for (let i = 0; i < 1500; i++) {
      const bytes = good.slice();
      const flips = 1 + rng.below(4);
      // Damage anything after the fixed header fields, mostly the snapshot records (page data
      // takes any value), then re-seal the checksum.
      const tail = Math.min(bytes.length - 32, 1024);
      for (let f = 0; f < flips; f++) {
        bytes[rng.below(2) === 0 ? 28 + rng.below(bytes.length - 32) : bytes.length - 4 - tail + rng.below(tail)] = rng.u32() & 0xff;
      }
      writeU32(bytes, bytes.length - 4, crc32(bytes, 0, bytes.length - 4));
      try {
        const { store: back } = readSnapshotFile(bytes);
        // Accepted: then it must be usable.
        const ram = new TestRam(2);
        for (const s of back.list()) back.restore(s, ram);
        codes.set('read', (codes.get('read') ?? 0) + 1);
      } catch (e) {
        assert.ok(e instanceof SnapshotError, `case ${i}: ${e instanceof Error ? e.stack : String(e)}`);
        codes.set(e.code, (codes.get(e.code) ?? 0) + 1);
      }
    }
    assert.ok((codes.get('malformed') ?? 0) > 100, JSON.stringify([...codes]));
  });
});
