// Decoder for 32-bit instructions: RV32I, M, A, Zicsr, Zifencei and the
// privileged SYSTEM instructions (unprivileged spec 20191213 ch. 2, 7, 8, 9,
// 24; privileged spec v1.12 ch. 3.3, 4.2). Produces the slot word and
// immediate the interpreter dispatches on. Anything not decoded here is an
// illegal instruction whose immediate holds the instruction bits (QEMU puts
// those bits in mtval/stval, and so do we).
import { Op, SLOT_COMPRESSED } from './interpreter';

/** Where a decoder writes its result (reused, so decoding allocates nothing). */
export interface Decoded {
  w: number;
  imm: number;
}

export function pack(op: Op, rd: number, rs1: number, rs2: number): number {
  return op | (rd << 8) | (rs1 << 13) | (rs2 << 18);
}

function set(out: Decoded, w: number, imm: number): void {
  out.w = w;
  out.imm = imm | 0;
}

function illegal(out: Decoded, bits: number, compressed: boolean): void {
  set(out, Op.Illegal | (compressed ? SLOT_COMPRESSED : 0), bits);
}

const LOADS: readonly (Op | 0)[] = [Op.Lb, Op.Lh, Op.Lw, 0, Op.Lbu, Op.Lhu, 0, 0];
const STORES: readonly (Op | 0)[] = [Op.Sb, Op.Sh, Op.Sw, 0, 0, 0, 0, 0];
const BRANCHES: readonly (Op | 0)[] = [Op.Beq, Op.Bne, 0, 0, Op.Blt, Op.Bge, Op.Bltu, Op.Bgeu];
const OP_IMM: readonly Op[] = [Op.Addi, Op.Slli, Op.Slti, Op.Sltiu, Op.Xori, Op.Srli, Op.Ori, Op.Andi];
const OP_BASE: readonly Op[] = [Op.Add, Op.Sll, Op.Slt, Op.Sltu, Op.Xor, Op.Srl, Op.Or, Op.And];
const OP_MULDIV: readonly Op[] = [Op.Mul, Op.Mulh, Op.Mulhsu, Op.Mulhu, Op.Div, Op.Divu, Op.Rem, Op.Remu];
const CSR_OPS: readonly (Op | 0)[] = [0, Op.Csrrw, Op.Csrrs, Op.Csrrc, 0, Op.Csrrwi, Op.Csrrsi, Op.Csrrci];

/** AMO funct5 -> op (A extension, table 8.x "AMO"), 0 where reserved. */
function amoOp(funct5: number): Op | 0 {
  switch (funct5) {
    case 0x02: return Op.LrW;
    case 0x03: return Op.ScW;
    case 0x01: return Op.AmoswapW;
    case 0x00: return Op.AmoaddW;
    case 0x04: return Op.AmoxorW;
    case 0x0c: return Op.AmoandW;
    case 0x08: return Op.AmoorW;
    case 0x10: return Op.AmominW;
    case 0x14: return Op.AmomaxW;
    case 0x18: return Op.AmominuW;
    case 0x1c: return Op.AmomaxuW;
    default: return 0;
  }
}

/** Decodes one 32-bit instruction (low two bits 11) into `out`. */
export function decode32(ins: number, out: Decoded): void {
  ins |= 0;
  const rd = (ins >> 7) & 31, f3 = (ins >> 12) & 7, rs1 = (ins >> 15) & 31, rs2 = (ins >> 20) & 31;
  const f7 = ins >>> 25;
  switch (ins & 0x7f) {
    case 0x37: // LUI
      return rd === 0 ? set(out, Op.Nop, 0) : set(out, pack(Op.Lui, rd, 0, 0), ins & 0xfffff000);
    case 0x17: // AUIPC
      return rd === 0 ? set(out, Op.Nop, 0) : set(out, pack(Op.Auipc, rd, 0, 0), ins & 0xfffff000);
    case 0x6f: { // JAL
      const imm = ((ins >> 31) << 20) | (ins & 0xff000) | (((ins >> 20) & 1) << 11) | (((ins >> 21) & 0x3ff) << 1);
      return set(out, rd === 0 ? Op.J : pack(Op.Jal, rd, 0, 0), imm);
    }
    case 0x67: // JALR
      if (f3 !== 0) return illegal(out, ins, false);
      return set(out, pack(rd === 0 ? Op.Jr : Op.Jalr, rd, rs1, 0), ins >> 20);
    case 0x63: { // BRANCH
      const op = BRANCHES[f3];
      if (op === 0) return illegal(out, ins, false);
      const imm = ((ins >> 31) << 12) | (((ins >> 7) & 1) << 11) | (((ins >> 25) & 0x3f) << 5) | (((ins >> 8) & 0xf) << 1);
      return set(out, pack(op, 0, rs1, rs2), imm);
    }
    case 0x03: { // LOAD (performed even with rd = x0: it may fault or touch MMIO)
      const op = LOADS[f3];
      if (op === 0) return illegal(out, ins, false);
      return set(out, pack(op, rd, rs1, 0), ins >> 20);
    }
    case 0x23: { // STORE
      const op = STORES[f3];
      if (op === 0) return illegal(out, ins, false);
      return set(out, pack(op, 0, rs1, rs2), ((ins >> 25) << 5) | ((ins >> 7) & 31));
    }
    case 0x13: { // OP-IMM
      let imm = ins >> 20;
      if (f3 === 1) { // SLLI: imm[11:5] must be 0 (shamt[5] = 1 is reserved on RV32)
        if (f7 !== 0) return illegal(out, ins, false);
        imm = rs2;
      } else if (f3 === 5) { // SRLI / SRAI
        if (f7 !== 0 && f7 !== 0x20) return illegal(out, ins, false);
        imm = rs2;
        if (f7 === 0x20) return rd === 0 ? set(out, Op.Nop, 0) : set(out, pack(Op.Srai, rd, rs1, 0), imm);
      }
      return rd === 0 ? set(out, Op.Nop, 0) : set(out, pack(OP_IMM[f3], rd, rs1, 0), imm);
    }
    case 0x33: { // OP
      let op: Op;
      if (f7 === 0) op = OP_BASE[f3];
      else if (f7 === 1) op = OP_MULDIV[f3];
      else if (f7 === 0x20 && f3 === 0) op = Op.Sub;
      else if (f7 === 0x20 && f3 === 5) op = Op.Sra;
      else return illegal(out, ins, false);
      return rd === 0 ? set(out, Op.Nop, 0) : set(out, pack(op, rd, rs1, rs2), 0);
    }
    case 0x0f: // MISC-MEM: the fence fields are ignored (one hart, coherent memory)
      if (f3 === 0) return set(out, Op.Fence, 0);
      if (f3 === 1) return set(out, Op.FenceI, 0);
      return illegal(out, ins, false);
    case 0x73: { // SYSTEM
      if (f3 === 0) {
        switch (ins) {
          case 0x00000073: return set(out, Op.Ecall, 0);
          case 0x00100073: return set(out, Op.Ebreak, 0);
          case 0x10200073: return set(out, Op.Sret, 0);
          case 0x30200073: return set(out, Op.Mret, 0);
          case 0x10500073: return set(out, Op.Wfi, 0);
        }
        if ((ins & 0xfe007fff) === 0x12000073) return set(out, pack(Op.SfenceVma, 0, rs1, rs2), 0);
        return illegal(out, ins, false);
      }
      const op = CSR_OPS[f3];
      if (op === 0) return illegal(out, ins, false);
      return set(out, pack(op, rd, rs1, 0), ins >>> 20);
    }
    case 0x2f: { // AMO
      if (f3 !== 2) return illegal(out, ins, false);
      const op = amoOp(ins >>> 27);
      if (op === 0 || (op === Op.LrW && rs2 !== 0)) return illegal(out, ins, false);
      return set(out, pack(op, rd, rs1, rs2), 0);
    }
    default:
      return illegal(out, ins, false);
  }
}

/**
 * Rebuilds the instruction bits of a decoded SYSTEM instruction, for the
 * mtval of an illegal-instruction trap raised when it executes (CSR access
 * rules, privilege). These are always 32-bit instructions.
 */
export function systemBits(op: Op, rd: number, rs1: number, rs2: number, csr: number): number {
  switch (op) {
    case Op.Csrrw: case Op.Csrrs: case Op.Csrrc: case Op.Csrrwi: case Op.Csrrsi: case Op.Csrrci: {
      const f3 = CSR_OPS.indexOf(op);
      return ((csr << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | 0x73) | 0;
    }
    case Op.Mret: return 0x30200073;
    case Op.Sret: return 0x10200073;
    case Op.Wfi: return 0x10500073;
    case Op.SfenceVma: return (0x12000073 | (rs2 << 20) | (rs1 << 15)) | 0;
    default: return 0;
  }
}
