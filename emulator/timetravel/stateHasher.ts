// The machine-state hash written in CHECKPOINT events (docs/replay-log.md)
// and compared on replay to detect divergence. Hashing all of a 128 MiB RAM
// every checkpoint would cost hundreds of ms, so RAM enters through a digest
// per 4 KiB page, recomputed only for pages that may have changed since the
// last hash: SHA-256 over the canonical JSON of the machine's saved state
// (CPU, clock, devices) followed by the page digests.
//
// Which pages changed: RAM's dirty flags belong to the snapshot store, which
// clears them in take() and restore(). The engine is their only caller, so
// it folds the flags into this hasher's own `stale` set just before each of
// those calls (absorbDirty), and on restore also marks every page whose
// content the snapshot replaces: the pages where the snapshot's page table
// differs from the store's base (the last snapshot taken or restored, whose
// table the engine remembers), which is exactly the set the store may write.
// At a checkpoint the live flags are folded in too (without clearing them),
// so no write escapes either consumer.
import { createHash } from 'crypto';
import { GuestRam, PAGE_SIZE } from '../contracts';
import { canonicalJson } from '../machine/canonical';
import type { Machine } from '../machine/machine';
import { GROUP_PAGES } from '../snapshot';
import type { Snapshot } from '../snapshot';

const PAGE_DIGEST_BYTES = 20;

type PageTable = Snapshot['directory'];

export class StateHasher {
  private readonly digests: Uint8Array;
  private readonly stale: Uint8Array;
  private readonly pageCount: number;
  /** Page table of the store's base (see the header); undefined before the first take/restore. */
  private base: PageTable | undefined;
  /** Pages rehashed by the last stateHash() (for benchmarks). */
  lastRehashed = 0;

  /**
   * `ram` must be as built (all zero): every page starts with the zero
   * page's digest, and the loader's writes are in the dirty flags.
   */
  constructor(private readonly ram: GuestRam) {
    this.pageCount = ram.size / PAGE_SIZE;
    this.digests = new Uint8Array(this.pageCount * PAGE_DIGEST_BYTES);
    this.stale = new Uint8Array(this.pageCount);
    const zero = pageDigest(new Uint8Array(PAGE_SIZE));
    for (let i = 0; i < this.pageCount; i++) this.digests.set(zero, i * PAGE_DIGEST_BYTES);
  }

  /** Call right before the snapshot store clears RAM's dirty flags. */
  absorbDirty(): void {
    const dirty = this.ram.dirtyPages;
    const stale = this.stale;
    for (let i = 0; i < dirty.length; i++) stale[i] |= dirty[i];
  }

  /** Call right after store.take(): its page table is now the base. */
  tookSnapshot(snapshot: Snapshot): void {
    this.base = snapshot.directory;
  }

  /** Call right before store.restore(snapshot): marks the pages the restore may rewrite. */
  restoring(snapshot: Snapshot): void {
    this.absorbDirty();
    const target = snapshot.directory;
    const base = this.base;
    this.base = target;
    if (base === undefined || base.length !== target.length) {
      this.stale.fill(1);
      return;
    }
    for (let g = 0; g < target.length; g++) {
      if (base[g] === target[g]) continue;
      const was = base[g].pages;
      const now = target[g].pages;
      const first = g * GROUP_PAGES;
      for (let i = 0; i < now.length; i++) if (was[i] !== now[i]) this.stale[first + i] = 1;
    }
  }

  /** SHA-256 (32 bytes) of the whole machine: saved state, then RAM through its page digests. */
  stateHash(machine: Machine): Uint8Array {
    this.absorbDirty();
    const { stale, digests } = this;
    const bytes = this.ram.bytes;
    let rehashed = 0;
    for (let i = 0; i < this.pageCount; i++) {
      if (stale[i] === 0) continue;
      digests.set(pageDigest(bytes.subarray(i * PAGE_SIZE, (i + 1) * PAGE_SIZE)), i * PAGE_DIGEST_BYTES);
      stale[i] = 0;
      rehashed++;
    }
    this.lastRehashed = rehashed;
    const hash = createHash('sha256');
    hash.update(canonicalJson(machine.saveState()));
    hash.update(digests);
    return new Uint8Array(hash.digest());
  }
}

function pageDigest(page: Uint8Array): Uint8Array {
  return createHash('sha1').update(page).digest();
}
