// A tiny RV32IMAC encoder so hart tests read like assembly: each function
// is named after the mnemonic ('.' becomes '_') and takes operands in
// assembly order, e.g. `lw(t0, 8, sp)` for `lw t0, 8(sp)`. Encodings from
// the unprivileged spec 20191213 (ch. 2, 7, 8, 9, 16, 24 opcode map) and the
// privileged spec v1.12. Offsets of branches and jumps are relative to the
// instruction itself. A test (encode.test.ts) checks this encoder against
// the GNU assembler.

export const zero = 0, ra = 1, sp = 2, gp = 3, tp = 4, t0 = 5, t1 = 6, t2 = 7, s0 = 8, s1 = 9;
export const a0 = 10, a1 = 11, a2 = 12, a3 = 13, a4 = 14, a5 = 15, a6 = 16, a7 = 17;
export const s2 = 18, s3 = 19, s4 = 20, s5 = 21, s6 = 22, s7 = 23, s8 = 24, s9 = 25, s10 = 26, s11 = 27;
export const t3 = 28, t4 = 29, t5 = 30, t6 = 31;

function fits(v: number, bits: number, what: string): void {
  const lo = -(2 ** (bits - 1)), hi = 2 ** (bits - 1) - 1;
  if (v < lo || v > hi) throw new Error(`${what} ${v} does not fit in ${bits} signed bits`);
}

export function rType(op: number, f3: number, f7: number, rd: number, rs1: number, rs2: number): number {
  return ((f7 << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op) >>> 0;
}
export function iType(op: number, f3: number, rd: number, rs1: number, imm: number): number {
  fits(imm, 12, 'immediate');
  return (((imm & 0xfff) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op) >>> 0;
}
export function sType(op: number, f3: number, rs1: number, rs2: number, imm: number): number {
  fits(imm, 12, 'offset');
  return ((((imm >> 5) & 0x7f) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | ((imm & 31) << 7) | op) >>> 0;
}
export function bType(f3: number, rs1: number, rs2: number, off: number): number {
  fits(off, 13, 'branch offset');
  return ((((off >> 12) & 1) << 31) | (((off >> 5) & 0x3f) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12)
    | (((off >> 1) & 0xf) << 8) | (((off >> 11) & 1) << 7) | 0x63) >>> 0;
}
export function uType(op: number, rd: number, imm20: number): number {
  return (((imm20 & 0xfffff) << 12) | (rd << 7) | op) >>> 0;
}
export function jType(rd: number, off: number): number {
  fits(off, 21, 'jump offset');
  return ((((off >> 20) & 1) << 31) | (((off >> 1) & 0x3ff) << 21) | (((off >> 11) & 1) << 20)
    | (((off >> 12) & 0xff) << 12) | (rd << 7) | 0x6f) >>> 0;
}

// RV32I
export const lui = (rd: number, imm20: number): number => uType(0x37, rd, imm20);
export const auipc = (rd: number, imm20: number): number => uType(0x17, rd, imm20);
export const jal = (rd: number, off: number): number => jType(rd, off);
export const jalr = (rd: number, rs1: number, imm: number): number => iType(0x67, 0, rd, rs1, imm);
export const beq = (rs1: number, rs2: number, off: number): number => bType(0, rs1, rs2, off);
export const bne = (rs1: number, rs2: number, off: number): number => bType(1, rs1, rs2, off);
export const blt = (rs1: number, rs2: number, off: number): number => bType(4, rs1, rs2, off);
export const bge = (rs1: number, rs2: number, off: number): number => bType(5, rs1, rs2, off);
export const bltu = (rs1: number, rs2: number, off: number): number => bType(6, rs1, rs2, off);
export const bgeu = (rs1: number, rs2: number, off: number): number => bType(7, rs1, rs2, off);
export const lb = (rd: number, imm: number, rs1: number): number => iType(0x03, 0, rd, rs1, imm);
export const lh = (rd: number, imm: number, rs1: number): number => iType(0x03, 1, rd, rs1, imm);
export const lw = (rd: number, imm: number, rs1: number): number => iType(0x03, 2, rd, rs1, imm);
export const lbu = (rd: number, imm: number, rs1: number): number => iType(0x03, 4, rd, rs1, imm);
export const lhu = (rd: number, imm: number, rs1: number): number => iType(0x03, 5, rd, rs1, imm);
export const sb = (rs2: number, imm: number, rs1: number): number => sType(0x23, 0, rs1, rs2, imm);
export const sh = (rs2: number, imm: number, rs1: number): number => sType(0x23, 1, rs1, rs2, imm);
export const sw = (rs2: number, imm: number, rs1: number): number => sType(0x23, 2, rs1, rs2, imm);
export const addi = (rd: number, rs1: number, imm: number): number => iType(0x13, 0, rd, rs1, imm);
export const slti = (rd: number, rs1: number, imm: number): number => iType(0x13, 2, rd, rs1, imm);
export const sltiu = (rd: number, rs1: number, imm: number): number => iType(0x13, 3, rd, rs1, imm);
export const xori = (rd: number, rs1: number, imm: number): number => iType(0x13, 4, rd, rs1, imm);
export const ori = (rd: number, rs1: number, imm: number): number => iType(0x13, 6, rd, rs1, imm);
export const andi = (rd: number, rs1: number, imm: number): number => iType(0x13, 7, rd, rs1, imm);
export const slli = (rd: number, rs1: number, sh: number): number => rType(0x13, 1, 0, rd, rs1, sh);
export const srli = (rd: number, rs1: number, sh: number): number => rType(0x13, 5, 0, rd, rs1, sh);
export const srai = (rd: number, rs1: number, sh: number): number => rType(0x13, 5, 0x20, rd, rs1, sh);
export const add = (rd: number, rs1: number, rs2: number): number => rType(0x33, 0, 0, rd, rs1, rs2);
export const sub = (rd: number, rs1: number, rs2: number): number => rType(0x33, 0, 0x20, rd, rs1, rs2);
export const sll = (rd: number, rs1: number, rs2: number): number => rType(0x33, 1, 0, rd, rs1, rs2);
export const slt = (rd: number, rs1: number, rs2: number): number => rType(0x33, 2, 0, rd, rs1, rs2);
export const sltu = (rd: number, rs1: number, rs2: number): number => rType(0x33, 3, 0, rd, rs1, rs2);
export const xor = (rd: number, rs1: number, rs2: number): number => rType(0x33, 4, 0, rd, rs1, rs2);
export const srl = (rd: number, rs1: number, rs2: number): number => rType(0x33, 5, 0, rd, rs1, rs2);
export const sra = (rd: number, rs1: number, rs2: number): number => rType(0x33, 5, 0x20, rd, rs1, rs2);
export const or = (rd: number, rs1: number, rs2: number): number => rType(0x33, 6, 0, rd, rs1, rs2);
export const and = (rd: number, rs1: number, rs2: number): number => rType(0x33, 7, 0, rd, rs1, rs2);
export const fence = (): number => 0x0ff0000f; // fence iorw, iorw
export const fence_i = (): number => 0x0000100f;
export const ecall = (): number => 0x00000073;
export const ebreak = (): number => 0x00100073;
export const sret = (): number => 0x10200073;
export const mret = (): number => 0x30200073;
export const wfi = (): number => 0x10500073;
export const sfence_vma = (rs1: number, rs2: number): number => rType(0x73, 0, 0x09, 0, rs1, rs2);

// M
export const mul = (rd: number, rs1: number, rs2: number): number => rType(0x33, 0, 1, rd, rs1, rs2);
export const mulh = (rd: number, rs1: number, rs2: number): number => rType(0x33, 1, 1, rd, rs1, rs2);
export const mulhsu = (rd: number, rs1: number, rs2: number): number => rType(0x33, 2, 1, rd, rs1, rs2);
export const mulhu = (rd: number, rs1: number, rs2: number): number => rType(0x33, 3, 1, rd, rs1, rs2);
export const div = (rd: number, rs1: number, rs2: number): number => rType(0x33, 4, 1, rd, rs1, rs2);
export const divu = (rd: number, rs1: number, rs2: number): number => rType(0x33, 5, 1, rd, rs1, rs2);
export const rem = (rd: number, rs1: number, rs2: number): number => rType(0x33, 6, 1, rd, rs1, rs2);
export const remu = (rd: number, rs1: number, rs2: number): number => rType(0x33, 7, 1, rd, rs1, rs2);

// A (aq/rl bits zero)
const amo = (f5: number, rd: number, rs2: number, rs1: number): number => rType(0x2f, 2, f5 << 2, rd, rs1, rs2);
export const lr_w = (rd: number, rs1: number): number => amo(0x02, rd, 0, rs1);
export const sc_w = (rd: number, rs2: number, rs1: number): number => amo(0x03, rd, rs2, rs1);
export const amoswap_w = (rd: number, rs2: number, rs1: number): number => amo(0x01, rd, rs2, rs1);
export const amoadd_w = (rd: number, rs2: number, rs1: number): number => amo(0x00, rd, rs2, rs1);
export const amoxor_w = (rd: number, rs2: number, rs1: number): number => amo(0x04, rd, rs2, rs1);
export const amoand_w = (rd: number, rs2: number, rs1: number): number => amo(0x0c, rd, rs2, rs1);
export const amoor_w = (rd: number, rs2: number, rs1: number): number => amo(0x08, rd, rs2, rs1);
export const amomin_w = (rd: number, rs2: number, rs1: number): number => amo(0x10, rd, rs2, rs1);
export const amomax_w = (rd: number, rs2: number, rs1: number): number => amo(0x14, rd, rs2, rs1);
export const amominu_w = (rd: number, rs2: number, rs1: number): number => amo(0x18, rd, rs2, rs1);
export const amomaxu_w = (rd: number, rs2: number, rs1: number): number => amo(0x1c, rd, rs2, rs1);

// Zicsr (csr is the 12-bit address)
const csrOp = (f3: number, rd: number, csr: number, rs1: number): number =>
  (((csr & 0xfff) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | 0x73) >>> 0;
export const csrrw = (rd: number, csr: number, rs1: number): number => csrOp(1, rd, csr, rs1);
export const csrrs = (rd: number, csr: number, rs1: number): number => csrOp(2, rd, csr, rs1);
export const csrrc = (rd: number, csr: number, rs1: number): number => csrOp(3, rd, csr, rs1);
export const csrrwi = (rd: number, csr: number, uimm: number): number => csrOp(5, rd, csr, uimm);
export const csrrsi = (rd: number, csr: number, uimm: number): number => csrOp(6, rd, csr, uimm);
export const csrrci = (rd: number, csr: number, uimm: number): number => csrOp(7, rd, csr, uimm);
export const csrr = (rd: number, csr: number): number => csrrs(rd, csr, 0);
export const csrw = (csr: number, rs1: number): number => csrrw(0, csr, rs1);

// Pseudo-instructions used by tests
export const nop = (): number => addi(0, 0, 0);
export const mv = (rd: number, rs: number): number => addi(rd, rs, 0);
export const j = (off: number): number => jal(0, off);
export const ret = (): number => jalr(0, ra, 0);

/** li rd, value as lui+addi (always two instructions, so layouts are predictable). */
export function li(rd: number, value: number): number[] {
  const v = value | 0;
  const lo = (v << 20) >> 20;
  const hi = ((v - lo) >>> 12) & 0xfffff;
  return [lui(rd, hi), addi(rd, rd, lo)];
}

// C (RV32C). Registers written rd'/rs1'/rs2' must be x8..x15.
function creg(r: number): number {
  if (r < 8 || r > 15) throw new Error(`x${r} is not encodable in a compressed 3-bit register field`);
  return r - 8;
}
function cImm6(imm: number): number {
  fits(imm, 6, 'immediate');
  return (((imm >> 5) & 1) << 12) | ((imm & 31) << 2);
}
function cjOff(off: number): number {
  fits(off, 12, 'jump offset');
  const b = (n: number): number => (off >> n) & 1;
  return (b(11) << 12) | (b(4) << 11) | (b(9) << 10) | (b(8) << 9) | (b(10) << 8) | (b(6) << 7) | (b(7) << 6)
    | (b(3) << 5) | (b(2) << 4) | (b(1) << 3) | (b(5) << 2);
}
function cbOff(off: number): number {
  fits(off, 9, 'branch offset');
  const b = (n: number): number => (off >> n) & 1;
  return (b(8) << 12) | (b(4) << 11) | (b(3) << 10) | (b(7) << 6) | (b(6) << 5) | (b(2) << 4) | (b(1) << 3) | (b(5) << 2);
}
export const c_addi4spn = (rd: number, uimm: number): number =>
  ((((uimm >> 4) & 3) << 11) | (((uimm >> 6) & 15) << 7) | (((uimm >> 2) & 1) << 6) | (((uimm >> 3) & 1) << 5)
    | (creg(rd) << 2)) >>> 0;
export const c_lw = (rd: number, off: number, rs1: number): number =>
  (0x4000 | (((off >> 3) & 7) << 10) | (creg(rs1) << 7) | (((off >> 2) & 1) << 6) | (((off >> 6) & 1) << 5)
    | (creg(rd) << 2)) >>> 0;
export const c_sw = (rs2: number, off: number, rs1: number): number =>
  (0xc000 | (((off >> 3) & 7) << 10) | (creg(rs1) << 7) | (((off >> 2) & 1) << 6) | (((off >> 6) & 1) << 5)
    | (creg(rs2) << 2)) >>> 0;
export const c_nop = (): number => 0x0001;
export const c_addi = (rd: number, imm: number): number => 0x0001 | (rd << 7) | cImm6(imm);
export const c_jal = (off: number): number => 0x2001 | cjOff(off);
export const c_li = (rd: number, imm: number): number => 0x4001 | (rd << 7) | cImm6(imm);
export const c_addi16sp = (imm: number): number => {
  fits(imm, 10, 'immediate');
  const b = (n: number): number => (imm >> n) & 1;
  return 0x6101 | (b(9) << 12) | (b(4) << 6) | (b(6) << 5) | (b(8) << 4) | (b(7) << 3) | (b(5) << 2);
};
export const c_lui = (rd: number, imm6: number): number => 0x6001 | (rd << 7) | cImm6(imm6);
export const c_srli = (rd: number, sh: number): number => 0x8001 | (creg(rd) << 7) | ((sh & 31) << 2) | (((sh >> 5) & 1) << 12);
export const c_srai = (rd: number, sh: number): number => 0x8401 | (creg(rd) << 7) | ((sh & 31) << 2) | (((sh >> 5) & 1) << 12);
export const c_andi = (rd: number, imm: number): number => 0x8801 | (creg(rd) << 7) | cImm6(imm);
export const c_sub = (rd: number, rs2: number): number => 0x8c01 | (creg(rd) << 7) | (creg(rs2) << 2);
export const c_xor = (rd: number, rs2: number): number => 0x8c21 | (creg(rd) << 7) | (creg(rs2) << 2);
export const c_or = (rd: number, rs2: number): number => 0x8c41 | (creg(rd) << 7) | (creg(rs2) << 2);
export const c_and = (rd: number, rs2: number): number => 0x8c61 | (creg(rd) << 7) | (creg(rs2) << 2);
export const c_j = (off: number): number => 0xa001 | cjOff(off);
export const c_beqz = (rs1: number, off: number): number => 0xc001 | (creg(rs1) << 7) | cbOff(off);
export const c_bnez = (rs1: number, off: number): number => 0xe001 | (creg(rs1) << 7) | cbOff(off);
export const c_slli = (rd: number, sh: number): number => 0x0002 | (rd << 7) | ((sh & 31) << 2) | (((sh >> 5) & 1) << 12);
export const c_lwsp = (rd: number, off: number): number =>
  0x4002 | (((off >> 5) & 1) << 12) | (rd << 7) | (((off >> 2) & 7) << 4) | (((off >> 6) & 3) << 2);
export const c_jr = (rs1: number): number => 0x8002 | (rs1 << 7);
export const c_mv = (rd: number, rs2: number): number => 0x8002 | (rd << 7) | (rs2 << 2);
export const c_ebreak = (): number => 0x9002;
export const c_jalr = (rs1: number): number => 0x9002 | (rs1 << 7);
export const c_add = (rd: number, rs2: number): number => 0x9002 | (rd << 7) | (rs2 << 2);
export const c_swsp = (rs2: number, off: number): number =>
  0xc002 | (((off >> 2) & 15) << 9) | (((off >> 6) & 3) << 7) | (rs2 << 2);
