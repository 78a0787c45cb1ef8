// Software TLBs: direct-mapped caches from virtual page number to a RAM
// page, one set per effective privilege mode so that a trap or xRET only
// switches sets. An entry exists only when the whole 4 KiB page may be
// accessed that way in that mode (translation and PMP both allow it, the
// page is RAM), so a hit needs no further checks except one: a store onto a
// page holding decoded code or page-table entries must go through
// Hart.watchedPageWritten. Entries are dropped on satp writes, sfence.vma,
// PMP writes, SUM/MXR changes, watchpoint changes, state loads, and stores
// to page-table pages: translation is always what a fresh walk would give
// (the spec allows that, and it keeps replays after a snapshot restore
// identical even for a guest that skips sfence.vma).

export const DATA_TLB_ENTRIES = 256;
export const FETCH_TLB_ENTRIES = 64;

export class DataTlb {
  /** Virtual page number cached in each entry, -1 when empty. */
  readonly readTag = new Int32Array(DATA_TLB_ENTRIES).fill(-1);
  /** Byte offset in RAM of the page's first byte. */
  readonly readOff = new Int32Array(DATA_TLB_ENTRIES);
  readonly writeTag = new Int32Array(DATA_TLB_ENTRIES).fill(-1);
  readonly writeOff = new Int32Array(DATA_TLB_ENTRIES);

  flush(): void {
    this.readTag.fill(-1);
    this.writeTag.fill(-1);
  }
}

export class FetchTlb {
  readonly tag = new Int32Array(FETCH_TLB_ENTRIES).fill(-1);
  /** The decoded page for the entry (see decode-cache.ts). */
  readonly code: (Int32Array | null)[] = new Array<Int32Array | null>(FETCH_TLB_ENTRIES).fill(null);
  readonly off = new Int32Array(FETCH_TLB_ENTRIES);

  flush(): void {
    this.tag.fill(-1);
    this.code.fill(null);
  }
}
