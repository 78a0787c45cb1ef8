// Snapshot store benchmark: take and restore times for a 128 MiB guest RAM
// with N pages dirtied since the last snapshot, plus the first (full)
// snapshot and the snapshot file. Run: node --import tsx bench/snapshot.ts

import { GuestRam, PAGE_SIZE, SavedState } from '../emulator/contracts';
import { SnapshotStore, readSnapshotFile, writeSnapshotFile } from '../emulator/snapshot';

const RAM_BYTES = 128 * 1024 * 1024;
const PAGES = RAM_BYTES / PAGE_SIZE;

function makeRam(): GuestRam & { write(page: number, value: number): void } {
  const bytes = new Uint8Array(RAM_BYTES);
  const dirtyPages = new Uint8Array(PAGES);
  return {
    base: 0x80000000,
    size: RAM_BYTES,
    bytes,
    dirtyPages,
    write(page: number, value: number): void {
      // Touch a few words across the page, as a store-heavy guest would.
      for (let i = 0; i < PAGE_SIZE; i += 512) bytes[page * PAGE_SIZE + i] = value;
      dirtyPages[page] = 1;
    },
  };
}

function state(icount: number): SavedState {
  const regs = new Int32Array(32).map((_, i) => icount + i);
  return { kind: 'bench-machine', version: 1, pc: 0x80000000 + icount, regs, csrs: Array.from({ length: 40 }, (_, i) => i * icount) } as SavedState;
}

let seed = 12345;
function random(n: number): number {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed % n;
}

function ms(fn: () => void): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

console.log(`snapshot benchmark: ${RAM_BYTES >> 20} MiB RAM, ${PAGES} pages`);

{
  const ram = makeRam();
  for (let p = 0; p < 256; p++) ram.write(p, 1 + (p & 0x7f)); // a 1 MiB program image and data
  const store = new SnapshotStore();
  const t = ms(() => store.take(0, state(0), ram, 0));
  console.log(`first snapshot, 1 MiB non-zero: ${t.toFixed(1)} ms, store ${(store.memoryBytes / 2 ** 20).toFixed(2)} MiB`);
}
{
  const ram = makeRam();
  for (let i = 0; i < RAM_BYTES; i += 64) ram.bytes[i] = 1 + (i & 0x7f);
  const store = new SnapshotStore();
  const t = ms(() => store.take(0, state(0), ram, 0));
  console.log(`first snapshot, all pages non-zero: ${t.toFixed(1)} ms, store ${(store.memoryBytes / 2 ** 20).toFixed(1)} MiB`);
}

const ram = makeRam();
for (let p = 0; p < 256; p++) ram.write(p, 1);
const store = new SnapshotStore({ budgetBytes: 4 * 1024 * 1024 * 1024, maxSnapshots: 100_000 });
let icount = 0;
store.take(icount, state(icount), ram, 0);
console.log('dirty pages | take ms | restore previous ms | restore across 10 snapshots ms | store growth per take');
for (const n of [0, 1, 16, 256, 4096, 16384]) {
  const reps = n >= 4096 ? 5 : 50;
  let take = 0;
  let restorePrev = 0;
  let restoreFar = 0;
  let grown = 0;
  for (let r = 0; r < reps; r++) {
    const before = store.memoryBytes;
    for (let i = 0; i < n; i++) ram.write(random(PAGES), 1 + random(255));
    icount += 1_000_000;
    take += ms(() => store.take(icount, state(icount), ram, icount));
    grown += store.memoryBytes - before;
    // Run on: dirty n pages, then go back one snapshot.
    for (let i = 0; i < n; i++) ram.write(random(PAGES), 1 + random(255));
    const list = store.list();
    const previous = list[list.length - 1];
    restorePrev += ms(() => store.restore(previous, ram));
    const far = list[Math.max(0, list.length - 11)];
    restoreFar += ms(() => store.restore(far, ram));
    store.restore(previous, ram);
  }
  console.log(
    `${String(n).padStart(11)} | ${(take / reps).toFixed(3).padStart(7)} | ${(restorePrev / reps).toFixed(3).padStart(19)} | ${(restoreFar / reps).toFixed(3).padStart(30)} | ${((grown / reps) / 1024).toFixed(1)} KiB`,
  );
}
console.log(`store: ${store.list().length} snapshots, ${(store.memoryBytes / 2 ** 20).toFixed(1)} MiB held, ${store.stats().pages} distinct pages`);
let file: Uint8Array = new Uint8Array(0);
const tw = ms(() => (file = writeSnapshotFile(store, 'bench')));
const tr = ms(() => readSnapshotFile(file));
console.log(`snapshot file: ${(file.length / 2 ** 20).toFixed(1)} MiB, write ${tw.toFixed(0)} ms, read ${tr.toFixed(0)} ms`);
