// Sv32 address translation (privileged spec v1.12, 4.3): two-level walk
// from satp.PPN, 4 MiB superpages (a misaligned one is a page fault), the
// U/SUM/MXR permission rules, and hardware A/D updates the way QEMU 7.2
// (target/riscv/cpu_helper.c) does them: A on any access, D on stores,
// written back into the PTE in RAM (a PTE that needs an update but is not
// in RAM is a page fault). Page-table reads are PMP-checked as S-mode
// reads; a PMP or bus failure there is an access fault for the original
// access, as the spec says.
import { PMP_R } from './pmp';
import { readPhysical } from './physical';
import { PAGE_HAS_CODE, PAGE_HAS_PTES } from './decode-cache';
import type { Hart } from './hart';

export const ACCESS_LOAD = 0;
export const ACCESS_STORE = 1;
export const ACCESS_FETCH = 2;
export type AccessType = typeof ACCESS_LOAD | typeof ACCESS_STORE | typeof ACCESS_FETCH;

/** translate() results below zero. */
export const PAGE_FAULT = -1;
export const ACCESS_FAULT = -2;

const PTE_V = 0x01, PTE_R = 0x02, PTE_W = 0x04, PTE_X = 0x08, PTE_U = 0x10, PTE_A = 0x40, PTE_D = 0x80;
const MSTATUS_SUM = 1 << 18;
const MSTATUS_MXR = 1 << 19;

/** Exception causes for a failed access of each type: [page fault, access fault]. */
export const PAGE_FAULT_CAUSE = [13, 15, 12] as const;
export const ACCESS_FAULT_CAUSE = [5, 7, 1] as const;

/**
 * Translates virtual `va` for an access of `type` in privilege `mode` (already
 * adjusted for MPRV). Returns the physical address (up to 34 bits), or
 * PAGE_FAULT / ACCESS_FAULT. With `debug` (a debugger looking at memory),
 * A/D bits are left alone and page-table reads are not PMP-checked.
 */
export function translate(h: Hart, va: number, type: AccessType, mode: number, debug = false): number {
  if (mode === 3 || h.satp >= 0) return va >>> 0; // M mode, or satp.MODE = Bare
  const vpn1 = va >>> 22, vpn0 = (va >>> 12) & 0x3ff;
  let table = (h.satp & 0x3fffff) * 4096;
  let level = 1;
  for (;;) {
    const pteAddr = table + (level === 1 ? vpn1 : vpn0) * 4;
    if (!debug && !h.pmp.check(pteAddr, 4, PMP_R, 1)) return ACCESS_FAULT;
    h.busError = false;
    const pte = readPhysical(h, pteAddr, 4);
    if (h.busError) return ACCESS_FAULT;
    const pteOff = pteAddr - h.ramBase;
    // Stores to this page must now drop cached translations (decode-cache.ts).
    if (!debug && pteOff >= 0 && pteOff < h.ramSize) h.pageFlags[pteOff >>> 12] |= PAGE_HAS_PTES;
    if ((pte & PTE_V) === 0 || (pte & (PTE_R | PTE_W)) === PTE_W) return PAGE_FAULT;
    if ((pte & (PTE_R | PTE_X)) === 0) { // pointer to the next level
      if (level === 0) return PAGE_FAULT;
      level = 0;
      table = (pte >>> 10) * 4096;
      continue;
    }
    if (pte & PTE_U) {
      if (mode !== 0 && (type === ACCESS_FETCH || (h.mstatus & MSTATUS_SUM) === 0)) return PAGE_FAULT;
    } else if (mode !== 1) {
      return PAGE_FAULT;
    }
    const ppn = pte >>> 10;
    if (level === 1 && (ppn & 0x3ff) !== 0) return PAGE_FAULT; // misaligned superpage
    const ok = type === ACCESS_FETCH ? (pte & PTE_X) !== 0
      : type === ACCESS_STORE ? (pte & PTE_W) !== 0
        : (pte & PTE_R) !== 0 || ((pte & PTE_X) !== 0 && (h.mstatus & MSTATUS_MXR) !== 0);
    if (!ok) return PAGE_FAULT;
    const updated = pte | PTE_A | (type === ACCESS_STORE ? PTE_D : 0);
    if (updated !== pte && !debug) {
      if (pteOff < 0 || pteOff + 4 > h.ramSize) return PAGE_FAULT;
      // Written directly: the walker's own update must not flush the translation it is making.
      h.ram32[pteOff >> 2] = updated;
      h.ramDirty[pteOff >>> 12] = 1;
      if (h.pageFlags[pteOff >>> 12] & PAGE_HAS_CODE) h.codeCache.invalidate(pteOff, 4);
    }
    return level === 1
      ? (ppn >>> 10) * 0x400000 + (va & 0x3fffff)
      : ppn * 4096 + (va & 0xfff);
  }
}
