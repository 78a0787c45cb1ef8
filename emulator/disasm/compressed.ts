// Decodes 16-bit RVC instructions (unprivileged ISA spec 20191213, chapter 16
// "C" Standard Extension, RV32 column) the way GNU objdump 2.40 prints them
// without -M no-aliases: as the 32-bit instruction they expand to, with
// objdump's alias choice (`add a0,a0,1` for c.addi, `sll` for c.slli, `li`,
// `mv`, `ret`, `jr`, `nop`). Only the HINT encodings that have no expanded
// form keep their `c.` name (`c.nop 5`, `c.li zero,3`, `c.slli64 a0`).
// Encodings that are reserved on RV32 or belong to F/D return undefined.

import { DecodedForm, form, probe } from './form';
import {
  bits, cImmAddi16sp, cImmAddi4spn, cImmI, cOffsetB, cOffsetJ, cOffsetLw, cOffsetLwsp, cOffsetSwsp,
  cRd, cRs1Prime, cRs2, cRs2Prime, cShamt, hex, reg, REG_RA, REG_SP,
} from './fields';

export function decode16(h: number, pc: number): DecodedForm | undefined {
  switch (h & 3) {
    case 0: return quadrant0(h);
    case 1: return quadrant1(h, pc);
    case 2: return quadrant2(h);
    default: return undefined;
  }
}

function quadrant0(h: number): DecodedForm | undefined {
  switch (bits(h, 15, 13)) {
    case 0: { // c.addi4spn
      if (h === 0) return form('unimp');
      const imm = cImmAddi4spn(h);
      return imm === 0 ? undefined : form('add', `${reg(cRs2Prime(h))},sp,${imm}`);
    }
    case 2: return form('lw', `${reg(cRs2Prime(h))},${cOffsetLw(h)}(${reg(cRs1Prime(h))})`);
    case 6: return form('sw', `${reg(cRs2Prime(h))},${cOffsetLw(h)}(${reg(cRs1Prime(h))})`);
    default: return undefined; // c.fld, c.flw, c.fsd, c.fsw, reserved
  }
}

function quadrant1(h: number, pc: number): DecodedForm | undefined {
  const d = cRd(h), imm = cImmI(h);
  switch (bits(h, 15, 13)) {
    case 0: // c.addi; rd = 0 is c.nop (a HINT unless imm = 0)
      if (d === 0) return imm === 0 ? form('nop') : form('c.nop', `${imm}`);
      return form('add', `${reg(d)},${reg(d)},${imm}`, { probes: probe(d, imm) });
    case 1: return form('jal', '', { target: (pc + cOffsetJ(h)) >>> 0 }); // RV32 only
    case 2: return d === 0 ? form('c.li', `zero,${imm}`) : form('li', `${reg(d)},${imm}`);
    case 3:
      if (d === REG_SP) return form('add', `sp,sp,${cImmAddi16sp(h)}`);
      if (imm === 0) return undefined;
      return form(d === 0 ? 'c.lui' : 'lui', `${reg(d)},0x${hex(imm & 0xfffff)}`, { setsHigh: { reg: d, value: (imm << 12) >>> 0 } });
    case 4: return miscAlu(h);
    case 5: return form('j', '', { target: (pc + cOffsetJ(h)) >>> 0 });
    case 6: return form('beqz', reg(cRs1Prime(h)), { target: (pc + cOffsetB(h)) >>> 0 });
    case 7: return form('bnez', reg(cRs1Prime(h)), { target: (pc + cOffsetB(h)) >>> 0 });
  }
  return undefined;
}

function miscAlu(h: number): DecodedForm | undefined {
  const d = reg(cRs1Prime(h));
  const shamt = cShamt(h);
  switch (bits(h, 11, 10)) {
    case 0: return shamt === 0 ? form('c.srli64', d) : form('srl', `${d},${d},0x${hex(shamt)}`);
    case 1: return shamt === 0 ? form('c.srai64', d) : form('sra', `${d},${d},0x${hex(shamt)}`);
    case 2: return form('and', `${d},${d},${cImmI(h)}`);
    default: {
      if (bits(h, 12, 12) !== 0) return undefined; // c.subw / c.addw are RV64
      const op = ['sub', 'xor', 'or', 'and'][bits(h, 6, 5)];
      return form(op, `${d},${d},${reg(cRs2Prime(h))}`);
    }
  }
}

function quadrant2(h: number): DecodedForm | undefined {
  const d = cRd(h), s2 = cRs2(h);
  switch (bits(h, 15, 13)) {
    case 0: { // c.slli
      const shamt = cShamt(h);
      if (shamt === 0) return form('c.slli64', reg(d));
      return d === 0 ? form('c.slli', `zero,0x${hex(shamt)}`) : form('sll', `${reg(d)},${reg(d)},0x${hex(shamt)}`);
    }
    case 2: return d === 0 ? undefined : form('lw', `${reg(d)},${cOffsetLwsp(h)}(sp)`);
    case 4: return jumpsAndMoves(h, d, s2);
    case 6: return form('sw', `${reg(s2)},${cOffsetSwsp(h)}(sp)`);
    default: return undefined; // c.fldsp, c.flwsp, c.fsdsp, c.fswsp
  }
}

function jumpsAndMoves(h: number, d: number, s2: number): DecodedForm | undefined {
  if (bits(h, 12, 12) === 0) {
    if (s2 === 0) { // c.jr
      if (d === 0) return undefined;
      return d === REG_RA ? form('ret') : form('jr', reg(d));
    }
    return d === 0 ? form('c.mv', `zero,${reg(s2)}`) : form('mv', `${reg(d)},${reg(s2)}`);
  }
  if (s2 === 0) return d === 0 ? form('ebreak') : form('jalr', reg(d)); // c.ebreak / c.jalr
  return d === 0 ? form('c.add', `zero,${reg(s2)}`) : form('add', `${reg(d)},${reg(d)},${reg(s2)}`);
}
