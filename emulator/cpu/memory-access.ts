// The slow paths of data accesses: loads and stores that missed the data
// TLB, LR/SC and AMOs (unprivileged spec 20191213 ch. 2.6 and 8; privileged
// v1.12 for MPRV and the exception causes). Order of checks for every
// access: translation (page fault), PMP (access fault), then the bus (access
// fault when nothing answers). tval is always the virtual address, or for
// the second page of a page-crossing access the start of that page, as
// QEMU 7.2 reports it.
//
// Misaligned plain loads and stores are performed, not trapped (QEMU 7.2
// does the same for RV32 TCG). LR, SC and AMOs must be aligned: a misaligned
// LR raises a load address-misaligned exception, a misaligned AMO a
// store/AMO one. AMOs need read and write permission and report their
// faults as store/AMO faults (spec; QEMU 7.2 TCG instead reports a load
// fault when the read half fails). SC first compares the address with the
// reservation and fails without touching memory when it differs; the
// reservation records the loaded value, and SC succeeds only if memory
// still holds it (QEMU's rule).
import type { AccessSize, HartStop } from '../contracts';
import type { Hart } from './hart';
import { Op, StopCode } from './interpreter';
import {
  ACCESS_FAULT, ACCESS_FAULT_CAUSE, ACCESS_LOAD, ACCESS_STORE, AccessType, PAGE_FAULT_CAUSE, translate,
} from './mmu';
import { readPhysical, ramPageOffset, writePhysical } from './physical';
import { PMP_R, PMP_W } from './pmp';

const PAGE = 4096;
const WATCH_READ = 1;
const WATCH_WRITE = 2;

/**
 * Translates va and PMP-checks `size` bytes from its physical address for a
 * data access; raises the trap and returns -1 on failure. For an access
 * crossing a page, QEMU 7.2 checks the first page with the whole size (so a
 * PMP failure there reports the original address), then the second page
 * with the rest; so do we.
 */
function physicalFor(h: Hart, va: number, size: number, type: AccessType, need: number, tval: number): number {
  const mode = h.dataMode;
  const pa = translate(h, va, type, mode);
  if (pa < 0) {
    h.raiseException(pa === ACCESS_FAULT ? ACCESS_FAULT_CAUSE[type] : PAGE_FAULT_CAUSE[type], tval);
    return -1;
  }
  if (!h.pmp.check(pa, size, need, mode)) {
    h.raiseException(ACCESS_FAULT_CAUSE[type], tval);
    return -1;
  }
  return pa;
}

/**
 * Records a watchpoint hit for a physical access, if one matches: the
 * stop reports the accessed range and the matching watchpoint's kind.
 */
function watch(h: Hart, pa: number, size: number, how: number): void {
  if (h.watchHit !== null) return;
  // The stop comes after the instruction: at the count before it, plus one.
  const stopsAt = h.icount + 1;
  if (h.collectBefore >= 0 && h.collectedIcount === stopsAt) return; // the instruction's first hit counts
  for (const w of h.watchpoints) {
    const wants = w.kind === 'read' ? WATCH_READ : w.kind === 'write' ? WATCH_WRITE : WATCH_READ | WATCH_WRITE;
    if ((wants & how) !== 0 && pa < w.address + w.size && w.address < pa + size) {
      const hit: HartStop = { kind: 'watchpoint', address: pa, size, access: w.kind, pc: h.pcValue >>> 0 };
      if (h.collectBefore < 0) {
        h.watchHit = hit;
        h.stop = StopCode.Watchpoint;
      } else if (stopsAt < h.collectBefore) {
        h.collectedIcount = stopsAt;
        h.collectedWatch = hit;
      }
      return;
    }
  }
}

/**
 * Whether an access of this type anywhere on the physical page of `pa`
 * could hit a watchpoint (then the page stays out of the TLB, so every
 * access to it comes here and is checked).
 */
function pageWatched(h: Hart, pa: number, type: AccessType): boolean {
  const how = type === ACCESS_STORE ? WATCH_WRITE : WATCH_READ;
  const page = pa - (pa % PAGE);
  for (const w of h.watchpoints) {
    const wants = w.kind === 'read' ? WATCH_READ : w.kind === 'write' ? WATCH_WRITE : WATCH_READ | WATCH_WRITE;
    if ((wants & how) !== 0 && page < w.address + w.size && w.address < page + PAGE) return true;
  }
  return false;
}

/** Caches the page of a successful single-page access in the current data TLB set. */
function fillTlb(h: Hart, va: number, pa: number, type: AccessType): void {
  if (h.watchpoints.length !== 0 && pageWatched(h, pa, type)) return;
  const ramOff = ramPageOffset(h, pa);
  if (ramOff < 0) return;
  const need = type === ACCESS_STORE ? PMP_W : PMP_R;
  if ((h.pmp.pagePermissions(pa - (pa % PAGE), h.dataMode) & need) === 0) return;
  const vpn = va >>> 12, e = vpn & 255, tlb = h.dataTlb;
  if (type === ACCESS_STORE) {
    tlb.writeTag[e] = vpn;
    tlb.writeOff[e] = ramOff;
  } else {
    tlb.readTag[e] = vpn;
    tlb.readOff[e] = ramOff;
  }
}

/** Reads `size` bytes at virtual `va`; on failure the trap is taken and h.trapTaken is set. */
export function readVirtual(h: Hart, va: number, size: AccessSize, type: AccessType, need: number): number {
  const inPage = PAGE - (va & (PAGE - 1));
  if (size <= inPage) {
    const pa = physicalFor(h, va, size, type, need, va);
    if (pa < 0) return 0;
    h.busError = false;
    const v = readPhysical(h, pa, size);
    if (h.busError) { h.raiseException(ACCESS_FAULT_CAUSE[type], va); return 0; }
    if (h.watchpoints.length !== 0) watch(h, pa, size, WATCH_READ);
    fillTlb(h, va, pa, type);
    return v;
  }
  // Crosses into the next page: both halves are checked before anything is read.
  const pa1 = physicalFor(h, va, size, type, need, va);
  if (pa1 < 0) return 0;
  const va2 = (va + inPage) | 0;
  const pa2 = physicalFor(h, va2, size - inPage, type, need, va2);
  if (pa2 < 0) return 0;
  h.busError = false;
  let v = 0;
  for (let i = size - 1; i >= 0; i--) {
    v = (v << 8) | readPhysical(h, i < inPage ? pa1 + i : pa2 + i - inPage, 1);
  }
  if (h.busError) { h.raiseException(ACCESS_FAULT_CAUSE[type], va); return 0; }
  if (h.watchpoints.length !== 0) { watch(h, pa1, inPage, WATCH_READ); watch(h, pa2, size - inPage, WATCH_READ); }
  return size === 4 ? v | 0 : v;
}

/** Writes `size` bytes at virtual `va`; on failure the trap is taken and nothing is written. */
export function writeVirtual(h: Hart, va: number, size: AccessSize, value: number): void {
  const inPage = PAGE - (va & (PAGE - 1));
  if (size <= inPage) {
    const pa = physicalFor(h, va, size, ACCESS_STORE, PMP_W, va);
    if (pa < 0) return;
    h.busError = false;
    writePhysical(h, pa, size, value);
    if (h.busError) { h.raiseException(7, va); return; }
    if (h.watchpoints.length !== 0) watch(h, pa, size, WATCH_WRITE);
    fillTlb(h, va, pa, ACCESS_STORE);
    return;
  }
  const pa1 = physicalFor(h, va, size, ACCESS_STORE, PMP_W, va);
  if (pa1 < 0) return;
  const va2 = (va + inPage) | 0;
  const pa2 = physicalFor(h, va2, size - inPage, ACCESS_STORE, PMP_W, va2);
  if (pa2 < 0) return;
  h.busError = false;
  for (let i = 0; i < size; i++) {
    writePhysical(h, i < inPage ? pa1 + i : pa2 + i - inPage, 1, value >>> (8 * i));
  }
  if (h.busError) { h.raiseException(7, va); return; }
  if (h.watchpoints.length !== 0) { watch(h, pa1, inPage, WATCH_WRITE); watch(h, pa2, size - inPage, WATCH_WRITE); }
}

/** A load that missed the TLB fast path. */
export function loadSlow(h: Hart, op: Op, va: number, rd: number, npc: number): void {
  const size: AccessSize = op === Op.Lw ? 4 : op === Op.Lh || op === Op.Lhu ? 2 : 1;
  h.trapTaken = false;
  const v = readVirtual(h, va, size, ACCESS_LOAD, PMP_R);
  if (h.trapTaken) return;
  if (rd !== 0) {
    h.regs[rd] = op === Op.Lb ? (v << 24) >> 24 : op === Op.Lh ? (v << 16) >> 16 : v;
  }
  h.pcValue = npc;
}

/** A store that missed the TLB fast path. */
export function storeSlow(h: Hart, size: AccessSize, va: number, value: number, npc: number): void {
  h.trapTaken = false;
  writeVirtual(h, va, size, value);
  if (!h.trapTaken) h.pcValue = npc;
}

function amoResult(op: Op, old: number, src: number): number {
  switch (op) {
    case Op.AmoswapW: return src;
    case Op.AmoaddW: return (old + src) | 0;
    case Op.AmoxorW: return old ^ src;
    case Op.AmoandW: return old & src;
    case Op.AmoorW: return old | src;
    case Op.AmominW: return old < src ? old : src;
    case Op.AmomaxW: return old > src ? old : src;
    case Op.AmominuW: return (old >>> 0) < (src >>> 0) ? old : src;
    default: return (old >>> 0) > (src >>> 0) ? old : src; // AmomaxuW
  }
}

/** LR.W, SC.W and the AMOs (always word-sized on RV32). */
export function execAtomic(h: Hart, op: Op, rd: number, rs1: number, rs2: number, npc: number): void {
  const x = h.regs;
  const va = x[rs1];
  h.trapTaken = false;
  let result: number;
  if (op === Op.LrW) {
    if (va & 3) { h.raiseException(4, va); return; }
    result = readVirtual(h, va, 4, ACCESS_LOAD, PMP_R);
    if (h.trapTaken) return;
    h.reservationValid = true;
    h.reservationAddress = va;
    h.reservationValue = result;
  } else if (op === Op.ScW) {
    const reserved = h.reservationValid && h.reservationAddress === va;
    h.reservationValid = false;
    result = 1;
    if (reserved) {
      const pa = physicalFor(h, va, 4, ACCESS_STORE, PMP_R | PMP_W, va);
      if (pa < 0) return;
      h.busError = false;
      const current = readPhysical(h, pa, 4);
      if (!h.busError && current === h.reservationValue) {
        writePhysical(h, pa, 4, x[rs2]);
        result = 0;
      }
      if (h.busError) { h.raiseException(7, va); return; }
      if (h.watchpoints.length !== 0) watch(h, pa, 4, result === 0 ? WATCH_READ | WATCH_WRITE : WATCH_READ);
    }
  } else {
    if (va & 3) { h.raiseException(6, va); return; }
    const pa = physicalFor(h, va, 4, ACCESS_STORE, PMP_R | PMP_W, va);
    if (pa < 0) return;
    h.busError = false;
    result = readPhysical(h, pa, 4);
    if (!h.busError) writePhysical(h, pa, 4, amoResult(op, result, x[rs2]));
    if (h.busError) { h.raiseException(7, va); return; }
    if (h.watchpoints.length !== 0) watch(h, pa, 4, WATCH_READ | WATCH_WRITE);
  }
  if (rd !== 0) x[rd] = result;
  h.pcValue = npc;
}
