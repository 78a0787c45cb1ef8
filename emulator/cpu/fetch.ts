// Instruction fetch for the interpreter: translating pc to a decoded RAM
// page (filling the fetch TLB when the whole page is executable), and
// decoding a slot on first execution. Only RAM is executable; fetching
// anywhere else is an instruction access fault. A 32-bit instruction whose
// second half lies on the next page is decoded on every execution (never
// cached, since that page may change mapping independently); a fault on
// that half reports the second page's address in tval, as QEMU 7.2 does.
import { decode32, Decoded } from './decode';
import { decode16 } from './compressed';
import { DecodedPage, SOURCE } from './decode-cache';
import type { Hart } from './hart';
import { SLOTS } from './interpreter';
import { ACCESS_FAULT, ACCESS_FETCH, translate } from './mmu';
import { ramPageOffset } from './physical';
import { PMP_X } from './pmp';

const scratch: Decoded = { w: 0, imm: 0 };

/** Physical RAM offset of the executable halfword(s) at `va`, or -1 after raising the fault. */
function fetchTarget(h: Hart, va: number, size: number): number {
  const pa = translate(h, va, ACCESS_FETCH, h.privilege);
  if (pa < 0) {
    h.raiseException(pa === ACCESS_FAULT ? 1 : 12, va);
    return -1;
  }
  const page = ramPageOffset(h, pa);
  if (page < 0 || !h.pmp.check(pa, size, PMP_X, h.privilege)) {
    h.raiseException(1, va);
    return -1;
  }
  return page + (pa & 4095);
}

function decodedPageAt(h: Hart, ramOff: number): DecodedPage {
  const index = ramOff >>> 12;
  return h.codeCache.existing(index) ?? h.codeCache.create(index);
}

/**
 * The decoded page holding pc, or null when fetching faulted (the trap has
 * been taken). Sets h.fetchOff to the page's RAM offset and h.fetchCacheable
 * when later fetches from this virtual page may skip translation.
 */
export function fetchPage(h: Hart, pc: number): DecodedPage | null {
  const mode = h.privilege;
  const pa = translate(h, pc, ACCESS_FETCH, mode);
  if (pa < 0) {
    h.raiseException(pa === ACCESS_FAULT ? 1 : 12, pc);
    return null;
  }
  const pageOff = ramPageOffset(h, pa);
  if (pageOff < 0) { h.raiseException(1, pc); return null; }
  const uniform = (h.pmp.pagePermissions(pa - (pa % 4096), mode) & PMP_X) !== 0;
  if (!uniform) {
    // The page is split between PMP entries: check this instruction's bytes.
    const lo = h.ram16[(pageOff + (pc & 4095)) >> 1];
    const size = (lo & 3) === 3 && (pc & 4095) !== 4094 ? 4 : 2;
    if (!h.pmp.check(pa, size, PMP_X, mode)) {
      const firstOk = size === 4 && h.pmp.check(pa, 2, PMP_X, mode);
      h.raiseException(1, firstOk ? (pc + 2) | 0 : pc);
      return null;
    }
  }
  const page = decodedPageAt(h, pageOff);
  if (uniform) {
    const vpn = pc >>> 12, e = vpn & 63, tlb = h.fetchTlb;
    tlb.tag[e] = vpn;
    tlb.code[e] = page;
    tlb.off[e] = pageOff;
  }
  h.fetchOff = pageOff;
  h.fetchCacheable = uniform;
  return page;
}

/**
 * Decodes the instruction at pc (slot `slot` of the page at RAM offset
 * `pageOff`), caching it unless it crosses into the next page. Returns the
 * slot word (the immediate is in h.decodedImm), or 0 when fetching its
 * second half faulted.
 */
export function decodeSlot(h: Hart, page: DecodedPage, slot: number, pageOff: number, pc: number): number {
  if (peekDecode(h, page, slot, pageOff)) {
    h.decodedImm = page[slot + SLOTS];
    return page[slot];
  }
  const lo = h.ram16[(pageOff >> 1) + slot];
  const hiOff = fetchTarget(h, (pc + 2) | 0, 2);
  if (hiOff < 0) return 0;
  decode32(lo | (h.ram16[hiOff >> 1] << 16), scratch);
  h.decodedImm = scratch.imm;
  return scratch.w;
}

/**
 * Makes sure slot `slot` of `page` is decoded, reading only this page's
 * RAM (no translation, no traps). False for a 32-bit instruction in the
 * last halfword, which continues on the next page and is never cached.
 */
export function peekDecode(h: Hart, page: DecodedPage, slot: number, pageOff: number): boolean {
  if (page[slot] !== 0) return true;
  const lo = h.ram16[(pageOff >> 1) + slot];
  const word = (pageOff >> 2) + (slot >> 1);
  if ((lo & 3) !== 3) decode16(lo, scratch);
  else if (slot < SLOTS - 1) {
    decode32(lo | (h.ram16[(pageOff >> 1) + slot + 1] << 16), scratch);
    if ((slot & 1) !== 0) page[SOURCE + (slot >> 1) + 1] = h.ram32[word + 1]; // the upper half is in the next word
  } else return false;
  page[SOURCE + (slot >> 1)] = h.ram32[word]; // what the decoding was made from (decode-cache.ts: revalidate)
  page[slot] = scratch.w;
  page[slot + SLOTS] = scratch.imm;
  return true;
}
