// The snapshot store (ARCHITECTURE.md: snapshots, savevm/loadvm): complete
// machine snapshots at chosen icounts, RAM shared copy-on-write between
// them, restored by writing back only the pages that differ, thinned by the
// checkpoint policy within a memory budget.
//
// The store remembers which snapshot the live RAM last matched (its "base":
// the last one taken or restored). RAM's dirty flags then mark exactly the
// pages written since, so taking copies only those pages, and restoring
// writes only the dirty pages plus the pages whose references differ
// between the base and the target.

import { GuestRam, PAGE_SIZE, SavedState } from '../contracts';
import { SnapshotError } from './errors';
import { GROUP_PAGES, Page, PageDirectory, PageGroup, PagePool, RamPages } from './pages';
import { CheckpointPolicy, DEFAULT_POLICY, checkPolicy, chooseVictim, wantsSnapshot } from './policy';
import { decodeState, encodeState } from './stateCodec';

// Approximate bytes of JS objects around the data, for the memory account.
const PAGE_OVERHEAD = 160;
const GROUP_OVERHEAD = 64;
const SNAPSHOT_OVERHEAD = 160;
const REFERENCE_BYTES = 8;

/** One snapshot: the machine at `icount`. Obtain from SnapshotStore; treat as read-only. */
export class Snapshot {
  private isDropped = false;

  constructor(
    /** Unique within its store, in creation order. */
    readonly id: number,
    readonly icount: number,
    /** Where replay resumes in the log (event index or byte offset; the engine's choice). */
    readonly logPosition: number,
    /** RAM page table; shared with other snapshots. */
    readonly directory: PageDirectory,
    /** The machine state as JSON text (see stateCodec). */
    readonly stateText: string,
  ) {}

  get dropped(): boolean {
    return this.isDropped;
  }

  markDropped(): void {
    this.isDropped = true;
  }

  /** A fresh copy of the machine state, for the machine's loadState. */
  state(): SavedState {
    return decodeState(this.stateText);
  }

  /** The RAM page at `index` as held by this snapshot (read-only). */
  page(index: number): Uint8Array {
    return this.directory[Math.floor(index / GROUP_PAGES)].pages[index % GROUP_PAGES].bytes;
  }
}

export interface SnapshotStoreStats {
  readonly snapshots: number;
  /** Distinct RAM pages held, and their bytes. */
  readonly pages: number;
  readonly pageBytes: number;
  /** Bytes of machine state text across snapshots. */
  readonly stateBytes: number;
  /** Everything held, including page tables: what the budget limits. */
  readonly memoryBytes: number;
  /** Pages the last take() copied, and the last restore() wrote into RAM. */
  readonly lastTakePagesCopied: number;
  readonly lastRestorePagesWritten: number;
}

export type SnapshotStoreOptions = Partial<CheckpointPolicy>;

export class SnapshotStore {
  readonly policy: CheckpointPolicy;
  /**
   * Where the user is in time. The policy keeps snapshots dense around it.
   * Undefined means "the newest snapshot" (recording at the live edge).
   */
  cursor: number | undefined;

  private readonly pool = new PagePool();
  private readonly snapshots: Snapshot[] = [];
  private pageCount: number | undefined;
  private base: PageDirectory | undefined;
  private baseRam: GuestRam | undefined;
  private nextId = 1;
  private stateBytes = 0;
  private tableBytes = 0;
  private lastTakeCopied = 0;
  private lastRestoreWritten = 0;

  constructor(options: SnapshotStoreOptions = {}) {
    const policy = { ...DEFAULT_POLICY, ...options };
    const problem = checkPolicy(policy);
    if (problem) throw new SnapshotError('invalid-argument', problem);
    this.policy = policy;
  }

  /** RAM pages per snapshot, once the first RAM has been seen. */
  get ramPages(): number | undefined {
    return this.pageCount;
  }

  /** Bytes held: distinct pages, page tables and machine states. */
  get memoryBytes(): number {
    const p = this.pool;
    return p.livePages * (PAGE_SIZE + PAGE_OVERHEAD) + p.liveGroups * GROUP_OVERHEAD + p.liveGroupEntries * REFERENCE_BYTES + this.tableBytes + this.stateBytes;
  }

  stats(): SnapshotStoreStats {
    return {
      snapshots: this.snapshots.length,
      pages: this.pool.livePages,
      pageBytes: this.pool.livePages * PAGE_SIZE,
      stateBytes: this.stateBytes,
      memoryBytes: this.memoryBytes,
      lastTakePagesCopied: this.lastTakeCopied,
      lastRestorePagesWritten: this.lastRestoreWritten,
    };
  }

  /** The snapshots, oldest first. */
  list(): readonly Snapshot[] {
    return [...this.snapshots];
  }

  /** The cursor the policy uses: the one set, else the newest snapshot's icount. */
  get effectiveCursor(): number {
    return this.cursor ?? (this.snapshots.length ? this.snapshots[this.snapshots.length - 1].icount : 0);
  }

  /** The snapshot with the greatest icount <= `icount`. */
  nearestAtOrBefore(icount: number): Snapshot | undefined {
    const i = this.lastIndexAtOrBefore(icount);
    return i >= 0 ? this.snapshots[i] : undefined;
  }

  /** Whether the policy wants a snapshot at `icount` (call at run-slice boundaries). */
  wantsSnapshotAt(icount: number): boolean {
    return wantsSnapshot(this.nearestAtOrBefore(icount)?.icount, icount, this.effectiveCursor, this.policy);
  }

  /**
   * Takes a snapshot of the machine at `icount`: `state` is the machine's
   * saved state (plain data; kept as text), `ram` the live RAM. Copies only
   * the pages dirtied since the base, then clears the dirty flags. Replaces a
   * snapshot already at `icount`. May drop older snapshots (or, if the policy
   * values it least, this one) to stay within the budget.
   */
  take(icount: number, state: SavedState, ram: GuestRam, logPosition: number): Snapshot {
    if (!Number.isSafeInteger(icount) || icount < 0) throw new SnapshotError('invalid-argument', `icount ${icount} is not an integer in 0..2^53-1`);
    if (!Number.isSafeInteger(logPosition) || logPosition < 0) throw new SnapshotError('invalid-argument', `log position ${logPosition} is not an integer in 0..2^53-1`);
    this.checkRam(ram);
    const stateText = encodeState(state);
    const directory = this.base && this.baseRam === ram ? this.captureDirty(ram, this.base) : this.captureAll(ram, this.base);
    ram.dirtyPages.fill(0);
    const snapshot = new Snapshot(this.nextId++, icount, logPosition, directory, stateText);
    this.pool.retain(directory);
    this.stateBytes += stateText.length;
    this.tableBytes += SNAPSHOT_OVERHEAD + directory.length * REFERENCE_BYTES;
    const at = this.lastIndexAtOrBefore(icount);
    if (at >= 0 && this.snapshots[at].icount === icount) {
      this.release(this.snapshots[at]);
      this.snapshots[at] = snapshot;
    } else {
      this.snapshots.splice(at + 1, 0, snapshot);
    }
    this.setBase(directory, ram);
    this.enforcePolicy();
    return snapshot;
  }

  /**
   * Makes `ram` hold exactly the snapshot's RAM, writing only pages that can
   * differ, clears the dirty flags, and returns a fresh copy of the machine
   * state for the machine's loadState.
   */
  restore(snapshot: Snapshot, ram: GuestRam): SavedState {
    if (snapshot.dropped || this.snapshots[this.lastIndexAtOrBefore(snapshot.icount)] !== snapshot) throw new SnapshotError('dropped', `the snapshot at icount ${snapshot.icount} is not in this store`);
    this.checkRam(ram);
    const state = snapshot.state();
    const live = new RamPages(ram.bytes);
    const dirty = ram.dirtyPages;
    const target = snapshot.directory;
    const base = this.base && this.baseRam === ram ? this.base : undefined;
    let written = 0;
    for (let g = 0; g < target.length; g++) {
      const pages = target[g].pages;
      const first = g * GROUP_PAGES;
      const basePages = base ? base[g].pages : undefined;
      for (let i = 0; i < pages.length; i++) {
        const index = first + i;
        if (basePages && dirty[index] === 0 && basePages[i] === pages[i]) continue;
        live.copyIn(index, pages[i]);
        written++;
      }
    }
    dirty.fill(0);
    this.setBase(target, ram);
    this.lastRestoreWritten = written;
    return state;
  }

  /** Removes a snapshot (no-op if already dropped). */
  drop(snapshot: Snapshot): void {
    const i = this.snapshots.indexOf(snapshot);
    if (i < 0) return;
    this.snapshots.splice(i, 1);
    this.release(snapshot);
  }

  /** Removes every snapshot after `icount` (the future changed: a branch); returns how many. */
  dropAfter(icount: number): number {
    const keep = this.lastIndexAtOrBefore(icount) + 1;
    const gone = this.snapshots.splice(keep);
    for (const s of gone) this.release(s);
    return gone.length;
  }

  /**
   * Adds a snapshot built elsewhere (the snapshot file reader), keeping
   * order. Its directory must come from pages of the right geometry.
   */
  adopt(icount: number, logPosition: number, stateText: string, directory: PageDirectory, pageCount: number): Snapshot {
    if (this.pageCount === undefined) this.pageCount = pageCount;
    if (pageCount !== this.pageCount) throw new SnapshotError('invalid-argument', `snapshot of ${pageCount} pages does not fit a store of ${this.pageCount}`);
    const snapshot = new Snapshot(this.nextId++, icount, logPosition, directory, stateText);
    this.pool.retain(directory);
    this.stateBytes += stateText.length;
    this.tableBytes += SNAPSHOT_OVERHEAD + directory.length * REFERENCE_BYTES;
    const at = this.lastIndexAtOrBefore(icount);
    if (at >= 0 && this.snapshots[at].icount === icount) throw new SnapshotError('invalid-argument', `two snapshots at icount ${icount}`);
    this.snapshots.splice(at + 1, 0, snapshot);
    return snapshot;
  }

  /** The shared all-zero page (the file reader maps zero pages to it). */
  get zeroPage(): Page {
    return this.pool.zero;
  }

  private icounts(): number[] {
    return this.snapshots.map((s) => s.icount);
  }

  /** Index of the last snapshot with icount <= `icount`, or -1 (binary search: called every run slice). */
  private lastIndexAtOrBefore(icount: number): number {
    let lo = 0;
    let hi = this.snapshots.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.snapshots[mid].icount <= icount) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  private release(snapshot: Snapshot): void {
    snapshot.markDropped();
    this.pool.release(snapshot.directory);
    this.stateBytes -= snapshot.stateText.length;
    this.tableBytes -= SNAPSHOT_OVERHEAD + snapshot.directory.length * REFERENCE_BYTES;
  }

  /** Drops snapshots by the policy until within budget and count (take() does this itself). */
  enforcePolicy(): void {
    while (this.snapshots.length > this.policy.maxSnapshots || this.memoryBytes > this.policy.budgetBytes) {
      const victim = chooseVictim(this.icounts(), this.effectiveCursor, this.policy);
      if (victim < 0) return;
      this.release(this.snapshots.splice(victim, 1)[0]);
    }
  }

  private setBase(directory: PageDirectory, ram: GuestRam): void {
    // The base holds its own references, so dropping its snapshot keeps the pages RAM is compared against.
    this.pool.retain(directory);
    if (this.base) this.pool.release(this.base);
    this.base = directory;
    this.baseRam = ram;
  }

  private checkRam(ram: GuestRam): void {
    const pages = ram.size / PAGE_SIZE;
    if (!Number.isInteger(pages) || pages < 1 || ram.bytes.length !== ram.size || ram.dirtyPages.length !== pages) {
      throw new SnapshotError('invalid-argument', `RAM of ${ram.size} bytes with ${ram.bytes.length} bytes and ${ram.dirtyPages.length} dirty flags is not whole ${PAGE_SIZE}-byte pages`);
    }
    if (this.pageCount === undefined) this.pageCount = pages;
    else if (pages !== this.pageCount) throw new SnapshotError('invalid-argument', `RAM has ${pages} pages; this store's snapshots have ${this.pageCount}`);
  }

  /** A page for RAM page `index`: the previous page if unchanged, the zero page, or a copy. */
  private capture(live: RamPages, index: number, previous: Page | undefined): Page {
    if (previous && live.equals(index, previous)) return previous;
    if (live.isZero(index)) return this.pool.zero;
    this.lastTakeCopied++;
    return live.copyOut(index);
  }

  private captureDirty(ram: GuestRam, base: PageDirectory): PageDirectory {
    const live = new RamPages(ram.bytes);
    const dirty = ram.dirtyPages;
    this.lastTakeCopied = 0;
    const directory: PageGroup[] = new Array<PageGroup>(base.length);
    for (let g = 0; g < base.length; g++) {
      const old = base[g];
      const first = g * GROUP_PAGES;
      let pages: Page[] | undefined;
      for (let i = 0; i < old.pages.length; i++) {
        if (dirty[first + i] === 0) continue;
        const page = this.capture(live, first + i, old.pages[i]);
        if (page === old.pages[i]) continue;
        pages ??= old.pages.slice();
        pages[i] = page;
      }
      directory[g] = pages ? { pages, refs: 0 } : old;
    }
    return directory;
  }

  private captureAll(ram: GuestRam, base: PageDirectory | undefined): PageDirectory {
    const live = new RamPages(ram.bytes);
    const total = ram.dirtyPages.length;
    this.lastTakeCopied = 0;
    const directory: PageGroup[] = [];
    for (let first = 0; first < total; first += GROUP_PAGES) {
      const old = base?.[first / GROUP_PAGES];
      const pages: Page[] = [];
      for (let index = first; index < Math.min(total, first + GROUP_PAGES); index++) {
        pages.push(this.capture(live, index, old?.pages[index - first]));
      }
      directory.push(old && pages.every((p, i) => p === old.pages[i]) ? old : { pages, refs: 0 });
    }
    return directory;
  }
}
