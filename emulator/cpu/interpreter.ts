// The hart's hot loop: fetch from the decoded-instruction cache, dispatch on
// a small-integer op id, execute. RV32IMAC + Zicsr + Zifencei (RISC-V
// unprivileged spec 20191213; privileged spec v1.12 for SYSTEM).
//
// Only the common cases run here: ALU, branches, jumps and RAM loads/stores
// that hit the data TLB. Everything else (TLB misses, MMIO, CSRs, traps,
// AMOs, fences) is a call into the Hart, after which the loop reloads its
// locals from the Hart ("epilogue"). The op enum lives in this file so that
// the switch labels are literal numbers (V8 then emits a jump table).
import type { Hart } from './hart';

/** Decoded operation ids. 0 means "slot not decoded yet". */
export const enum Op {
  Undecoded = 0,
  Illegal, Nop,
  Lui, Auipc, Jal, J, Jalr, Jr,
  Beq, Bne, Blt, Bge, Bltu, Bgeu,
  Lb, Lh, Lw, Lbu, Lhu, Sb, Sh, Sw,
  Addi, Slti, Sltiu, Xori, Ori, Andi, Slli, Srli, Srai,
  Add, Sub, Sll, Slt, Sltu, Xor, Srl, Sra, Or, And,
  Mul, Mulh, Mulhsu, Mulhu, Div, Divu, Rem, Remu,
  Fence, FenceI,
  Ecall, Ebreak, Mret, Sret, Wfi, SfenceVma,
  Csrrw, Csrrs, Csrrc, Csrrwi, Csrrsi, Csrrci,
  LrW, ScW, AmoswapW, AmoaddW, AmoxorW, AmoandW, AmoorW, AmominW, AmomaxW, AmominuW, AmomaxuW,
  /** Entry of a compiled region; the immediate is the region id (decode-cache.ts). */
  Region,
}

/**
 * Layout of a decoded slot word: op in bits 0-6, bit 7 set for a 16-bit
 * (compressed) instruction, rd in 8-12, rs1 in 13-17, rs2 in 18-22. The
 * immediate is kept in a parallel slot (see DecodedPage in decode-cache.ts).
 */
export const SLOT_COMPRESSED = 0x80;

/** Why a run slice ended (mirrors HartStop kinds; 0 = still running). */
export const enum StopCode {
  None = 0, Budget, Breakpoint, Watchpoint, Trap, Wfi, Attention,
}

/** Largest budget runLoop takes at once (keeps its counters small integers). */
export const MAX_SLICE = 1 << 29;

/** Slots per decoded page: one per halfword of a 4 KiB page; immediates follow. */
export const SLOTS = 2048;

/** High 32 bits of the unsigned 64-bit product of two 32-bit values. */
function mulhu(a: number, b: number): number {
  const a0 = a & 0xffff, a1 = a >>> 16, b0 = b & 0xffff, b1 = b >>> 16;
  const p01 = a0 * b1, p10 = a1 * b0;
  const mid = ((a0 * b0) >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  return (a1 * b1 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16)) | 0;
}

/**
 * Runs up to `budget` (at most MAX_SLICE) instructions. See HartControl.run
 * for the contract; the Hart wraps this and turns `h.stop` into `lastStop`.
 */
export function runLoop(h: Hart, budget: number, resumeFromBreakpoint: boolean): number {
  const x = h.regs;
  const m8 = h.ram8, m16 = h.ram16, m32 = h.ram32, dirty = h.ramDirty;
  // Breakpoints as pc >> 1 (pcs are even): small integers, which a Set looks up fast.
  const bps = h.breakpointIndex.keys;
  const checkBp = h.breakpoints.size !== 0;
  // Collecting (Hart.collectHits): a breakpoint is noted and passed, not stopped at.
  const collecting = h.collectBefore >= 0;
  // Compiled regions never check breakpoints: on a page that has one, a
  // region runs as a variant whose blocks holding one leave to this loop.
  const bpPages = h.breakpointIndex.pages;
  const pageFlags = h.pageFlags;
  const regions = h.codeCache.regions;
  const hook = h.boundaryHook;
  const threshold = h.compileAfter > 0 && hook === null ? h.compileAfter : -1;
  let skipBp = resumeFromBreakpoint;
  // Counts are kept relative to the start of this run so that they stay
  // small integers (the absolute icount soon outgrows V8's fast integers).
  const base = h.icount;
  h.runBase = base;
  const end = budget;
  let icount = 0;
  let pc = h.pcValue;

  let dt = h.dataTlb;
  let rt = dt.readTag, ro = dt.readOff, wt = dt.writeTag, wo = dt.writeOff;
  let itlb = h.fetchTlb;
  let fetchVpn = -1;
  let code = h.emptyPage;
  let codeOff = 0;
  let regionsOk = false;
  let pageHasBp = false;

  loop: while (icount < end) {
    if (hook !== null) {
      h.pcValue = pc; h.icount = base + icount;
      hook(base + icount, pc >>> 0);
    }
    if (checkBp) {
      if (skipBp) skipBp = false;
      else if (bps.has(pc >> 1)) {
        if (!collecting) { h.stop = StopCode.Breakpoint; break; }
        h.collectBreakpoint(base + icount, pc);
      }
    }
    const cur = icount;
    slow: {
      if ((pc >>> 12) !== fetchVpn) {
        // Every slow path ends by forcing this branch, so it is also where a
        // change in interrupt state (only slow paths and the caller make
        // one) is noticed, at an instruction boundary.
        if (h.irqDirty) {
          h.pcValue = pc;
          h.icount = base + cur;
          if (h.takePendingInterrupt()) {
            pc = h.pcValue;
            dt = h.dataTlb; rt = dt.readTag; ro = dt.readOff; wt = dt.writeTag; wo = dt.writeOff;
            itlb = h.fetchTlb;
            if (h.stop !== StopCode.None) break loop;
            if (checkBp) { // the handler's first instruction may carry a breakpoint
              if (bps.has(pc >> 1)) {
                if (!collecting) { h.stop = StopCode.Breakpoint; break loop; }
                h.collectBreakpoint(base + cur, pc);
              }
            }
          }
        }
        const vpn = pc >>> 12, e = vpn & 63;
        const page = itlb.code[e];
        if (itlb.tag[e] === vpn && page !== null) {
          code = page; codeOff = itlb.off[e]; fetchVpn = vpn;
          regionsOk = threshold > 0;
          pageHasBp = checkBp && bpPages.has(vpn);
        } else {
          h.pcValue = pc; h.icount = base + cur;
          const p = h.fetchPage(pc);
          if (p === null) { icount = cur + 1; break slow; } // fetch fault taken
          code = p; codeOff = h.fetchOff; fetchVpn = h.fetchCacheable ? vpn : -1;
          regionsOk = threshold > 0 && h.fetchCacheable;
          pageHasBp = checkBp && bpPages.has(vpn);
        }
      }
      const slot = (pc >>> 1) & (SLOTS - 1);
      let w = code[slot];
      let imm: number;
      if (w === 0) {
        h.pcValue = pc; h.icount = base + cur;
        w = h.decodeSlot(code, slot, codeOff, pc);
        if (w === 0) { icount = cur + 1; break slow; } // fault fetching a page-crossing instruction
        imm = h.decodedImm;
      } else {
        imm = code[slot + SLOTS];
      }
      if ((w & 127) === Op.Region) {
        const region = regions[imm >>> 8]!, block = imm & 255; // decode-cache.ts: MAX_BLOCKS = 256
        // A block holding a breakpoint is the interpreter's (the region would only leave at once).
        if (regionsOk && region.vpn === pc >>> 12 && (!pageHasBp || h.regionCodeWithBreakpoints(region) === region.run || region.breakpointCut[block] !== true)) {
          icount = (pageHasBp ? region.breakpointRun : region.run)(h, cur, end, block);
          if (icount !== cur) {
            pc = h.pcValue;
            if (h.regionExit === 0) continue;
            h.regionExit = 0;
            break slow;
          }
        }
        w = region.entryW[block]; // the budget does not fit the block: interpret one instruction
        imm = region.entryImm[block];
      } else if (++code[slot + 2 * SLOTS] === threshold && regionsOk) {
        h.pcValue = pc;
        h.compileRegion(code, slot, pc, codeOff);
      }
      icount = cur + 1;
      const rd = (w >> 8) & 31, rs1 = (w >> 13) & 31, rs2 = (w >> 18) & 31;
      const npc = (pc + 4 - ((w >> 6) & 2)) | 0;

      switch (w & 127) {
        case Op.Nop: case Op.Fence: pc = npc; continue;
        case Op.Lui: x[rd] = imm; pc = npc; continue;
        case Op.Auipc: x[rd] = (pc + imm) | 0; pc = npc; continue;
        case Op.Jal: x[rd] = npc; pc = (pc + imm) | 0; continue;
        case Op.J: pc = (pc + imm) | 0; continue;
        case Op.Jalr: { const t = (x[rs1] + imm) & ~1; x[rd] = npc; pc = t; continue; }
        case Op.Jr: pc = (x[rs1] + imm) & ~1; continue;
        case Op.Beq: pc = x[rs1] === x[rs2] ? (pc + imm) | 0 : npc; continue;
        case Op.Bne: pc = x[rs1] !== x[rs2] ? (pc + imm) | 0 : npc; continue;
        case Op.Blt: pc = x[rs1] < x[rs2] ? (pc + imm) | 0 : npc; continue;
        case Op.Bge: pc = x[rs1] >= x[rs2] ? (pc + imm) | 0 : npc; continue;
        case Op.Bltu: pc = (x[rs1] ^ 0x80000000) < (x[rs2] ^ 0x80000000) ? (pc + imm) | 0 : npc; continue;
        case Op.Bgeu: pc = (x[rs1] ^ 0x80000000) >= (x[rs2] ^ 0x80000000) ? (pc + imm) | 0 : npc; continue;

        case Op.Lb: {
          const a = (x[rs1] + imm) | 0, vpn = a >>> 12, e = vpn & 255;
          if (rt[e] === vpn) { x[rd] = (m8[ro[e] | (a & 4095)] << 24) >> 24; x[0] = 0; pc = npc; continue; }
          h.pcValue = pc; h.icount = base + cur; h.loadSlow(Op.Lb, a, rd, npc); break;
        }
        case Op.Lbu: {
          const a = (x[rs1] + imm) | 0, vpn = a >>> 12, e = vpn & 255;
          if (rt[e] === vpn) { x[rd] = m8[ro[e] | (a & 4095)]; x[0] = 0; pc = npc; continue; }
          h.pcValue = pc; h.icount = base + cur; h.loadSlow(Op.Lbu, a, rd, npc); break;
        }
        case Op.Lh: {
          const a = (x[rs1] + imm) | 0, vpn = a >>> 12, e = vpn & 255;
          if (rt[e] === vpn && (a & 1) === 0) { x[rd] = (m16[(ro[e] | (a & 4095)) >> 1] << 16) >> 16; x[0] = 0; pc = npc; continue; }
          h.pcValue = pc; h.icount = base + cur; h.loadSlow(Op.Lh, a, rd, npc); break;
        }
        case Op.Lhu: {
          const a = (x[rs1] + imm) | 0, vpn = a >>> 12, e = vpn & 255;
          if (rt[e] === vpn && (a & 1) === 0) { x[rd] = m16[(ro[e] | (a & 4095)) >> 1]; x[0] = 0; pc = npc; continue; }
          h.pcValue = pc; h.icount = base + cur; h.loadSlow(Op.Lhu, a, rd, npc); break;
        }
        case Op.Lw: {
          const a = (x[rs1] + imm) | 0, vpn = a >>> 12, e = vpn & 255;
          if (rt[e] === vpn && (a & 3) === 0) { x[rd] = m32[(ro[e] | (a & 4095)) >> 2]; x[0] = 0; pc = npc; continue; }
          h.pcValue = pc; h.icount = base + cur; h.loadSlow(Op.Lw, a, rd, npc); break;
        }
        case Op.Sb: {
          const a = (x[rs1] + imm) | 0, vpn = a >>> 12, e = vpn & 255;
          if (wt[e] === vpn) { const off = wo[e] | (a & 4095); m8[off] = x[rs2]; dirty[off >>> 12] = 1; pc = npc;
            if (pageFlags[off >>> 12] === 0 || !h.watchedPageWritten(off, 1)) continue;
            h.pcValue = npc; break; }
          h.pcValue = pc; h.icount = base + cur; h.storeSlow(1, a, x[rs2], npc); break;
        }
        case Op.Sh: {
          const a = (x[rs1] + imm) | 0, vpn = a >>> 12, e = vpn & 255;
          if (wt[e] === vpn && (a & 1) === 0) { const off = wo[e] | (a & 4095); m16[off >> 1] = x[rs2]; dirty[off >>> 12] = 1; pc = npc;
            if (pageFlags[off >>> 12] === 0 || !h.watchedPageWritten(off, 2)) continue;
            h.pcValue = npc; break; }
          h.pcValue = pc; h.icount = base + cur; h.storeSlow(2, a, x[rs2], npc); break;
        }
        case Op.Sw: {
          const a = (x[rs1] + imm) | 0, vpn = a >>> 12, e = vpn & 255;
          if (wt[e] === vpn && (a & 3) === 0) { const off = wo[e] | (a & 4095); m32[off >> 2] = x[rs2]; dirty[off >>> 12] = 1; pc = npc;
            if (pageFlags[off >>> 12] === 0 || !h.watchedPageWritten(off, 4)) continue;
            h.pcValue = npc; break; }
          h.pcValue = pc; h.icount = base + cur; h.storeSlow(4, a, x[rs2], npc); break;
        }

        case Op.Addi: x[rd] = (x[rs1] + imm) | 0; pc = npc; continue;
        case Op.Slti: x[rd] = x[rs1] < imm ? 1 : 0; pc = npc; continue;
        case Op.Sltiu: x[rd] = (x[rs1] ^ 0x80000000) < (imm ^ 0x80000000) ? 1 : 0; pc = npc; continue;
        case Op.Xori: x[rd] = x[rs1] ^ imm; pc = npc; continue;
        case Op.Ori: x[rd] = x[rs1] | imm; pc = npc; continue;
        case Op.Andi: x[rd] = x[rs1] & imm; pc = npc; continue;
        case Op.Slli: x[rd] = x[rs1] << imm; pc = npc; continue;
        case Op.Srli: x[rd] = x[rs1] >>> imm; pc = npc; continue;
        case Op.Srai: x[rd] = x[rs1] >> imm; pc = npc; continue;

        case Op.Add: x[rd] = (x[rs1] + x[rs2]) | 0; pc = npc; continue;
        case Op.Sub: x[rd] = (x[rs1] - x[rs2]) | 0; pc = npc; continue;
        case Op.Sll: x[rd] = x[rs1] << x[rs2]; pc = npc; continue;
        case Op.Slt: x[rd] = x[rs1] < x[rs2] ? 1 : 0; pc = npc; continue;
        case Op.Sltu: x[rd] = (x[rs1] ^ 0x80000000) < (x[rs2] ^ 0x80000000) ? 1 : 0; pc = npc; continue;
        case Op.Xor: x[rd] = x[rs1] ^ x[rs2]; pc = npc; continue;
        case Op.Srl: x[rd] = x[rs1] >>> x[rs2]; pc = npc; continue;
        case Op.Sra: x[rd] = x[rs1] >> x[rs2]; pc = npc; continue;
        case Op.Or: x[rd] = x[rs1] | x[rs2]; pc = npc; continue;
        case Op.And: x[rd] = x[rs1] & x[rs2]; pc = npc; continue;

        case Op.Mul: x[rd] = Math.imul(x[rs1], x[rs2]); pc = npc; continue;
        case Op.Mulhu: x[rd] = mulhu(x[rs1], x[rs2]); pc = npc; continue;
        case Op.Mulh: {
          const a = x[rs1], b = x[rs2];
          x[rd] = (mulhu(a, b) - (a < 0 ? b : 0) - (b < 0 ? a : 0)) | 0; pc = npc; continue;
        }
        case Op.Mulhsu: {
          const a = x[rs1], b = x[rs2];
          x[rd] = (mulhu(a, b) - (a < 0 ? b : 0)) | 0; pc = npc; continue;
        }
        case Op.Div: {
          const a = x[rs1], b = x[rs2];
          x[rd] = b === 0 ? -1 : (a === -0x80000000 && b === -1) ? a : (a / b) | 0; pc = npc; continue;
        }
        case Op.Divu: {
          const b = x[rs2] >>> 0;
          x[rd] = b === 0 ? -1 : ((x[rs1] >>> 0) / b) | 0; pc = npc; continue;
        }
        case Op.Rem: {
          const a = x[rs1], b = x[rs2];
          x[rd] = b === 0 ? a : (a % b) | 0; pc = npc; continue;
        }
        case Op.Remu: {
          const b = x[rs2] >>> 0;
          x[rd] = b === 0 ? x[rs1] : ((x[rs1] >>> 0) % b) | 0; pc = npc; continue;
        }

        case Op.Illegal: h.pcValue = pc; h.icount = base + cur; h.raiseException(2, imm); break;
        case Op.Ecall: h.pcValue = pc; h.icount = base + cur; h.raiseException(h.privilege === 3 ? 11 : 8 + h.privilege, 0); break;
        case Op.Ebreak: h.pcValue = pc; h.icount = base + cur; h.raiseException(3, 0); break;
        case Op.FenceI: case Op.Mret: case Op.Sret: case Op.Wfi: case Op.SfenceVma:
          h.pcValue = pc; h.icount = base + cur; h.execSystem(w & 127, rs1, rs2, npc); break;
        case Op.Csrrw: case Op.Csrrs: case Op.Csrrc: case Op.Csrrwi: case Op.Csrrsi: case Op.Csrrci:
          h.pcValue = pc; h.icount = base + cur; h.execCsr(w & 127, rd, rs1, imm, npc); break;
        case Op.LrW: case Op.ScW: case Op.AmoswapW: case Op.AmoaddW: case Op.AmoxorW: case Op.AmoandW:
        case Op.AmoorW: case Op.AmominW: case Op.AmomaxW: case Op.AmominuW: case Op.AmomaxuW:
          h.pcValue = pc; h.icount = base + cur; h.execAtomic(w & 127, rd, rs1, rs2, npc); break;
        default:
          // Unreachable for slots produced by the decoder; treat as illegal, never throw.
          h.pcValue = pc; h.icount = base + cur; h.raiseException(2, 0); break;
      }
    }
    // Epilogue after any slow path: the Hart may have changed pc, privilege,
    // translation or stop state.
    pc = h.pcValue;
    h.icount = base + icount;
    if (h.stop !== StopCode.None) break;
    if (h.bus.attention) { h.stop = StopCode.Attention; break; }
    dt = h.dataTlb; rt = dt.readTag; ro = dt.readOff; wt = dt.writeTag; wo = dt.writeOff;
    itlb = h.fetchTlb;
    fetchVpn = -1;
  }
  h.pcValue = pc;
  h.icount = base + icount;
  return icount;
}
