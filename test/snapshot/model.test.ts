// Random sequences of RAM writes, snapshots, restores, drops and RAM swaps
// (fixed seed) checked against a reference model that keeps a full copy of
// RAM per snapshot: every restore must give exactly the copy, and the pages
// the store counts must be exactly the distinct pages its snapshots use.

import * as assert from 'assert';
import { PAGE_SIZE } from '../../emulator/contracts';
import { Snapshot, SnapshotStore } from '../../emulator/snapshot';
import { Prng, TestRam, testState } from './helpers';

function distinctPages(store: SnapshotStore): number {
  const seen = new Set<unknown>();
  for (const s of store.list()) for (const g of s.directory) for (const p of g.pages) seen.add(p);
  return seen.size;
}

function runModel(seed: number, steps: number, pages: number, options: ConstructorParameters<typeof SnapshotStore>[0]): { restores: number; drops: number } {
  const rng = new Prng(seed);
  let ram = new TestRam(pages);
  const store = new SnapshotStore(options);
  const reference = new Map<Snapshot, Uint8Array>();
  let icount = 0;
  let restores = 0;
  let drops = 0;
  const take = (): void => {
    icount += 1 + rng.below(1000);
    const s = store.take(icount, testState(icount), ram, icount * 2);
    reference.set(s, ram.bytes.slice());
    assert.strictEqual(store.stats().pages, distinctPages(store), 'pages held = distinct pages of the snapshots (right after a take)');
  };
  take();
  for (let step = 0; step < steps; step++) {
    const op = rng.below(100);
    if (op < 45) {
      // A burst of writes: mostly a few hot pages, sometimes anywhere; some zero a page.
      const count = 1 + rng.below(20);
      for (let i = 0; i < count; i++) {
        const page = rng.below(4) === 0 ? rng.below(pages) : rng.below(4);
        if (rng.below(10) === 0) ram.fill(page * PAGE_SIZE, PAGE_SIZE, 0);
        else ram.write(page * PAGE_SIZE + rng.below(PAGE_SIZE), rng.u32() & 0xff);
      }
    } else if (op < 70) {
      take();
    } else if (op < 92) {
      const live = store.list();
      const target = live[rng.below(live.length)];
      const state = store.restore(target, ram);
      restores++;
      assert.deepStrictEqual(ram.bytes, reference.get(target), `step ${step}: RAM after restoring icount ${target.icount}`);
      assert.deepStrictEqual(state, testState(target.icount));
      assert.ok(ram.dirtyPages.every((d) => d === 0));
      icount = Math.max(icount, target.icount);
    } else if (op < 96) {
      const live = store.list();
      if (live.length > 1) {
        store.drop(live[1 + rng.below(live.length - 1)]);
        drops++;
      }
    } else if (op < 98) {
      // The machine rebuilt its RAM object (same contents, flags unknown).
      const fresh = new TestRam(pages);
      fresh.bytes.set(ram.bytes);
      ram = fresh;
    } else {
      const live = store.list();
      const cut = live[rng.below(live.length)].icount;
      store.dropAfter(cut);
      icount = Math.max(icount, cut);
    }
    for (const s of reference.keys()) if (s.dropped) reference.delete(s);
  }
  // Every snapshot still held restores exactly, in random order.
  const live = store.list();
  for (let i = 0; i < live.length; i++) {
    const s = live[rng.below(live.length)];
    store.restore(s, ram);
    assert.deepStrictEqual(ram.bytes, reference.get(s));
  }
  return { restores, drops };
}

describe('snapshot store against a reference model', function () {
  it('restores exactly across 3000 random operations (no budget pressure)', function () {
    const { restores } = runModel(1234, 3000, 96, {});
    assert.ok(restores > 500, `${restores} restores`);
  });

  it('restores exactly while the policy drops snapshots to stay within a small budget', function () {
    const { restores } = runModel(99, 3000, 300, { budgetBytes: 200 * 1024, maxSnapshots: 24, nearSpacing: 50 });
    assert.ok(restores > 500, `${restores} restores`);
  });
});
