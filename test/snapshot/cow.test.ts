// Snapshots share unchanged RAM pages: taking one costs the pages written
// since the last, restoring writes back only pages that can differ, and
// any restore order gives exactly the snapshot's RAM and machine state.

import * as assert from 'assert';
import { PAGE_SIZE, SavedState } from '../../emulator/contracts';
import { SnapshotError, SnapshotStore } from '../../emulator/snapshot';
import { TestRam, testState } from './helpers';

function snapshotError(fn: () => unknown): SnapshotError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof SnapshotError, String(e));
    return e;
  }
  assert.fail('expected a SnapshotError');
}

describe('snapshot store: copy-on-write pages', function () {
  it('holds only non-zero pages for the first snapshot and clears the dirty flags', function () {
    const ram = new TestRam(1024);
    for (let p = 0; p < 10; p++) ram.stamp(p * 7, 1);
    const store = new SnapshotStore();
    store.take(0, testState(0), ram, 0);
    // Ten distinct pages plus the shared zero page.
    assert.strictEqual(store.stats().pages, 11);
    assert.ok(ram.dirtyPages.every((d) => d === 0));
    assert.strictEqual(store.stats().lastTakePagesCopied, 10);
  });

  it('grows by exactly the dirtied pages per snapshot, and by no page when nothing changed', function () {
    const ram = new TestRam(2048);
    ram.stamp(0, 1);
    const store = new SnapshotStore();
    store.take(0, testState(0), ram, 0);
    const pages0 = store.stats().pages;
    const memory0 = store.memoryBytes;
    for (const p of [5, 6, 700, 1500, 2047]) ram.stamp(p, 2);
    store.take(1000, testState(1000), ram, 1);
    assert.strictEqual(store.stats().pages, pages0 + 5);
    assert.strictEqual(store.stats().lastTakePagesCopied, 5);
    const grown = store.memoryBytes - memory0;
    assert.ok(grown >= 5 * PAGE_SIZE && grown < 5 * PAGE_SIZE + 16 * 1024, `grew by ${grown} bytes`);
    const memory1 = store.memoryBytes;
    store.take(2000, testState(2000), ram, 2);
    assert.strictEqual(store.stats().pages, pages0 + 5, 'an unchanged RAM adds no page');
    assert.ok(store.memoryBytes - memory1 < 8 * 1024, `an unchanged snapshot costs ${store.memoryBytes - memory1} bytes`);
  });

  it('does not copy a dirtied page whose contents did not change, nor a page zeroed again', function () {
    const ram = new TestRam(64);
    ram.stamp(3, 9);
    ram.stamp(4, 9);
    const store = new SnapshotStore();
    store.take(0, testState(0), ram, 0);
    const pages = store.stats().pages;
    ram.write(3 * PAGE_SIZE, ram.bytes[3 * PAGE_SIZE]);
    ram.fill(4 * PAGE_SIZE, PAGE_SIZE, 0);
    store.take(10, testState(10), ram, 0);
    assert.strictEqual(store.stats().lastTakePagesCopied, 0);
    assert.strictEqual(store.stats().pages, pages, 'page 4 became the shared zero page; page 3 is shared');
  });

  it('frees the pages only a dropped snapshot used', function () {
    const ram = new TestRam(64);
    const store = new SnapshotStore();
    const s0 = store.take(0, testState(0), ram, 0);
    ram.stamp(1, 1);
    const s1 = store.take(10, testState(10), ram, 0);
    ram.stamp(1, 2);
    store.take(20, testState(20), ram, 0);
    assert.strictEqual(store.stats().pages, 3, 'zero page, page 1 at s1, page 1 at s2');
    store.drop(s1);
    assert.strictEqual(store.stats().pages, 2);
    assert.strictEqual(s1.dropped, true);
    assert.deepStrictEqual(store.list(), [s0, store.list()[1]]);
    assert.strictEqual(snapshotError(() => store.restore(s1, ram)).code, 'dropped');
  });

  it('restoring writes back only the pages dirtied since, or differing between snapshots', function () {
    const ram = new TestRam(256);
    const store = new SnapshotStore();
    ram.stamp(1, 1);
    const a = store.take(0, testState(0), ram, 0);
    ram.stamp(2, 1);
    ram.stamp(3, 1);
    const b = store.take(100, testState(100), ram, 0);
    ram.stamp(200, 5);
    store.restore(b, ram);
    assert.strictEqual(store.stats().lastRestorePagesWritten, 1, 'only the page written after b');
    store.restore(a, ram);
    assert.strictEqual(store.stats().lastRestorePagesWritten, 2, 'pages 2 and 3 differ between a and b');
    assert.ok(ram.dirtyPages.every((d) => d === 0));
  });

  it('restore A, run, restore B gives exactly B (RAM and state); the next snapshot stays right', function () {
    const ram = new TestRam(128);
    const store = new SnapshotStore();
    ram.stamp(0, 1);
    const a = store.take(0, testState(0), ram, 0);
    ram.stamp(5, 2);
    ram.write(100, 7);
    const b = store.take(500, testState(500), ram, 3);
    const bRam = ram.bytes.slice();
    store.restore(a, ram);
    // Run from A: write pages B never touched and some B did.
    ram.stamp(9, 3);
    ram.stamp(5, 4);
    ram.write(7 * PAGE_SIZE + 11, 99);
    const stateB = store.restore(b, ram);
    assert.deepStrictEqual(ram.bytes, bRam);
    assert.deepStrictEqual(stateB, testState(500));
    assert.strictEqual(b.logPosition, 3);
    // After restoring B, a snapshot must record B's RAM plus what is written next.
    ram.write(12 * PAGE_SIZE, 1);
    const c = store.take(600, testState(600), ram, 4);
    const cRam = ram.bytes.slice();
    store.restore(a, ram);
    store.restore(c, ram);
    assert.deepStrictEqual(ram.bytes, cRam);
  });

  it('restores correctly into another RAM object (nothing assumed about its contents)', function () {
    const ram = new TestRam(32);
    const store = new SnapshotStore();
    ram.stamp(4, 4);
    const s = store.take(0, testState(0), ram, 0);
    const expected = ram.bytes.slice();
    const other = new TestRam(32);
    other.fill(0, other.size, 0xee);
    other.dirtyPages.fill(0);
    store.restore(s, other);
    assert.deepStrictEqual(other.bytes, expected);
    // Taking from the first RAM again reads all of it: its flags say nothing relative to the base.
    ram.bytes[31 * PAGE_SIZE] = 1;
    const t = store.take(5, testState(5), ram, 0);
    assert.strictEqual(t.page(31)[0], 1);
  });

  it('keeps machine state exactly (typed arrays, bigint, NaN, -0) and hands out fresh copies', function () {
    const ram = new TestRam(4);
    const store = new SnapshotStore();
    const state = { ...testState(42), odd: [NaN, -0, Infinity, -Infinity], words: new Float64Array([NaN, -0, 1.5]), big: new BigUint64Array([2n ** 64n - 1n]), nothing: null };
    const s = store.take(42, state, ram, 0);
    const back = s.state() as SavedState & typeof state;
    assert.deepStrictEqual(back, state);
    assert.ok(Object.is(back.odd[1], -0));
    assert.ok(Object.is(back.words[1], -0));
    back.regs[1] = 12345;
    assert.notStrictEqual((s.state() as typeof state).regs[1], 12345, 'changing a restored state does not change the snapshot');
    state.regs[2] = 777;
    assert.notStrictEqual((s.state() as typeof state).regs[2], 777, 'changing the machine after take does not change the snapshot');
  });

  it('refuses state that cannot be restored exactly, and RAM of the wrong shape', function () {
    const ram = new TestRam(4);
    const store = new SnapshotStore();
    assert.match(snapshotError(() => store.take(0, { ...testState(0), m: new Map() } as SavedState, ram, 0)).message, /Map; only plain data/);
    assert.match(snapshotError(() => store.take(0, { ...testState(0), f: () => 1 } as SavedState, ram, 0)).message, /function/);
    assert.match(snapshotError(() => store.take(0, { ...testState(0), x: { $t: 'bigint' } } as SavedState, ram, 0)).message, /reserved key/);
    assert.match(snapshotError(() => store.take(0, { kind: 5 } as unknown as SavedState, ram, 0)).message, /SavedState/);
    assert.match(snapshotError(() => store.take(-1, testState(0), ram, 0)).message, /icount -1/);
    store.take(0, testState(0), ram, 0);
    assert.match(snapshotError(() => store.take(1, testState(1), new TestRam(8), 0)).message, /8 pages; this store's snapshots have 4/);
    const odd = { base: 0, size: 100, bytes: new Uint8Array(100), dirtyPages: new Uint8Array(1) };
    assert.strictEqual(snapshotError(() => store.restore(store.list()[0], odd)).code, 'invalid-argument');
  });

  it('replaces a snapshot taken again at the same icount', function () {
    const ram = new TestRam(8);
    const store = new SnapshotStore();
    store.take(0, testState(0), ram, 0);
    const first = store.take(10, testState(10), ram, 1);
    ram.stamp(2, 2);
    const second = store.take(10, testState(11), ram, 2);
    assert.deepStrictEqual(store.list().map((s) => s.icount), [0, 10]);
    assert.strictEqual(first.dropped, true);
    assert.strictEqual(store.nearestAtOrBefore(10), second);
    assert.strictEqual(store.nearestAtOrBefore(9)?.icount, 0);
    assert.strictEqual(store.nearestAtOrBefore(-1), undefined);
    assert.strictEqual(store.dropAfter(0), 1);
    assert.deepStrictEqual(store.list().map((s) => s.icount), [0]);
  });
});
