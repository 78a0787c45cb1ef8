// The checkpoint policy: snapshots dense next to the cursor and thinning
// logarithmically with distance (intervals proportional to the distance),
// the first snapshot and the ones at and just behind the cursor always
// kept, and the memory budget and count limit respected.

import * as assert from 'assert';
import { PAGE_SIZE } from '../../emulator/contracts';
import { SnapshotStore, desiredSpacing, DEFAULT_POLICY, SnapshotError } from '../../emulator/snapshot';
import { TestRam, testState } from './helpers';

const NEAR = 1000;
const PER_OCTAVE = 4;

/** Records to `end` taking a snapshot wherever the store wants one, one page written per step. */
function record(store: SnapshotStore, ram: TestRam, from: number, end: number): void {
  for (let icount = from; icount <= end; icount += NEAR) {
    ram.write(((icount / NEAR) % (ram.size / PAGE_SIZE)) * PAGE_SIZE, icount & 0xff);
    if (store.wantsSnapshotAt(icount)) store.take(icount, testState(icount), ram, icount);
  }
}

/** For each snapshot but the last: distance from the cursor, and the interval to the next one. */
function intervals(store: SnapshotStore, cursor: number): { icount: number; distance: number; gap: number }[] {
  const ics = store.list().map((s) => s.icount);
  return ics.slice(0, -1).map((icount, i) => ({ icount, distance: Math.abs(cursor - icount), gap: ics[i + 1] - icount }));
}

describe('snapshot checkpoint policy', function () {
  it('wants snapshots every nearSpacing next to the cursor, further apart far from it', function () {
    assert.strictEqual(desiredSpacing(0, DEFAULT_POLICY), DEFAULT_POLICY.nearSpacing);
    const store = new SnapshotStore({ nearSpacing: NEAR, perOctave: PER_OCTAVE });
    const ram = new TestRam(4);
    store.take(0, testState(0), ram, 0);
    store.cursor = 100_000;
    assert.strictEqual(store.wantsSnapshotAt(500), false);
    assert.strictEqual(store.wantsSnapshotAt(19_000), false, 'at distance 81000 the wanted spacing is 20250');
    assert.strictEqual(store.wantsSnapshotAt(21_000), true);
    store.take(99_000, testState(99_000), ram, 0);
    assert.strictEqual(store.wantsSnapshotAt(99_900), false);
    assert.strictEqual(store.wantsSnapshotAt(100_000), true);
  });

  it('keeps a logarithmic shape behind the live edge within the count limit', function () {
    const store = new SnapshotStore({ maxSnapshots: 40, nearSpacing: NEAR, perOctave: PER_OCTAVE });
    record(store, new TestRam(16), 0, 2_000_000);
    const ics = store.list().map((s) => s.icount);
    assert.strictEqual(ics.length, 40);
    assert.strictEqual(ics[0], 0, 'the first snapshot is kept');
    assert.strictEqual(ics[ics.length - 1], 2_000_000, 'the newest is kept');
    for (const { icount, distance, gap } of intervals(store, 2_000_000)) {
      if (distance <= 8 * NEAR) {
        assert.ok(gap <= 2 * NEAR, `near the cursor: gap ${gap} after ${icount}`);
      } else {
        // Interval proportional to distance: about 1/perOctave of it.
        assert.ok(gap <= (2 / PER_OCTAVE) * distance && gap >= distance / (4 * PER_OCTAVE), `gap ${gap} at distance ${distance}`);
      }
    }
    // Every doubling of the distance holds snapshots; none holds many.
    for (let lo = NEAR; lo < 1_000_000; lo *= 2) {
      const n = ics.filter((i) => 2_000_000 - i >= lo && 2_000_000 - i < 2 * lo).length;
      assert.ok(n >= 1 && n <= 2 * PER_OCTAVE, `${n} snapshots at distance [${lo}, ${2 * lo})`);
    }
  });

  it('after a seek into the past, grows dense around the new cursor and keeps the one just behind it', function () {
    const store = new SnapshotStore({ maxSnapshots: 40, nearSpacing: NEAR, perOctave: PER_OCTAVE });
    const ram = new TestRam(16);
    record(store, ram, 0, 2_000_000);
    // seek(500500): restore the nearest snapshot at or before it, re-execute taking what the policy wants.
    const target = 500_500;
    store.cursor = target;
    const from = store.nearestAtOrBefore(target);
    assert.ok(from);
    store.restore(from, ram);
    record(store, ram, from.icount + NEAR, target);
    const behind = store.nearestAtOrBefore(target - 1);
    assert.ok(behind && target - behind.icount <= NEAR, `a snapshot within ${NEAR} behind the cursor (${behind?.icount})`);
    const near = store.list().filter((s) => Math.abs(s.icount - target) <= 16 * NEAR).length;
    assert.ok(near >= 8, `${near} snapshots within 16000 of the cursor`);
    assert.strictEqual(store.list()[0].icount, 0);
    assert.ok(store.list().length <= 40);
    // Repeated reverse steps: the cursor moves back; the snapshot serving it is never dropped.
    for (let step = 1; step <= 200; step++) {
      store.cursor = target - step;
      const serving = store.nearestAtOrBefore(target - step - 1);
      ram.write(0, step & 0xff);
      store.take(3_000_000 + step, testState(step), ram, 0);
      assert.ok(serving && !serving.dropped, `step ${step}: the snapshot behind the cursor survives`);
    }
  });

  it('stays within the memory budget, dropping by the policy but never the first snapshot', function () {
    const budget = 1024 * 1024;
    const store = new SnapshotStore({ budgetBytes: budget, nearSpacing: NEAR, perOctave: PER_OCTAVE });
    const ram = new TestRam(64);
    for (let k = 0; k < 300; k++) {
      ram.stamp((k * 2) % 64, k);
      ram.stamp((k * 2 + 1) % 64, k);
      store.take(k * NEAR, testState(k), ram, k);
      assert.ok(store.memoryBytes <= budget, `after take ${k}: ${store.memoryBytes} > ${budget}`);
      assert.strictEqual(store.list()[0].icount, 0);
    }
    const n = store.list().length;
    assert.ok(n >= 20 && n < 300, `${n} snapshots kept`);
    // Intervals still grow with distance from the newest.
    const gaps = intervals(store, 299 * NEAR);
    assert.ok(gaps[0].gap > gaps[gaps.length - 1].gap * 4, `oldest interval ${gaps[0].gap}, newest ${gaps[gaps.length - 1].gap}`);
  });

  it('rejects an unusable policy', function () {
    assert.throws(() => new SnapshotStore({ budgetBytes: 0 }), SnapshotError);
    assert.throws(() => new SnapshotStore({ maxSnapshots: 1 }), SnapshotError);
    assert.throws(() => new SnapshotStore({ perOctave: 0 }), SnapshotError);
  });
});
