// Guest RAM: one flat little-endian byte array at the board's DRAM base
// (QEMU hw/riscv/virt.c: VIRT_DRAM) with a dirty flag per 4 KiB page for the
// snapshot layer (emulator/contracts.ts: GuestRam). Every writer outside the
// hart goes through writeBytes so the flags stay right.
import { GuestRam, PAGE_SHIFT, PAGE_SIZE } from '../contracts';

export const MIB = 1024 * 1024;

export class FlatGuestRam implements GuestRam {
  readonly bytes: Uint8Array;
  readonly dirtyPages: Uint8Array;
  readonly pageCount: number;

  constructor(
    readonly base: number,
    readonly size: number,
  ) {
    if (!Number.isInteger(size) || size <= 0 || size % PAGE_SIZE !== 0) {
      throw new RangeError(`RAM size must be a positive multiple of ${PAGE_SIZE} bytes, got ${size}`);
    }
    if (base % PAGE_SIZE !== 0 || base + size > 2 ** 32) {
      throw new RangeError(`RAM [0x${base.toString(16)}, +0x${size.toString(16)}) does not fit the 32-bit physical address space`);
    }
    this.bytes = new Uint8Array(size);
    this.pageCount = size >>> PAGE_SHIFT;
    this.dirtyPages = new Uint8Array(this.pageCount);
  }

  /** True when [paddr, paddr + length) lies wholly inside RAM. */
  contains(paddr: number, length: number): boolean {
    const offset = paddr - this.base;
    return offset >= 0 && length >= 0 && offset + length <= this.size;
  }

  /** A copy of [paddr, paddr + length); the range must be inside RAM. */
  readBytes(paddr: number, length: number): Uint8Array {
    this.check(paddr, length);
    const offset = paddr - this.base;
    return this.bytes.slice(offset, offset + length);
  }

  /** Copies data to paddr and marks the pages it touched dirty. */
  writeBytes(paddr: number, data: Uint8Array): void {
    this.check(paddr, data.length);
    const offset = paddr - this.base;
    this.bytes.set(data, offset);
    this.markDirty(offset, data.length);
  }

  /** Zero-fills [paddr, paddr + length) and marks it dirty. */
  fill(paddr: number, length: number, value = 0): void {
    this.check(paddr, length);
    const offset = paddr - this.base;
    this.bytes.fill(value, offset, offset + length);
    this.markDirty(offset, length);
  }

  /** A copy of one 4 KiB page (index counted from the RAM base). */
  copyPage(index: number): Uint8Array {
    this.checkPage(index);
    const start = index << PAGE_SHIFT;
    return this.bytes.slice(start, start + PAGE_SIZE);
  }

  /** Overwrites one page; the page is marked dirty (it changed under the hart). */
  restorePage(index: number, data: Uint8Array): void {
    this.checkPage(index);
    if (data.length !== PAGE_SIZE) throw new RangeError(`a RAM page is ${PAGE_SIZE} bytes, got ${data.length}`);
    this.bytes.set(data, index << PAGE_SHIFT);
    this.dirtyPages[index] = 1;
  }

  private markDirty(offset: number, length: number): void {
    if (length === 0) return;
    const first = offset >>> PAGE_SHIFT;
    const last = (offset + length - 1) >>> PAGE_SHIFT;
    this.dirtyPages.fill(1, first, last + 1);
  }

  private check(paddr: number, length: number): void {
    if (!this.contains(paddr, length)) {
      throw new RangeError(
        `[0x${(paddr >>> 0).toString(16)}, +${length}) is outside RAM [0x${this.base.toString(16)}, 0x${(this.base + this.size).toString(16)})`,
      );
    }
  }

  private checkPage(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.pageCount) {
      throw new RangeError(`RAM page ${index} does not exist (${this.pageCount} pages)`);
    }
  }
}
