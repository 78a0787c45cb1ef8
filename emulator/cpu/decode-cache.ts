// The decoded-instruction cache. Each RAM page that has been executed from
// gets a DecodedPage: one slot per halfword holding the decoded slot word
// (interpreter.ts: op, length, registers), followed by one slot per
// halfword holding the immediate. A slot is filled the first time its pc
// is executed and cleared when the bytes under it change: by a guest store
// (slot-granular, so data sharing a page with code costs little), by
// fence.i, or by invalidateCode for writes from outside the hart.
import { PAGE_SHIFT, PAGE_SIZE } from '../contracts';
import { SLOTS } from './interpreter';

/** Slot words then immediates, SLOTS each (zero = not decoded). */
export type DecodedPage = Int32Array;

export class CodeCache {
  private readonly pages: (DecodedPage | null)[];
  /** 1 for RAM pages that have a DecodedPage (stores to them must invalidate). */
  readonly isCode: Uint8Array;

  constructor(ramPages: number) {
    this.pages = new Array<DecodedPage | null>(ramPages).fill(null);
    this.isCode = new Uint8Array(ramPages);
  }

  /** The page's decoded slots, or null when nothing was ever decoded there. */
  existing(pageIndex: number): DecodedPage | null {
    return this.pages[pageIndex];
  }

  create(pageIndex: number): DecodedPage {
    const page = new Int32Array(SLOTS * 2);
    this.pages[pageIndex] = page;
    this.isCode[pageIndex] = 1;
    return page;
  }

  /**
   * Forgets decodings overlapping RAM bytes [ramOff, ramOff + length). A
   * 32-bit instruction starting one halfword before the range overlaps it.
   */
  invalidate(ramOff: number, length: number): void {
    if (length <= 0) return;
    const end = ramOff + length; // exclusive
    let first = Math.max(0, ramOff - 2);
    while (first < end) {
      const index = first >>> PAGE_SHIFT;
      const pageStart = index * PAGE_SIZE;
      const stop = Math.min(end, pageStart + PAGE_SIZE);
      const page = index < this.pages.length ? this.pages[index] : null;
      if (page !== null) {
        page.fill(0, (first - pageStart) >>> 1, ((stop - 1 - pageStart) >>> 1) + 1);
      }
      first = stop;
    }
  }

  /** fence.i and state loads: every decoding is dropped (pages stay allocated). */
  clearAll(): void {
    for (const page of this.pages) if (page !== null) page.fill(0, 0, SLOTS);
  }
}
