// Instruction fields and immediates of the RISC-V encodings (unprivileged
// ISA spec 20191213, chapter 2 "RV32I" for the 32-bit formats and chapter 16
// "C" for the compressed ones), plus the ABI register names (psABI, "Integer
// Register Convention") that the disassembler prints.

/** ABI names of x0..x31, as GNU objdump prints them (x8 is `s0`, never `fp`). */
export const ABI_REGISTER_NAMES: readonly string[] = Object.freeze([
  'zero', 'ra', 'sp', 'gp', 'tp', 't0', 't1', 't2',
  's0', 's1', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5',
  'a6', 'a7', 's2', 's3', 's4', 's5', 's6', 's7',
  's8', 's9', 's10', 's11', 't3', 't4', 't5', 't6',
]);

export const REG_ZERO = 0;
export const REG_RA = 1;
export const REG_SP = 2;
export const REG_GP = 3;
export const REG_TP = 4;

/** ABI name of register `n` (0..31). */
export function reg(n: number): string {
  return ABI_REGISTER_NAMES[n & 31];
}

/** Bits [hi:lo] of `word`, unsigned. */
export function bits(word: number, hi: number, lo: number): number {
  return (word >>> lo) & ((2 ** (hi - lo + 1)) - 1);
}

/** Sign-extends the low `width` bits of `value`. */
export function signExtend(value: number, width: number): number {
  const shift = 32 - width;
  return (value << shift) >> shift;
}

// ---- 32-bit formats -------------------------------------------------------

export const opcode = (w: number): number => w & 0x7f;
export const rd = (w: number): number => bits(w, 11, 7);
export const rs1 = (w: number): number => bits(w, 19, 15);
export const rs2 = (w: number): number => bits(w, 24, 20);
export const funct3 = (w: number): number => bits(w, 14, 12);
export const funct7 = (w: number): number => bits(w, 31, 25);

export const immI = (w: number): number => w >> 20;
export const immS = (w: number): number => ((w >> 25) << 5) | bits(w, 11, 7);
export const immB = (w: number): number =>
  signExtend((bits(w, 31, 31) << 12) | (bits(w, 7, 7) << 11) | (bits(w, 30, 25) << 5) | (bits(w, 11, 8) << 1), 13);
/** U-type immediate already shifted into place (bits 31:12). */
export const immU = (w: number): number => w & 0xfffff000;
export const immJ = (w: number): number =>
  signExtend((bits(w, 31, 31) << 20) | (bits(w, 19, 12) << 12) | (bits(w, 20, 20) << 11) | (bits(w, 30, 21) << 1), 21);

// ---- 16-bit (C) formats ---------------------------------------------------

/** rd / rs1 in CI, CR and CSS formats (bits 11:7). */
export const cRd = (h: number): number => bits(h, 11, 7);
/** rs2 in CR and CSS formats (bits 6:2). */
export const cRs2 = (h: number): number => bits(h, 6, 2);
/** The 3-bit register fields of CIW/CL/CS/CB (x8..x15). */
export const cRs1Prime = (h: number): number => 8 + bits(h, 9, 7);
export const cRs2Prime = (h: number): number => 8 + bits(h, 4, 2);

/** CI-format 6-bit signed immediate (c.addi, c.li, c.andi, c.lui before shifting). */
export const cImmI = (h: number): number => signExtend((bits(h, 12, 12) << 5) | bits(h, 6, 2), 6);
/** CI-format 6-bit shift amount (c.slli, c.srli, c.srai). */
export const cShamt = (h: number): number => (bits(h, 12, 12) << 5) | bits(h, 6, 2);
/** c.addi4spn zero-extended immediate. */
export const cImmAddi4spn = (h: number): number =>
  (bits(h, 12, 11) << 4) | (bits(h, 10, 7) << 6) | (bits(h, 6, 6) << 2) | (bits(h, 5, 5) << 3);
/** c.addi16sp signed immediate. */
export const cImmAddi16sp = (h: number): number =>
  signExtend((bits(h, 12, 12) << 9) | (bits(h, 6, 6) << 4) | (bits(h, 5, 5) << 6) | (bits(h, 4, 3) << 7) | (bits(h, 2, 2) << 5), 10);
/** c.lw / c.sw offset. */
export const cOffsetLw = (h: number): number => (bits(h, 12, 10) << 3) | (bits(h, 6, 6) << 2) | (bits(h, 5, 5) << 6);
/** c.lwsp offset. */
export const cOffsetLwsp = (h: number): number => (bits(h, 12, 12) << 5) | (bits(h, 6, 4) << 2) | (bits(h, 3, 2) << 6);
/** c.swsp offset. */
export const cOffsetSwsp = (h: number): number => (bits(h, 12, 9) << 2) | (bits(h, 8, 7) << 6);
/** c.beqz / c.bnez offset. */
export const cOffsetB = (h: number): number =>
  signExtend((bits(h, 12, 12) << 8) | (bits(h, 11, 10) << 3) | (bits(h, 6, 5) << 6) | (bits(h, 4, 3) << 1) | (bits(h, 2, 2) << 5), 9);
/** c.j / c.jal offset. */
export const cOffsetJ = (h: number): number =>
  signExtend(
    (bits(h, 12, 12) << 11) | (bits(h, 11, 11) << 4) | (bits(h, 10, 9) << 8) | (bits(h, 8, 8) << 10) |
    (bits(h, 7, 7) << 6) | (bits(h, 6, 6) << 7) | (bits(h, 5, 3) << 1) | (bits(h, 2, 2) << 5),
    12,
  );

/**
 * Length in bytes of the instruction whose first 16-bit parcel is `parcel`,
 * by the variable-length encoding rule (ISA spec 1.5 "Base Instruction-Length
 * Encoding"), with objdump's choice of 2 for the reserved >= 192-bit forms.
 */
export function encodedLength(parcel: number): number {
  if ((parcel & 0x3) !== 0x3) return 2;
  if ((parcel & 0x1f) !== 0x1f) return 4;
  if ((parcel & 0x3f) === 0x1f) return 6;
  if ((parcel & 0x7f) === 0x3f) return 8;
  if ((parcel & 0x7f) === 0x7f && (parcel & 0x7000) !== 0x7000) return 10 + ((parcel >> 11) & 0xe);
  return 2;
}

/** Lower-case hex without leading zeros (at least one digit). */
export function hex(value: number): string {
  return (value >>> 0).toString(16);
}
