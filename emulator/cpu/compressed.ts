// Decoder for 16-bit instructions: the RV32C subset valid without F/D
// (unprivileged spec 20191213 ch. 16, tables 16.5-16.7). Each form expands
// to the op of its 32-bit equivalent, flagged as 2 bytes long. Reserved
// encodings (nzimm = 0 where it must not be, c.lwsp/c.jr with x0, shamt[5]
// on RV32, the RV64 and floating-point forms) are illegal instructions whose
// immediate carries the 16 instruction bits, as QEMU reports them in mtval.
// HINT encodings (rd = x0 and the like) execute as no-ops.
import { Op, SLOT_COMPRESSED } from './interpreter';
import { Decoded, pack } from './decode';

const C = SLOT_COMPRESSED;
/** c.sub, c.xor, c.or, c.and by bits 6:5. */
const CA_OPS: readonly Op[] = [Op.Sub, Op.Xor, Op.Or, Op.And];

function set(out: Decoded, w: number, imm: number): void {
  out.w = w | C;
  out.imm = imm | 0;
}

function illegal(out: Decoded, bits: number): void {
  out.w = Op.Illegal | C;
  out.imm = bits;
}

/** Sign-extends the low `bits` bits of v. */
function sext(v: number, bits: number): number {
  const s = 32 - bits;
  return (v << s) >> s;
}

/** The 6-bit immediate of CI-format instructions: imm[5] = bit 12, imm[4:0] = bits 6:2. */
function ciImm(c: number): number {
  return sext(((c >> 7) & 0x20) | ((c >> 2) & 0x1f), 6);
}

/** The jump offset of c.j / c.jal: offset[11|4|9:8|10|6|7|3:1|5] in bits 12:2. */
function cjImm(c: number): number {
  return sext(((c >> 1) & 0x800) | ((c >> 7) & 0x10) | ((c >> 1) & 0x300) | ((c << 2) & 0x400)
    | ((c >> 1) & 0x40) | ((c << 1) & 0x80) | ((c >> 2) & 0xe) | ((c << 3) & 0x20), 12);
}

/** The branch offset of c.beqz / c.bnez: offset[8|4:3] in 12:10, offset[7:6|2:1|5] in 6:2. */
function cbImm(c: number): number {
  return sext(((c >> 4) & 0x100) | ((c >> 7) & 0x18) | ((c << 1) & 0xc0) | ((c >> 2) & 6) | ((c << 3) & 0x20), 9);
}

/** c.lw / c.sw offset: offset[5:3] in 12:10, offset[2] in 6, offset[6] in 5. */
function clwImm(c: number): number {
  return ((c >> 7) & 0x38) | ((c >> 4) & 4) | ((c << 1) & 0x40);
}

/** Decodes one 16-bit instruction (low two bits not 11) into `out`. */
export function decode16(c: number, out: Decoded): void {
  c &= 0xffff;
  const f3 = c >> 13;
  const rdp = ((c >> 2) & 7) + 8; // rd' / rs2' (bits 4:2)
  const rs1p = ((c >> 7) & 7) + 8; // rs1' / rd' (bits 9:7)
  const rd = (c >> 7) & 31; // rd / rs1 (bits 11:7)
  const rs2 = (c >> 2) & 31; // rs2 (bits 6:2)
  switch (c & 3) {
    case 0:
      switch (f3) {
        case 0: { // c.addi4spn: nzuimm[5:4|9:6|2|3] in bits 12:5
          const imm = ((c >> 7) & 0x30) | ((c >> 1) & 0x3c0) | ((c >> 4) & 4) | ((c >> 2) & 8);
          if (imm === 0) return illegal(out, c); // includes the all-zero halfword
          return set(out, pack(Op.Addi, rdp, 2, 0), imm);
        }
        case 2: return set(out, pack(Op.Lw, rdp, rs1p, 0), clwImm(c));
        case 6: return set(out, pack(Op.Sw, 0, rs1p, rdp), clwImm(c));
        default: return illegal(out, c); // c.fld, c.flw, c.fsd, c.fsw, reserved
      }
    case 1:
      switch (f3) {
        case 0: // c.addi (c.nop and zero-immediate forms are hints)
          return rd === 0 ? set(out, Op.Nop, 0) : set(out, pack(Op.Addi, rd, rd, 0), ciImm(c));
        case 1: return set(out, pack(Op.Jal, 1, 0, 0), cjImm(c)); // c.jal
        case 2: // c.li
          return rd === 0 ? set(out, Op.Nop, 0) : set(out, pack(Op.Addi, rd, 0, 0), ciImm(c));
        case 3: {
          if ((c & 0x107c) === 0) return illegal(out, c); // nzimm = 0 is reserved for both forms
          if (rd === 2) { // c.addi16sp: nzimm[9] in 12, nzimm[4|6|8:7|5] in 6:2
            const imm = ((c >> 3) & 0x200) | ((c >> 2) & 0x10) | ((c << 1) & 0x40) | ((c << 4) & 0x180) | ((c << 3) & 0x20);
            return set(out, pack(Op.Addi, 2, 2, 0), sext(imm, 10));
          }
          return rd === 0 ? set(out, Op.Nop, 0) : set(out, pack(Op.Lui, rd, 0, 0), ciImm(c) << 12); // c.lui
        }
        case 4: {
          const f2 = (c >> 10) & 3;
          if (f2 < 2) { // c.srli / c.srai
            if (c & 0x1000) return illegal(out, c); // shamt[5] = 1: reserved on RV32
            return set(out, pack(f2 === 0 ? Op.Srli : Op.Srai, rs1p, rs1p, 0), rs2);
          }
          if (f2 === 2) return set(out, pack(Op.Andi, rs1p, rs1p, 0), ciImm(c)); // c.andi
          if (c & 0x1000) return illegal(out, c); // c.subw, c.addw (RV64) and reserved
          return set(out, pack(CA_OPS[(c >> 5) & 3], rs1p, rs1p, rdp), 0);
        }
        case 5: return set(out, Op.J, cjImm(c)); // c.j
        case 6: return set(out, pack(Op.Beq, 0, rs1p, 0), cbImm(c)); // c.beqz
        default: return set(out, pack(Op.Bne, 0, rs1p, 0), cbImm(c)); // c.bnez
      }
    default: // quadrant 2 (the caller never passes quadrant 3)
      switch (f3) {
        case 0: // c.slli
          if (c & 0x1000) return illegal(out, c);
          return rd === 0 ? set(out, Op.Nop, 0) : set(out, pack(Op.Slli, rd, rd, 0), rs2);
        case 2: { // c.lwsp: offset[5] in 12, offset[4:2|7:6] in 6:2
          if (rd === 0) return illegal(out, c);
          const imm = ((c >> 7) & 0x20) | ((c >> 2) & 0x1c) | ((c << 4) & 0xc0);
          return set(out, pack(Op.Lw, rd, 2, 0), imm);
        }
        case 4:
          if ((c & 0x1000) === 0) {
            if (rs2 === 0) { // c.jr
              if (rd === 0) return illegal(out, c);
              return set(out, pack(Op.Jr, 0, rd, 0), 0);
            }
            return rd === 0 ? set(out, Op.Nop, 0) : set(out, pack(Op.Add, rd, 0, rs2), 0); // c.mv
          }
          if (rs2 === 0) {
            if (rd === 0) return set(out, Op.Ebreak, 0); // c.ebreak
            return set(out, pack(Op.Jalr, 1, rd, 0), 0); // c.jalr
          }
          return rd === 0 ? set(out, Op.Nop, 0) : set(out, pack(Op.Add, rd, rd, rs2), 0); // c.add
        case 6: { // c.swsp: offset[5:2|7:6] in 12:7
          const imm = ((c >> 7) & 0x3c) | ((c >> 1) & 0xc0);
          return set(out, pack(Op.Sw, 0, 2, rs2), imm);
        }
        default: return illegal(out, c); // c.fldsp, c.flwsp, c.fsdsp, c.fswsp
      }
  }
}
