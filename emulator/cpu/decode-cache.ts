// The decoded-instruction cache. Each RAM page that has been executed from
// gets a DecodedPage: one slot per halfword holding the decoded slot word
// (interpreter.ts: op, length, registers), then one per halfword holding the
// immediate, then one per halfword counting how often the interpreter ran
// it (to find code worth compiling). Slots are filled the first time their
// pc is executed and cleared when the bytes under them change: by a guest
// store (slot-granular, so data sharing a page with code costs little), by
// fence.i, or by invalidateCode for writes from outside the hart. Compiled
// regions (block-compiler.ts) are registered here too, and dropped when any
// instruction they cover is invalidated.
import { PAGE_SHIFT, PAGE_SIZE } from '../contracts';
import { SLOTS } from './interpreter';

/**
 * Flags per RAM page that make a store to it special (tested on every store
 * fast path): decoded code lives there, or page-table entries were read
 * from there (a store then drops cached translations, so that translation
 * is always what a fresh walk would give: deterministic after a snapshot
 * restore, whatever the guest does without sfence.vma).
 */
export const PAGE_HAS_CODE = 1;
export const PAGE_HAS_PTES = 2;

/**
 * Slot words, immediates and execution counts, SLOTS each (word zero = not
 * decoded), then the page's RAM words as last decoded from (SOURCE_WORDS).
 */
export type DecodedPage = Int32Array;
export const IMM = SLOTS;
export const HEAT = 2 * SLOTS;
export const SOURCE = 3 * SLOTS;
export const SOURCE_WORDS = SLOTS / 2;
export const DECODED_PAGE_WORDS = SOURCE + SOURCE_WORDS;

/**
 * Compiled code for a region of one page: runs guest instructions from the
 * start of block `block` until the budget end, an exit, or a slow path.
 * Returns the new icount and leaves the next pc in h.pcValue.
 */
export type RegionCode<H> = (h: H, icount: number, end: number, block: number) => number;

/** Blocks per region are numbered below this (a slot's immediate holds id * MAX_BLOCKS + block). */
export const MAX_BLOCKS = 256;

export interface CompiledRegion<H> {
  readonly run: RegionCode<H>;
  readonly pageIndex: number;
  /**
   * The virtual page the code was compiled for (pc values are built in).
   * When the same RAM page runs under another mapping, the interpreter
   * runs it instead.
   */
  readonly vpn: number;
  /**
   * By block number: the slot where the block starts, if that slot was made
   * an entry of this region (-1 otherwise), and the slot's own decoding, for
   * when the region cannot be used there.
   */
  readonly entrySlots: number[];
  readonly entryW: number[];
  readonly entryImm: number[];
  /** Slots of the instructions compiled (the interpreter stops counting them). */
  readonly covered: number[];
  /** Slots covered (inclusive), to find regions hit by an invalidation. */
  readonly firstSlot: number;
  readonly lastSlot: number;
  id: number;
  /**
   * The region's code for a breakpoint set on its page: `run` when no
   * breakpoint falls in it, else a variant whose blocks holding one leave
   * to the interpreter at their start (cached per breakpoint set).
   */
  breakpointGeneration: number;
  breakpointRun: RegionCode<H>;
  /** By block: whether breakpointRun leaves at its start (it holds a breakpoint). */
  breakpointCut: readonly boolean[];
  /** Slots of the instructions of each block (block-compiler numbering). */
  readonly blockSlots: readonly (readonly number[])[];
  /** Generates the code again with the blocks flagged in `cut` leaving at their start. */
  readonly withCutBlocks: (cut: readonly boolean[]) => RegionCode<H>;
}

export class CodeCache<H> {
  private readonly pages: (DecodedPage | null)[];
  private readonly regionsOf: (CompiledRegion<H>[] | null)[];
  /** Regions by id (the id sits in the entry slot's immediate). */
  readonly regions: (CompiledRegion<H> | null)[] = [];
  private readonly freeIds: number[] = [];
  /** Indexes of the pages that have a DecodedPage, in creation order. */
  private readonly created: number[] = [];
  /**
   * `pageFlags` is the hart's per-RAM-page flags; pages with decoded code
   * get PAGE_HAS_CODE. `ram32` is all of RAM as words.
   */
  constructor(ramPages: number, private readonly pageFlags: Uint8Array, private readonly ram32: Int32Array) {
    this.pages = new Array<DecodedPage | null>(ramPages).fill(null);
    this.regionsOf = new Array<CompiledRegion<H>[] | null>(ramPages).fill(null);
  }

  /** The page's decoded slots, or null when nothing was ever decoded there. */
  existing(pageIndex: number): DecodedPage | null {
    return this.pages[pageIndex];
  }

  create(pageIndex: number): DecodedPage {
    const page = new Int32Array(DECODED_PAGE_WORDS);
    // The words as they are now: words never decoded must not look changed to revalidate.
    page.set(this.ram32.subarray(pageIndex * SOURCE_WORDS, (pageIndex + 1) * SOURCE_WORDS), SOURCE);
    this.pages[pageIndex] = page;
    this.created.push(pageIndex);
    this.pageFlags[pageIndex] |= PAGE_HAS_CODE;
    return page;
  }

  /** Registers a compiled region and returns its id. */
  addRegion(region: CompiledRegion<H>): number {
    const id = this.freeIds.length !== 0 ? this.freeIds.pop()! : this.regions.length;
    region.id = id;
    this.regions[id] = region;
    const list = this.regionsOf[region.pageIndex] ?? (this.regionsOf[region.pageIndex] = []);
    list.push(region);
    return id;
  }

  private dropRegion(region: CompiledRegion<H>, page: DecodedPage): void {
    for (const slot of region.entrySlots) if (slot >= 0) page[slot] = 0; // decoded afresh next time
    // Its instructions count again from zero, so hot code is compiled again.
    for (const slot of region.covered) page[HEAT + slot] = 0;
    this.regions[region.id] = null;
    this.freeIds.push(region.id);
  }

  /**
   * Forgets decodings (and compiled regions) overlapping RAM bytes
   * [ramOff, ramOff + length). A 32-bit instruction starting one halfword
   * before the range overlaps it. Returns true when anything was dropped.
   */
  invalidate(ramOff: number, length: number): boolean {
    if (length <= 0) return false;
    let dropped = false;
    const end = ramOff + length; // exclusive
    let first = Math.max(0, ramOff - 2);
    while (first < end) {
      const index = first >>> PAGE_SHIFT;
      const pageStart = index * PAGE_SIZE;
      const stop = Math.min(end, pageStart + PAGE_SIZE);
      const page = index < this.pages.length ? this.pages[index] : null;
      if (page !== null) {
        const lo = (first - pageStart) >>> 1, hi = (stop - 1 - pageStart) >>> 1;
        for (let s = lo; s <= hi; s++) {
          if (page[s] !== 0) { page[s] = 0; page[HEAT + s] = 0; dropped = true; }
        }
        const list = this.regionsOf[index];
        if (list !== null) {
          const keep = list.filter((r) => r.lastSlot < lo || r.firstSlot > hi);
          if (keep.length !== list.length) {
            for (const r of list) if (!keep.includes(r)) this.dropRegion(r, page);
            this.regionsOf[index] = keep.length !== 0 ? keep : null;
            dropped = true;
          }
        }
      }
      first = stop;
    }
    return dropped;
  }

  /**
   * After RAM may have changed without the cache being told (a snapshot
   * restore): drops the decodings and regions of every word of a decoded
   * page that differs from the words it was decoded from. Returns the
   * number of words found changed.
   */
  revalidate(): number {
    const ram32 = this.ram32;
    let changed = 0;
    for (const index of this.created) {
      const page = this.pages[index];
      if (page === null) continue;
      const at = index * SOURCE_WORDS;
      let w = 0;
      while (w < SOURCE_WORDS) {
        if (page[SOURCE + w] === ram32[at + w]) { w++; continue; }
        const first = w;
        while (w < SOURCE_WORDS && page[SOURCE + w] !== ram32[at + w]) {
          page[SOURCE + w] = ram32[at + w];
          w++;
        }
        changed += w - first;
        this.invalidate((at + first) * 4, (w - first) * 4);
      }
    }
    return changed;
  }

  /** fence.i and reset: every decoding and region is dropped (pages stay allocated). */
  clearAll(): void {
    for (let i = 0; i < this.pages.length; i++) {
      const page = this.pages[i];
      if (page === null) continue;
      page.fill(0, 0, SLOTS);
      page.fill(0, HEAT, HEAT + SLOTS);
      this.regionsOf[i] = null;
    }
    this.regions.length = 0;
    this.freeIds.length = 0;
  }
}
