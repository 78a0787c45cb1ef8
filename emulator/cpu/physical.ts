// Physical accesses on behalf of the hart's slow paths and the page-table
// walker: RAM directly through the GuestRam arrays (setting the page's
// dirty flag, and dropping decoded code or cached translations derived from
// what a store overwrites), everything else
// through PhysicalBus. Physical addresses are 34 bits on RV32 (Sv32); the
// bus only spans 32, so anything above is a bus error. A misaligned access
// outside RAM is split into byte accesses.
import type { AccessSize } from '../contracts';
import type { Hart } from './hart';

const SPACE = 2 ** 32;

function busRead(h: Hart, pa: number, size: AccessSize): number {
  const bus = h.bus;
  bus.fault = false;
  const v = bus.read(pa, size);
  if (bus.fault) { h.busError = true; return 0; }
  return size === 4 ? v | 0 : v & (size === 2 ? 0xffff : 0xff);
}

function busWrite(h: Hart, pa: number, size: AccessSize, value: number): void {
  const bus = h.bus;
  bus.fault = false;
  bus.write(pa, size, size === 4 ? value | 0 : value & (size === 2 ? 0xffff : 0xff));
  if (bus.fault) h.busError = true;
}

/**
 * Reads `size` bytes at physical `pa`, little-endian: an int32 for 4 bytes,
 * zero-extended otherwise. Sets h.busError when nothing answers.
 */
export function readPhysical(h: Hart, pa: number, size: AccessSize): number {
  const off = pa - h.ramBase;
  if (off >= 0 && off + size <= h.ramSize) {
    if (size === 4) { if ((off & 3) === 0) return h.ram32[off >> 2]; }
    else if (size === 2) { if ((off & 1) === 0) return h.ram16[off >> 1]; }
    else return h.ram8[off];
    const m = h.ram8;
    return size === 4
      ? (m[off] | (m[off + 1] << 8) | (m[off + 2] << 16) | (m[off + 3] << 24))
      : (m[off] | (m[off + 1] << 8));
  }
  if (pa < 0 || pa + size > SPACE) { h.busError = true; return 0; }
  if (pa % size === 0 && (off + size <= 0 || off >= h.ramSize)) return busRead(h, pa, size);
  let v = 0;
  for (let i = size - 1; i >= 0; i--) v = (v << 8) | readPhysical(h, pa + i, 1);
  return v;
}

/** Writes the low `size` bytes of `value` at physical `pa`. Sets h.busError when nothing answers. */
export function writePhysical(h: Hart, pa: number, size: AccessSize, value: number): void {
  const off = pa - h.ramBase;
  if (off >= 0 && off + size <= h.ramSize) {
    if (size === 4 && (off & 3) === 0) h.ram32[off >> 2] = value;
    else if (size === 2 && (off & 1) === 0) h.ram16[off >> 1] = value;
    else for (let i = 0; i < size; i++) h.ram8[off + i] = value >>> (8 * i);
    const firstPage = off >>> 12, lastPage = (off + size - 1) >>> 12;
    h.ramDirty[firstPage] = 1;
    h.ramDirty[lastPage] = 1;
    if (h.pageFlags[firstPage] | h.pageFlags[lastPage]) h.watchedPageWritten(off, size);
    return;
  }
  if (pa < 0 || pa + size > SPACE) { h.busError = true; return; }
  if (pa % size === 0 && (off + size <= 0 || off >= h.ramSize)) { busWrite(h, pa, size, value); return; }
  for (let i = 0; i < size; i++) writePhysical(h, pa + i, 1, value >>> (8 * i));
}

/** Offset in RAM of physical `pa` when the whole 4 KiB page around it is RAM, else -1. */
export function ramPageOffset(h: Hart, pa: number): number {
  const off = pa - h.ramBase;
  if (off < 0 || off >= h.ramPagesBytes) return -1;
  return off - (off % 4096);
}
