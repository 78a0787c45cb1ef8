// Copy-on-write RAM pages shared between snapshots (ARCHITECTURE.md:
// snapshots). A snapshot's RAM is a two-level table: a directory of groups,
// each group a fixed run of page references. Pages and groups are immutable
// once built and reference-counted, so a snapshot that changed k pages
// costs k pages plus the groups holding them, and dropping a snapshot frees
// exactly what no other snapshot still uses. All-zero pages share one page.

import { PAGE_SIZE } from '../contracts';

/** Pages per group: 128 pages = 512 KiB of RAM; a 128 MiB RAM has 256 groups. */
export const GROUP_PAGES = 128;
export const WORDS_PER_PAGE = PAGE_SIZE >> 2;

/** One 4 KiB page of RAM contents; never written after it is made. */
export interface Page {
  /** The contents, as bytes and as 32-bit words (same memory). */
  readonly bytes: Uint8Array;
  readonly words: Int32Array;
  /** Groups that reference it. */
  refs: number;
}

export interface PageGroup {
  readonly pages: readonly Page[];
  /** Directories (snapshots, and the store's base) that reference it. */
  refs: number;
}

export type PageDirectory = readonly PageGroup[];

export function newPage(contents?: Uint8Array): Page {
  const buffer = new ArrayBuffer(PAGE_SIZE);
  const bytes = new Uint8Array(buffer);
  if (contents) bytes.set(contents);
  return { bytes, words: new Int32Array(buffer), refs: 0 };
}

/**
 * The live RAM seen as pages: word access when the byte array is 4-aligned
 * in its buffer (the usual case), byte access otherwise.
 */
export class RamPages {
  readonly words: Int32Array | undefined;

  constructor(readonly bytes: Uint8Array) {
    this.words = bytes.byteOffset % 4 === 0 ? new Int32Array(bytes.buffer, bytes.byteOffset, bytes.length >> 2) : undefined;
  }

  isZero(index: number): boolean {
    const w = this.words;
    if (w) {
      // Four words per step: this scan covers all of RAM for a first snapshot.
      for (let i = index * WORDS_PER_PAGE, end = i + WORDS_PER_PAGE; i < end; i += 4) {
        if ((w[i] | w[i + 1] | w[i + 2] | w[i + 3]) !== 0) return false;
      }
      return true;
    }
    for (let i = index * PAGE_SIZE, end = i + PAGE_SIZE; i < end; i++) if (this.bytes[i] !== 0) return false;
    return true;
  }

  equals(index: number, page: Page): boolean {
    const w = this.words;
    if (w) {
      const pw = page.words;
      for (let i = 0, at = index * WORDS_PER_PAGE; i < WORDS_PER_PAGE; i += 4, at += 4) {
        if (((w[at] ^ pw[i]) | (w[at + 1] ^ pw[i + 1]) | (w[at + 2] ^ pw[i + 2]) | (w[at + 3] ^ pw[i + 3])) !== 0) return false;
      }
      return true;
    }
    const pb = page.bytes;
    for (let i = 0, at = index * PAGE_SIZE; i < PAGE_SIZE; i++, at++) if (this.bytes[at] !== pb[i]) return false;
    return true;
  }

  copyOut(index: number): Page {
    return newPage(this.bytes.subarray(index * PAGE_SIZE, (index + 1) * PAGE_SIZE));
  }

  copyIn(index: number, page: Page): void {
    if (this.words) this.words.set(page.words, index * WORDS_PER_PAGE);
    else this.bytes.set(page.bytes, index * PAGE_SIZE);
  }
}

/** Counts what the live pages and groups hold, for the store's memory accounting. */
export class PagePool {
  /** The shared all-zero page. */
  readonly zero: Page = newPage();
  /** Pages referenced by at least one live group. */
  livePages = 0;
  /** Groups referenced by at least one directory, and their page references. */
  liveGroups = 0;
  liveGroupEntries = 0;

  retainGroup(group: PageGroup): void {
    if (group.refs++ !== 0) return;
    this.liveGroups++;
    this.liveGroupEntries += group.pages.length;
    for (const page of group.pages) if (page.refs++ === 0) this.livePages++;
  }

  releaseGroup(group: PageGroup): void {
    if (--group.refs !== 0) return;
    this.liveGroups--;
    this.liveGroupEntries -= group.pages.length;
    for (const page of group.pages) if (--page.refs === 0) this.livePages--;
  }

  retain(directory: PageDirectory): void {
    for (const group of directory) this.retainGroup(group);
  }

  release(directory: PageDirectory): void {
    for (const group of directory) this.releaseGroup(group);
  }
}
