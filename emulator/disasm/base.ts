// Decodes 32-bit instructions of RV32I, M, A, Zicsr, Zifencei and the
// privileged instructions (unprivileged ISA spec 20191213 chapters 2, 3, 7,
// 8, 9; privileged spec 1.12 section 3.3) into the mnemonics, pseudo-
// instructions and operand forms GNU objdump 2.40 prints for an rv32imac
// ELF. Where objdump picks one of several aliases (e.g. `add a0,a1,4` for
// addi, `blez` over `bge zero,..`), the order here is objdump's.
// Encodings objdump does not know for this architecture return undefined.

import { csrName, PrivSpec } from './csr-names';
import { DecodedForm, form, probe } from './form';
import { Extensions } from './isa';
import {
  funct3, funct7, immB, immI, immJ, immS, immU, opcode, rd, reg, REG_RA, REG_ZERO, rs1, rs2, bits, hex,
} from './fields';

const LOADS: Record<number, string> = { 0: 'lb', 1: 'lh', 2: 'lw', 4: 'lbu', 5: 'lhu' };
const STORES: Record<number, string> = { 0: 'sb', 1: 'sh', 2: 'sw' };
const BRANCHES: Record<number, string> = { 0: 'beq', 1: 'bne', 4: 'blt', 5: 'bge', 6: 'bltu', 7: 'bgeu' };
const OPS: Record<number, string> = { 0: 'add', 1: 'sll', 2: 'slt', 3: 'sltu', 4: 'xor', 5: 'srl', 6: 'or', 7: 'and' };
const MULDIV: Record<number, string> = { 0: 'mul', 1: 'mulh', 2: 'mulhsu', 3: 'mulhu', 4: 'div', 5: 'divu', 6: 'rem', 7: 'remu' };
const AMOS: Record<number, string> = {
  0x00: 'amoadd.w', 0x01: 'amoswap.w', 0x02: 'lr.w', 0x03: 'sc.w', 0x04: 'amoxor.w', 0x08: 'amoor.w',
  0x0c: 'amoand.w', 0x10: 'amomin.w', 0x14: 'amomax.w', 0x18: 'amominu.w', 0x1c: 'amomaxu.w',
};
const AQRL_SUFFIX = ['', '.rl', '.aq', '.aqrl'];
/** FENCE predecessor/successor sets, indexed by the 4-bit IORW field; 0 prints as `unknown`. */
const FENCE_SETS = ['unknown', 'w', 'r', 'rw', 'o', 'ow', 'or', 'orw', 'i', 'iw', 'ir', 'irw', 'io', 'iow', 'ior', 'iorw'];
/** SYSTEM instructions with no operands, by their whole encoding. */
const SYSTEM_FIXED: Record<number, string> = {
  0x00000073: 'ecall', 0x00100073: 'ebreak', 0x00200073: 'uret', 0x10200073: 'sret',
  0x20200073: 'hret', 0x30200073: 'mret', 0x7b200073: 'dret', 0x10500073: 'wfi',
};
/** `rdcycle` & co: csrrs rd, <counter>, zero. */
const COUNTER_READS: Record<number, string> = {
  0xc00: 'rdcycle', 0xc01: 'rdtime', 0xc02: 'rdinstret', 0xc80: 'rdcycleh', 0xc81: 'rdtimeh', 0xc82: 'rdinstreth',
};
/** fence w,0: the Zihintpause hint. */
const PAUSE = 0x0100000f;
/** csrrw zero, cycle, zero: the canonical 32-bit `unimp`. */
const UNIMP32 = 0xc0001073;

export function decode32(w: number, pc: number, isa: Extensions, privSpec: PrivSpec): DecodedForm | undefined {
  switch (opcode(w)) {
    case 0x37: return form('lui', `${reg(rd(w))},0x${hex(immU(w) >>> 12)}`, { setsHigh: { reg: rd(w), value: immU(w) } });
    case 0x17: return form('auipc', `${reg(rd(w))},0x${hex(immU(w) >>> 12)}`, { setsHigh: { reg: rd(w), value: (pc + immU(w)) >>> 0 } });
    case 0x6f: return decodeJal(w, pc);
    case 0x67: return funct3(w) === 0 ? decodeJalr(w) : undefined;
    case 0x63: return decodeBranch(w, pc);
    case 0x03: return decodeLoad(w);
    case 0x23: return decodeStore(w);
    case 0x13: return decodeOpImm(w);
    case 0x33: return decodeOp(w, isa);
    case 0x0f: return decodeMiscMem(w, isa);
    case 0x73: return decodeSystem(w, isa, privSpec);
    case 0x2f: return isa.a ? decodeAmo(w) : undefined;
    default: return undefined;
  }
}

function decodeJal(w: number, pc: number): DecodedForm {
  const target = (pc + immJ(w)) >>> 0;
  if (rd(w) === REG_ZERO) return form('j', '', { target });
  if (rd(w) === REG_RA) return form('jal', '', { target });
  return form('jal', reg(rd(w)), { target });
}

function decodeJalr(w: number): DecodedForm {
  const d = rd(w), s = rs1(w), imm = immI(w);
  if (d === REG_ZERO && s === REG_RA && imm === 0) return form('ret');
  // objdump resolves the base three times for `o(s)` operands of jalr (the
  // offset, its fall-through, and the base register), once for a bare `s`.
  const thrice = [{ base: s, offset: imm }, { base: s, offset: imm }, { base: s, offset: imm }];
  const once = probe(s, imm);
  if (d === REG_ZERO) return imm === 0 ? form('jr', reg(s), { probes: once }) : form('jr', `${imm}(${reg(s)})`, { probes: thrice });
  if (d === REG_RA) return imm === 0 ? form('jalr', reg(s), { probes: once }) : form('jalr', `${imm}(${reg(s)})`, { probes: thrice });
  if (imm === 0) return form('jalr', `${reg(d)},${reg(s)}`, { probes: once });
  return form('jalr', `${reg(d)},${imm}(${reg(s)})`, { probes: thrice });
}

function decodeBranch(w: number, pc: number): DecodedForm | undefined {
  const name = BRANCHES[funct3(w)];
  if (name === undefined) return undefined;
  const target = (pc + immB(w)) >>> 0;
  const s = rs1(w), t = rs2(w);
  switch (name) {
    case 'beq': if (t === 0) return form('beqz', reg(s), { target }); break;
    case 'bne': if (t === 0) return form('bnez', reg(s), { target }); break;
    case 'bge':
      if (s === 0) return form('blez', reg(t), { target });
      if (t === 0) return form('bgez', reg(s), { target });
      break;
    case 'blt':
      if (t === 0) return form('bltz', reg(s), { target });
      if (s === 0) return form('bgtz', reg(t), { target });
      break;
  }
  return form(name, `${reg(s)},${reg(t)}`, { target });
}

function decodeLoad(w: number): DecodedForm | undefined {
  const name = LOADS[funct3(w)];
  if (name === undefined) return undefined;
  return form(name, `${reg(rd(w))},${immI(w)}(${reg(rs1(w))})`, { probes: probe(rs1(w), immI(w)) });
}

function decodeStore(w: number): DecodedForm | undefined {
  const name = STORES[funct3(w)];
  if (name === undefined) return undefined;
  return form(name, `${reg(rs2(w))},${immS(w)}(${reg(rs1(w))})`, { probes: probe(rs1(w), immS(w)) });
}

function decodeOpImm(w: number): DecodedForm | undefined {
  const d = rd(w), s = rs1(w), imm = immI(w);
  const ds = `${reg(d)},${reg(s)}`;
  switch (funct3(w)) {
    case 0: // addi
      if (w === 0x00000013) return form('nop');
      if (s === 0) return form('li', `${reg(d)},${imm}`);
      if (imm === 0) return form('mv', ds);
      return form('add', `${ds},${imm}`, { probes: probe(s, imm) });
    case 2: return form('slti', `${ds},${imm}`);
    case 3: return imm === 1 ? form('seqz', ds) : form('sltiu', `${ds},${imm}`);
    case 4: return imm === -1 ? form('not', ds) : form('xor', `${ds},${imm}`);
    case 6: return form('or', `${ds},${imm}`);
    case 7: return imm === 255 ? form('zext.b', ds) : form('and', `${ds},${imm}`);
    case 1: // slli: objdump decodes a 6-bit shift amount even on RV32
      return bits(w, 31, 26) === 0 ? form('sll', `${ds},0x${hex(bits(w, 25, 20))}`) : undefined;
    case 5: {
      const top = bits(w, 31, 26);
      if (top === 0) return form('srl', `${ds},0x${hex(bits(w, 25, 20))}`);
      if (top === 0x10) return form('sra', `${ds},0x${hex(bits(w, 25, 20))}`);
      return undefined;
    }
  }
  return undefined;
}

function decodeOp(w: number, isa: Extensions): DecodedForm | undefined {
  const d = rd(w), s = rs1(w), t = rs2(w), f3 = funct3(w);
  const dst = `${reg(d)},${reg(s)},${reg(t)}`;
  switch (funct7(w)) {
    case 0x00:
      if (f3 === 3 && s === 0) return form('snez', `${reg(d)},${reg(t)}`);
      if (f3 === 2 && t === 0) return form('sltz', `${reg(d)},${reg(s)}`);
      if (f3 === 2 && s === 0) return form('sgtz', `${reg(d)},${reg(t)}`);
      return form(OPS[f3], dst);
    case 0x20:
      if (f3 === 0) return s === 0 ? form('neg', `${reg(d)},${reg(t)}`) : form('sub', dst);
      if (f3 === 5) return form('sra', dst);
      return undefined;
    case 0x01: // mul* need M or Zmmul; div and rem need M
      return (f3 < 4 ? isa.zmmul : isa.m) ? form(MULDIV[f3], dst) : undefined;
    default: return undefined;
  }
}

function decodeMiscMem(w: number, isa: Extensions): DecodedForm | undefined {
  // Both fences need rd = rs1 = 0; fence.i also needs a zero immediate.
  if (rd(w) !== 0 || rs1(w) !== 0) return undefined;
  if (funct3(w) === 1) return immI(w) === 0 && isa.zifencei ? form('fence.i') : undefined;
  if (w === PAUSE && isa.zihintpause) return form('pause');
  if (funct3(w) !== 0) return undefined;
  const fm = bits(w, 31, 28), pred = bits(w, 27, 24), succ = bits(w, 23, 20);
  if (fm === 0) return pred === 0xf && succ === 0xf ? form('fence') : form('fence', `${FENCE_SETS[pred]},${FENCE_SETS[succ]}`);
  if (fm === 0x8 && pred === 0x3 && succ === 0x3) return form('fence.tso');
  return undefined;
}

function decodeSystem(w: number, isa: Extensions, privSpec: PrivSpec): DecodedForm | undefined {
  const d = rd(w), s = rs1(w), csr = bits(w, 31, 20);
  const name = csrName(csr, privSpec);
  const f3 = funct3(w);
  if (f3 === 0) return decodePrivileged(w);
  // unimp and the counter reads belong to the base ISA; the rest needs Zicsr.
  if (w === UNIMP32) return form('unimp');
  if (f3 === 2 && s === 0 && COUNTER_READS[csr] !== undefined) return form(COUNTER_READS[csr], reg(d));
  if (!isa.zicsr) return undefined;
  switch (f3) {
    case 1:
      return d === 0 ? form('csrw', `${name},${reg(s)}`) : form('csrrw', `${reg(d)},${name},${reg(s)}`);
    case 2:
      if (s === 0) return form('csrr', `${reg(d)},${name}`);
      return d === 0 ? form('csrs', `${name},${reg(s)}`) : form('csrrs', `${reg(d)},${name},${reg(s)}`);
    case 3: return d === 0 ? form('csrc', `${name},${reg(s)}`) : form('csrrc', `${reg(d)},${name},${reg(s)}`);
    // The immediate forms print under the register forms' names with a decimal uimm.
    case 5: return d === 0 ? form('csrw', `${name},${s}`) : form('csrrw', `${reg(d)},${name},${s}`);
    case 6: return d === 0 ? form('csrs', `${name},${s}`) : form('csrrs', `${reg(d)},${name},${s}`);
    case 7: return d === 0 ? form('csrc', `${name},${s}`) : form('csrrc', `${reg(d)},${name},${s}`);
    default: return undefined;
  }
}

function decodePrivileged(w: number): DecodedForm | undefined {
  const fixed = SYSTEM_FIXED[w >>> 0];
  if (fixed !== undefined) return form(fixed);
  if (rd(w) !== 0) return undefined;
  const s = rs1(w), t = rs2(w);
  if (funct7(w) === 0x09) { // sfence.vma rs1, rs2
    if (s === 0 && t === 0) return form('sfence.vma');
    return t === 0 ? form('sfence.vma', reg(s)) : form('sfence.vma', `${reg(s)},${reg(t)}`);
  }
  if (bits(w, 31, 20) === 0x104) { // sfence.vm rs1 (privileged spec 1.9)
    return s === 0 ? form('sfence.vm') : form('sfence.vm', reg(s));
  }
  return undefined;
}

function decodeAmo(w: number): DecodedForm | undefined {
  if (funct3(w) !== 2) return undefined;
  const name = AMOS[bits(w, 31, 27)];
  if (name === undefined) return undefined;
  const suffix = AQRL_SUFFIX[bits(w, 26, 25)];
  if (name === 'lr.w') return rs2(w) === 0 ? form(`lr.w${suffix}`, `${reg(rd(w))},(${reg(rs1(w))})`) : undefined;
  return form(`${name}${suffix}`, `${reg(rd(w))},${reg(rs2(w))},(${reg(rs1(w))})`);
}
