// The DWARF 5 forms clang emits and GCC does not (strx*, addrx*, rnglistx,
// loclistx, implicit_const, indirect, ref_udata, ref_addr), read from a
// hand-built ELF; and bad DWARF: an unsupported form or operation costs a
// unit or a variable with a warning, never an exception.
import { strict as assert } from 'assert';
import { loadSymbols } from '../../debug-adapter/symbols';
import { Bytes, buildElf, withLength } from './support/elfBuilder';

const AT = { name: 0x03, byte_size: 0x0b, stmt_list: 0x10, low_pc: 0x11, high_pc: 0x12, producer: 0x25, comp_dir: 0x1b, encoding: 0x3e, frame_base: 0x40, type: 0x49, location: 0x02, ranges: 0x55, decl_line: 0x3b, str_offsets_base: 0x72, addr_base: 0x73, rnglists_base: 0x74, loclists_base: 0x8c };
const FORM = { addr: 0x01, data1: 0x0b, data4: 0x06, string: 0x08, exprloc: 0x18, sec_offset: 0x17, strx: 0x1a, addrx: 0x1b, strx1: 0x25, strx2: 0x26, addrx1: 0x29, rnglistx: 0x23, loclistx: 0x22, implicit_const: 0x21, indirect: 0x16, ref_udata: 0x15, ref_addr: 0x10, ref4: 0x13 };
const TAG = { compile_unit: 0x11, base_type: 0x24, subprogram: 0x2e, variable: 0x34, pointer_type: 0x0f };

const TEXT = 0x80000000;

interface Built {
  elf: Uint8Array;
}

/** One DWARF 5 unit exercising the indexed forms, plus (optionally) a second, broken unit. */
function program(opts: { brokenUnit?: boolean; badOp?: boolean } = {}): Built {
  const str = new Bytes();
  const strings = ['t.c', 'clang-like producer', 'f', 'x', 'int'];
  const strOff: number[] = [];
  for (const s of strings) {
    strOff.push(str.length);
    str.str(s);
  }
  const strOffsets = new Bytes();
  withLength(strOffsets, () => {
    strOffsets.u16(5).u16(0);
    for (const o of strOff) strOffsets.u32(o);
  });
  const addr = new Bytes();
  withLength(addr, () => {
    addr.u16(5).u8(4).u8(0);
    addr.u32(TEXT).u32(TEXT + 0x10);
  });
  const rng = new Bytes();
  withLength(rng, () => {
    rng.u16(5).u8(4).u8(0).u32(1); // one offset entry
    rng.u32(4); // list 0 starts right after the offsets array
    rng.u8(3).uleb(0).uleb(0x20); // DW_RLE_startx_length addr[0], 0x20
    rng.u8(0);
  });
  const loc = new Bytes();
  withLength(loc, () => {
    loc.u16(5).u8(4).u8(0).u32(1);
    loc.u32(4);
    loc.u8(3).uleb(0).uleb(0x10).uleb(1).u8(0x5a); // startx_length addr[0] +0x10: DW_OP_reg10 (a0)
    loc.u8(8).u32(TEXT + 0x10).uleb(0x10).uleb(2).u8(0x91).sleb(-8); // start_length: DW_OP_fbreg -8
    loc.u8(0);
  });

  const abbrev = new Bytes();
  const ab = (code: number, tag: number, children: boolean, attrs: Array<[number, number, number?]>): void => {
    abbrev.uleb(code).uleb(tag).u8(children ? 1 : 0);
    for (const [at, form, c] of attrs) {
      abbrev.uleb(at).uleb(form);
      if (form === FORM.implicit_const) abbrev.sleb(c ?? 0);
    }
    abbrev.u8(0).u8(0);
  };
  ab(1, TAG.compile_unit, true, [[AT.name, FORM.strx1], [AT.producer, FORM.strx], [AT.str_offsets_base, FORM.sec_offset], [AT.addr_base, FORM.sec_offset], [AT.rnglists_base, FORM.sec_offset], [AT.loclists_base, FORM.sec_offset], [AT.low_pc, FORM.addr], [AT.ranges, FORM.rnglistx], [AT.stmt_list, FORM.sec_offset], [AT.comp_dir, FORM.string]]);
  ab(2, TAG.base_type, false, [[AT.name, FORM.strx1], [AT.encoding, FORM.data1], [AT.byte_size, FORM.implicit_const, 4]]);
  ab(3, TAG.subprogram, true, [[AT.name, FORM.strx2], [AT.low_pc, FORM.addrx1], [AT.high_pc, FORM.data4], [AT.frame_base, FORM.exprloc]]);
  ab(4, TAG.variable, false, [[AT.name, FORM.strx], [AT.type, FORM.ref_udata], [AT.location, FORM.loclistx], [AT.decl_line, FORM.indirect]]);
  ab(5, TAG.variable, false, [[AT.name, FORM.string], [AT.type, FORM.ref_addr], [AT.location, FORM.exprloc]]);
  ab(6, TAG.pointer_type, false, [[AT.byte_size, FORM.data1], [AT.type, FORM.ref4]]);
  abbrev.u8(0);
  const brokenAbbrevOffset = abbrev.length;
  ab(1, TAG.compile_unit, false, [[AT.name, 0x7f]]); // form 0x7f does not exist
  abbrev.u8(0);

  const info = new Bytes();
  withLength(info, () => {
    info.u16(5).u8(1).u8(4).u32(0);
    info.uleb(1).u8(0).uleb(1).u32(8).u32(8).u32(12).u32(12).u32(TEXT).uleb(0).u32(0).str('/src');
    const intOffset = info.length;
    info.uleb(2).u8(4).u8(0x05);
    const ptrOffset = info.length;
    info.uleb(6).u8(4).u32(intOffset);
    info.uleb(3).u16(2).u8(0).u32(0x20).uleb(2).u8(0x72).sleb(0); // frame_base: DW_OP_breg2 0
    // x: strx 3, type ref_udata, loclistx 0, decl_line via indirect data1
    info.uleb(4).uleb(3).uleb(intOffset).uleb(0).uleb(FORM.data1).u8(7);
    // p: pointer to int at fbreg -4 (or an unknown operation)
    info.uleb(5).str('p').u32(ptrOffset).uleb(opts.badOp ? 1 : 2).bytes(opts.badOp ? [0xe5] : [0x91, 0x7c]);
    info.u8(0); // end of f's children
    info.u8(0); // end of the unit's children
  });
  if (opts.brokenUnit) {
    withLength(info, () => {
      info.u16(5).u8(1).u8(4).u32(brokenAbbrevOffset);
      info.uleb(1).u8(0);
    });
  }

  const line = new Bytes();
  withLength(line, () => {
    line.u16(5).u8(4).u8(0);
    const hdrLenAt = line.length;
    line.u32(0);
    const hdrStart = line.length;
    line.u8(1).u8(1).u8(1).u8(-5 & 0xff).u8(14).u8(13).bytes([0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1]);
    line.u8(1).uleb(1).uleb(FORM.string); // directory format: path as string
    line.uleb(1).str('/src');
    line.u8(2).uleb(1).uleb(FORM.string).uleb(2).uleb(0x0b); // file format: path string, dir index data1
    line.uleb(1).str('t.c').u8(0);
    line.set32(hdrLenAt, line.length - hdrStart);
    line.u8(0).uleb(5).u8(2).u32(TEXT); // set_address
    line.u8(4).uleb(0); // file 0
    line.u8(3).sleb(9).u8(1); // line 10, copy
    line.u8(2).uleb(8).u8(3).sleb(1).u8(1); // +8: line 11
    line.u8(2).uleb(8).u8(3).sleb(1).u8(5).uleb(3).u8(1); // +8: line 12 column 3
    line.u8(2).uleb(0x10).u8(0).uleb(1).u8(1); // end_sequence at +0x20
  });

  const text = new Uint8Array(0x20);
  const elf = buildElf(
    [
      { name: '.text', data: text, addr: TEXT, flags: 6 },
      { name: '.debug_abbrev', data: abbrev.build() },
      { name: '.debug_info', data: info.build() },
      { name: '.debug_str', data: str.build() },
      { name: '.debug_str_offsets', data: strOffsets.build() },
      { name: '.debug_addr', data: addr.build() },
      { name: '.debug_rnglists', data: rng.build() },
      { name: '.debug_loclists', data: loc.build() },
      { name: '.debug_line', data: line.build() },
    ],
    [{ name: 'f', value: TEXT, size: 0x20, type: 2, section: '.text' }],
  );
  return { elf };
}

function memory(bytes: Record<number, number>): { read(a: number, n: number): Uint8Array | undefined } {
  return {
    read(a: number, n: number) {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        const v = bytes[a + i];
        if (v === undefined) return undefined;
        out[i] = v;
      }
      return out;
    },
  };
}

function word(base: number, v: number): Record<number, number> {
  return { [base]: v & 0xff, [base + 1]: (v >> 8) & 0xff, [base + 2]: (v >> 16) & 0xff, [base + 3]: (v >>> 24) & 0xff };
}

describe('symbols: DWARF 5 indexed forms (hand-built unit)', function () {
  const { elf } = program();
  const symbols = loadSymbols(elf);

  it('reads the unit without warnings', function () {
    assert.deepEqual(symbols.warnings, []);
    assert.equal(symbols.noDebugInfoMessage, undefined);
  });

  it('resolves strx/addrx names and addresses, and rnglistx unit ranges', function () {
    assert.deepEqual(symbols.functionAddress('f'), { entry: TEXT, breakpoint: TEXT + 8 });
    const info = symbols.sourceAt(TEXT + 0x12);
    assert.equal(info.function, 'f');
    assert.equal(info.file, '/src/t.c');
    assert.equal(info.line, 12);
    assert.equal(info.column, 3);
    assert.deepEqual(symbols.lineRange(TEXT + 4), { start: TEXT, end: TEXT + 8 });
    assert.deepEqual(symbols.breakpointAddresses('t.c', 11)?.addresses, [TEXT + 8]);
  });

  it('evaluates loclistx locations (register, then frame base) and an implicit_const type size', function () {
    const regs = new Array<number | undefined>(32).fill(0);
    regs[1] = TEXT + 0x1e; // ra
    regs[2] = 0x80100000 - 64; // sp
    regs[10] = 42;
    const sp = regs[2] as number;
    const mem = memory({ ...word(sp - 8, 1234), ...word(sp - 4, 0x80000100), ...word(0x80000100, 77) });
    const early = symbols.stop(TEXT + 4, regs, mem);
    assert.equal(early.frames[0].functionName, 'f');
    assert.deepEqual(early.locals().map((v) => `${v.name}: ${v.type} = ${v.value}`), ['x: int = 42', 'p: int * = 0x80000100']);
    const late = symbols.stop(TEXT + 0x14, regs, mem);
    assert.deepEqual(late.locals().map((v) => `${v.name} = ${v.value}`), ['x = 1234', 'p = 0x80000100']);
    const e = late.evaluate('*p + x');
    assert.ok(e.ok);
    assert.equal(e.text, '1311');
    const t = late.ptype('p');
    assert.ok(t.ok && t.text === 'int *');
  });
});

describe('symbols: bad DWARF is contained', function () {
  it('skips a unit with an unsupported form, with a warning, and keeps the others', function () {
    const symbols = loadSymbols(program({ brokenUnit: true }).elf);
    assert.equal(symbols.warnings.length, 1);
    assert.match(symbols.warnings[0], /unsupported attribute form 0x7f; unit skipped/);
    assert.equal(symbols.sourceAt(TEXT).function, 'f');
  });

  it('reports an unsupported location operation for that variable only', function () {
    const symbols = loadSymbols(program({ badOp: true }).elf);
    const regs = new Array<number | undefined>(32).fill(0);
    regs[10] = 5;
    const stop = symbols.stop(TEXT + 4, regs, memory({}));
    const locals = stop.locals();
    assert.equal(locals[0].value, '5');
    assert.equal(locals[1].value, '<error: unsupported DWARF operation 0xe5>');
    assert.ok(symbols.warnings.some((w) => /variable p: unsupported DWARF operation 0xe5/.test(w)));
  });
});
