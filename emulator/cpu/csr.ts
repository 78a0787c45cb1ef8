// Control and status registers (Zicsr; privileged spec v1.12 ch. 2-4) for
// an RV32IMAC hart with M, S and U modes. Access rules: an unknown CSR, one
// above the current privilege (address bits 9:8), a write to a read-only
// one (bits 11:10 = 3), a counter not enabled by mcounteren/scounteren, or
// satp in S mode under mstatus.TVM, is an illegal instruction whose tval is
// the instruction bits. csrrs/csrrc with rs1 = x0 (and the immediate forms
// with 0) do not write, so they never trap for read-only CSRs.
//
// WARL choices follow the spec and QEMU 7.2 (target/riscv/csr.c): FS/VS/XS
// are zero (no F, D or V), an unsupported MPP value leaves MPP unchanged,
// mtvec/stvec writes with MODE >= 2 are ignored, mepc/sepc bit 0 is zero,
// mideleg can delegate only SSI/STI/SEI, medeleg only exceptions that can
// occur below M mode, mip.SSIP/STIP/SEIP are writable (SEIP reads as the
// software bit ORed with the interrupt line), mvendorid/marchid/mimpid are
// 0, hpmcounters and mhpmevents are hard-wired to 0.
import type { Hart } from './hart';
import { Op } from './interpreter';
import { systemBits } from './decode';

export const MSTATUS_SIE = 1 << 1;
export const MSTATUS_MIE = 1 << 3;
export const MSTATUS_SPIE = 1 << 5;
export const MSTATUS_MPIE = 1 << 7;
export const MSTATUS_SPP = 1 << 8;
export const MSTATUS_MPP = 3 << 11;
export const MSTATUS_MPRV = 1 << 17;
export const MSTATUS_SUM = 1 << 18;
export const MSTATUS_MXR = 1 << 19;
export const MSTATUS_TVM = 1 << 20;
export const MSTATUS_TW = 1 << 21;
export const MSTATUS_TSR = 1 << 22;
const MSTATUS_WRITABLE = MSTATUS_SIE | MSTATUS_MIE | MSTATUS_SPIE | MSTATUS_MPIE | MSTATUS_SPP | MSTATUS_MPP
  | MSTATUS_MPRV | MSTATUS_SUM | MSTATUS_MXR | MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR;
const SSTATUS_VISIBLE = MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR;

/** mip/mie bits (privileged spec 3.1.9). */
export const IRQ_SSI = 1 << 1;
export const IRQ_MSI = 1 << 3;
export const IRQ_STI = 1 << 5;
export const IRQ_MTI = 1 << 7;
export const IRQ_SEI = 1 << 9;
export const IRQ_MEI = 1 << 11;
export const IRQ_ALL = IRQ_SSI | IRQ_MSI | IRQ_STI | IRQ_MTI | IRQ_SEI | IRQ_MEI;
const IRQ_S_LEVEL = IRQ_SSI | IRQ_STI | IRQ_SEI;
/** Exceptions that can be raised below M mode: causes 0-9, 12, 13, 15. */
const MEDELEG_WRITABLE = 0xb3ff;

/** misa: MXL = 1 (RV32), extensions A, C, I, M, S, U. */
export const MISA = (0x40000000 | (1 << 0) | (1 << 2) | (1 << 8) | (1 << 12) | (1 << 18) | (1 << 20)) | 0;

export const enum Csr {
  Sstatus = 0x100, Sie = 0x104, Stvec = 0x105, Scounteren = 0x106, Senvcfg = 0x10a,
  Sscratch = 0x140, Sepc = 0x141, Scause = 0x142, Stval = 0x143, Sip = 0x144, Satp = 0x180,
  Mstatus = 0x300, Misa = 0x301, Medeleg = 0x302, Mideleg = 0x303, Mie = 0x304, Mtvec = 0x305,
  Mcounteren = 0x306, Menvcfg = 0x30a, Mstatush = 0x310, Menvcfgh = 0x31a, Mcountinhibit = 0x320,
  Mscratch = 0x340, Mepc = 0x341, Mcause = 0x342, Mtval = 0x343, Mip = 0x344,
  Pmpcfg0 = 0x3a0, Pmpaddr0 = 0x3b0,
  Mcycle = 0xb00, Minstret = 0xb02, Mcycleh = 0xb80, Minstreth = 0xb82,
  Cycle = 0xc00, Time = 0xc01, Instret = 0xc02, Cycleh = 0xc80, Timeh = 0xc81, Instreth = 0xc82,
  Mvendorid = 0xf11, Marchid = 0xf12, Mimpid = 0xf13, Mhartid = 0xf14, Mconfigptr = 0xf15,
}

/** Reads a 64-bit counter half: 0 = cycle, 1 = time, 2 = instret, others 0. */
function counter(h: Hart, index: number, high: boolean): number {
  switch (index) {
    case 0: return h.cycle.read(h.icount, high);
    case 1: {
      const t = h.time.mtime();
      return (high ? Math.floor(t / 2 ** 32) : t % 2 ** 32) | 0;
    }
    case 2: return h.instret.read(h.icount, high);
    default: return 0;
  }
}

/**
 * The CSR's value, or null when the access is illegal in the current state
 * (unknown CSR, counter not enabled, satp under TVM). Privilege bits and
 * read-only writes are checked by the caller.
 */
export function readCsr(h: Hart, csr: number): number | null {
  // Unprivileged counters cycle..hpmcounter31 and their high halves.
  if ((csr & 0xf60) === 0xc00) {
    const index = csr & 31;
    if (h.privilege < 3 && ((h.mcounteren >>> index) & 1) === 0) return null;
    if (h.privilege === 0 && ((h.scounteren >>> index) & 1) === 0) return null;
    return counter(h, index, (csr & 0x80) !== 0);
  }
  // Machine counters mcycle, minstret, mhpmcounter3..31 (+h); 0xb01 does not exist.
  if ((csr & 0xf60) === 0xb00) {
    const index = csr & 31;
    return index === 1 ? null : counter(h, index, (csr & 0x80) !== 0);
  }
  if (csr >= 0x323 && csr <= 0x33f) return 0; // mhpmevent3..31
  if (csr >= Csr.Pmpcfg0 && csr < Csr.Pmpcfg0 + 4) return h.pmp.readCfg(csr - Csr.Pmpcfg0);
  if (csr >= Csr.Pmpaddr0 && csr < Csr.Pmpaddr0 + 16) return h.pmp.readAddr(csr - Csr.Pmpaddr0);
  switch (csr) {
    case Csr.Sstatus: return h.mstatus & SSTATUS_VISIBLE;
    case Csr.Sie: return h.mie & h.mideleg;
    case Csr.Stvec: return h.stvec;
    case Csr.Scounteren: return h.scounteren;
    case Csr.Senvcfg: return h.senvcfg;
    case Csr.Sscratch: return h.sscratch;
    case Csr.Sepc: return h.sepc;
    case Csr.Scause: return h.scause;
    case Csr.Stval: return h.stval;
    case Csr.Sip: return h.mip & h.mideleg;
    case Csr.Satp:
      if (h.privilege === 1 && (h.mstatus & MSTATUS_TVM)) return null;
      return h.satp;
    case Csr.Mstatus: return h.mstatus;
    case Csr.Misa: return MISA;
    case Csr.Medeleg: return h.medeleg;
    case Csr.Mideleg: return h.mideleg;
    case Csr.Mie: return h.mie;
    case Csr.Mtvec: return h.mtvec;
    case Csr.Mcounteren: return h.mcounteren;
    case Csr.Menvcfg: return h.menvcfg;
    case Csr.Mstatush: case Csr.Menvcfgh: return 0;
    case Csr.Mcountinhibit: return h.mcountinhibit;
    case Csr.Mscratch: return h.mscratch;
    case Csr.Mepc: return h.mepc;
    case Csr.Mcause: return h.mcause;
    case Csr.Mtval: return h.mtval;
    case Csr.Mip: return h.mip;
    case Csr.Mvendorid: case Csr.Marchid: case Csr.Mimpid: case Csr.Mconfigptr: return 0;
    case Csr.Mhartid: return h.hartId;
    default: return null;
  }
}

/** Replaces mstatus, keeping derived state (TLB sets, interrupt check) in step. */
export function setMstatus(h: Hart, value: number): void {
  const old = h.mstatus;
  let next = (old & ~MSTATUS_WRITABLE) | (value & MSTATUS_WRITABLE);
  if ((next & MSTATUS_MPP) === 2 << 11) next = (next & ~MSTATUS_MPP) | (old & MSTATUS_MPP); // no H mode
  h.mstatus = next;
  if ((old ^ next) & (MSTATUS_SUM | MSTATUS_MXR)) h.flushTlbs();
  h.selectTlbs();
  h.irqDirty = true;
}

/** Writes a CSR that readCsr accepted. `mask` is the set of bits the instruction meant to change. */
function writeCsr(h: Hart, csr: number, v: number, mask: number): void {
  if ((csr & 0xf60) === 0xb00) {
    const index = csr & 31, high = (csr & 0x80) !== 0;
    if (index === 0) h.cycle.write(h.icount, high, v);
    else if (index === 2) h.instret.write(h.icount, high, v);
    return; // mhpmcounters are hard-wired to zero
  }
  if (csr >= Csr.Pmpcfg0 && csr < Csr.Pmpcfg0 + 4) { h.pmp.writeCfg(csr - Csr.Pmpcfg0, v); h.flushTlbs(); return; }
  if (csr >= Csr.Pmpaddr0 && csr < Csr.Pmpaddr0 + 16) { h.pmp.writeAddr(csr - Csr.Pmpaddr0, v); h.flushTlbs(); return; }
  switch (csr) {
    case Csr.Sstatus: setMstatus(h, (h.mstatus & ~SSTATUS_VISIBLE) | (v & SSTATUS_VISIBLE)); return;
    case Csr.Sie: h.mie = (h.mie & ~h.mideleg) | (v & h.mideleg); h.irqDirty = true; return;
    case Csr.Stvec: if ((v & 3) < 2) h.stvec = v; return;
    case Csr.Scounteren: h.scounteren = v; return;
    case Csr.Senvcfg: h.senvcfg = v & 1; return;
    case Csr.Sscratch: h.sscratch = v; return;
    case Csr.Sepc: h.sepc = v & ~1; return;
    case Csr.Scause: h.scause = v; return;
    case Csr.Stval: h.stval = v; return;
    case Csr.Sip: // only SSIP, and only when delegated
      if (h.mideleg & IRQ_SSI) h.setSoftwareIrq(IRQ_SSI, (v & IRQ_SSI) !== 0);
      return;
    case Csr.Satp: h.satp = v; h.flushTlbs(); return;
    case Csr.Mstatus: setMstatus(h, v); return;
    case Csr.Medeleg: h.medeleg = v & MEDELEG_WRITABLE; return;
    case Csr.Mideleg: h.mideleg = v & IRQ_S_LEVEL; h.irqDirty = true; return;
    case Csr.Mie: h.mie = v & IRQ_ALL; h.irqDirty = true; return;
    case Csr.Mtvec: if ((v & 3) < 2) h.mtvec = v; return;
    case Csr.Mcounteren: h.mcounteren = v; return;
    case Csr.Menvcfg: h.menvcfg = v & 1; return;
    case Csr.Mcountinhibit:
      h.mcountinhibit = v & 5;
      h.cycle.setInhibited(h.icount, (v & 1) !== 0);
      h.instret.setInhibited(h.icount, (v & 4) !== 0);
      return;
    case Csr.Mscratch: h.mscratch = v; return;
    case Csr.Mepc: h.mepc = v & ~1; return;
    case Csr.Mcause: h.mcause = v; return;
    case Csr.Mtval: h.mtval = v; return;
    case Csr.Mip:
      h.setSoftwareIrq(IRQ_SSI, (v & IRQ_SSI) !== 0);
      h.setSoftwareIrq(IRQ_STI, (v & IRQ_STI) !== 0);
      if (mask & IRQ_SEI) h.setSoftwareIrq(IRQ_SEI, (v & IRQ_SEI) !== 0);
      return;
    default: return; // read-only zero registers (mstatush, menvcfgh, mhpmevent*)
  }
}

/** Executes csrrw/csrrs/csrrc and their immediate forms. */
export function execCsr(h: Hart, op: Op, rd: number, rs1: number, csr: number, npc: number): void {
  const immediate = op === Op.Csrrwi || op === Op.Csrrsi || op === Op.Csrrci;
  const operand = immediate ? rs1 : h.regs[rs1];
  const swap = op === Op.Csrrw || op === Op.Csrrwi;
  const writes = swap || rs1 !== 0;
  const old = ((csr >>> 8) & 3) > h.privilege || (writes && csr >>> 10 === 3) ? null : readCsr(h, csr);
  if (old === null) {
    h.raiseException(2, systemBits(op, rd, rs1, 0, csr));
    return;
  }
  if (writes) {
    const set = op === Op.Csrrs || op === Op.Csrrsi;
    const value = swap ? operand : set ? old | operand : old & ~operand;
    writeCsr(h, csr, value | 0, swap ? -1 : operand);
  }
  if (rd !== 0) h.regs[rd] = old;
  h.pcValue = npc;
}
