// Location and range lists, every entry kind, read from hand-built sections:
// DWARF 5 .debug_loclists (DW_LLE_*) and .debug_rnglists (DW_RLE_*) with
// direct and .debug_addr-indexed addresses, and DWARF 4 .debug_loc and
// .debug_ranges with base-address selection entries. Compilers emit only a
// few of these kinds, so the symbol tests on real programs cannot cover them.
import { strict as assert } from 'assert';
import { DieAttrs, Unit, dwarfSections } from '../../debug-adapter/symbols/info';
import { readLoclist } from '../../debug-adapter/symbols/loc';
import { readRanges, readRnglist } from '../../debug-adapter/symbols/ranges';
import { SymbolsError } from '../../debug-adapter/symbols/reader';
import { Bytes } from './support/elfBuilder';

const UNIT_BASE = 0x80000000;
/** .debug_addr: a header, then these addresses from offset 8 (the unit's DW_AT_addr_base). */
const ADDRS = [0x80001000, 0x80001100, 0x80002000];

function unit(version: number, sections: Record<string, Uint8Array>): Unit {
  const addr = new Bytes().u32(4 + 4 * ADDRS.length).u16(5).u8(4).u8(0);
  for (const a of ADDRS) addr.u32(a);
  const u: Unit = {
    offset: 0,
    version,
    unitType: 1,
    addrSize: 4,
    offsetSize: 4,
    end: 0,
    // The list readers never look at the unit's DIEs; `root` is set just below.
    root: undefined as unknown as Unit['root'],
    sections: dwarfSections((name) => (name === '.debug_addr' ? addr.build() : sections[name])),
    strOffsetsBase: 0,
    addrBase: 8,
    rnglistsBase: 0,
    loclistsBase: 0,
    baseAddress: UNIT_BASE,
  };
  u.root = { offset: 0, tag: 0x11, attrs: new DieAttrs([], []), children: [], parent: undefined, unit: u };
  return u;
}

const hex = (n: number): string => `0x${n.toString(16)}`;
const shown = (list: ReadonlyArray<{ start: number; end: number; expr?: Uint8Array }>): string[] =>
  list.map((e) => `${hex(e.start)}..${hex(e.end)}${e.expr ? ` [${Array.from(e.expr).join(' ')}]` : ''}`);

describe('symbols: location and range lists', function () {
  it('DWARF 5 location list: every DW_LLE kind, bases direct and indexed', function () {
    const expr = (b: Bytes, op: number): Bytes => b.uleb(1).u8(op);
    const loc = new Bytes().u8(0xee); // the list starts at offset 1
    expr(loc.u8(4).uleb(0x10).uleb(0x20), 0x50); // offset_pair from the unit's base
    loc.u8(6).u32(0x90000000); // base_address
    expr(loc.u8(4).uleb(0x4).uleb(0x8), 0x51);
    loc.u8(1).uleb(2); // base_addressx addr[2]
    expr(loc.u8(4).uleb(0).uleb(0x2), 0x52);
    expr(loc.u8(2).uleb(0).uleb(1), 0x53); // startx_endx
    expr(loc.u8(3).uleb(1).uleb(0x30), 0x54); // startx_length
    expr(loc.u8(7).u32(0x80003000).u32(0x80003010), 0x55); // start_end
    expr(loc.u8(8).u32(0x80004000).uleb(0x200), 0x56); // start_length
    loc.u8(5).uleb(2).u8(0x91).u8(0x7c); // default_location: DW_OP_fbreg -4
    loc.u8(0);
    assert.deepEqual(shown(readLoclist(unit(5, { '.debug_loclists': loc.build() }), 1)), [
      '0x80000010..0x80000020 [80]',
      '0x90000004..0x90000008 [81]',
      '0x80002000..0x80002002 [82]',
      '0x80001000..0x80001100 [83]',
      '0x80001100..0x80001130 [84]',
      '0x80003000..0x80003010 [85]',
      '0x80004000..0x80004200 [86]',
      '0x0..0x100000000 [145 124]',
    ]);
  });

  it('DWARF 5 range list: every DW_RLE kind, bases direct and indexed', function () {
    const rng = new Bytes();
    rng.u8(4).uleb(0x10).uleb(0x20); // offset_pair from the unit's base
    rng.u8(5).u32(0x90000000); // base_address
    rng.u8(4).uleb(0x4).uleb(0x8);
    rng.u8(1).uleb(2); // base_addressx addr[2]
    rng.u8(4).uleb(0).uleb(0x2);
    rng.u8(2).uleb(0).uleb(1); // startx_endx
    rng.u8(3).uleb(1).uleb(0x30); // startx_length
    rng.u8(6).u32(0x80003000).u32(0x80003010); // start_end
    rng.u8(7).u32(0x80004000).uleb(0x200); // start_length
    rng.u8(0);
    assert.deepEqual(shown(readRnglist(unit(5, { '.debug_rnglists': rng.build() }), 0)), [
      '0x80000010..0x80000020',
      '0x90000004..0x90000008',
      '0x80002000..0x80002002',
      '0x80001000..0x80001100',
      '0x80001100..0x80001130',
      '0x80003000..0x80003010',
      '0x80004000..0x80004200',
    ]);
  });

  it('DWARF 4 .debug_loc and .debug_ranges: pairs from the base, base selection, (0, 0) ends', function () {
    const loc = new Bytes();
    loc.u32(0x10).u32(0x20).u16(1).u8(0x50);
    loc.u32(0xffffffff).u32(0x90000000); // base selection
    loc.u32(0x4).u32(0x8).u16(2).u8(0x91).u8(0x7c);
    loc.u32(0).u32(0);
    assert.deepEqual(shown(readLoclist(unit(4, { '.debug_loc': loc.build() }), 0)), ['0x80000010..0x80000020 [80]', '0x90000004..0x90000008 [145 124]']);

    const ranges = new Bytes().u32(0).u32(0); // an empty list first
    ranges.u32(0x10).u32(0x20);
    ranges.u32(0xffffffff).u32(0x90000000);
    ranges.u32(0x4).u32(0x8);
    ranges.u32(0).u32(0);
    const u = unit(4, { '.debug_ranges': ranges.build() });
    assert.deepEqual(readRanges(u, 0), []);
    assert.deepEqual(shown(readRanges(u, 8)), ['0x80000010..0x80000020', '0x90000004..0x90000008']);
  });

  it('refuses an unknown entry kind and a list that runs off its section, naming the section', function () {
    // 8 would be DW_LLE_start_length; range lists stop at DW_RLE_start_length (7).
    const rng = new Bytes().u8(4).uleb(0).uleb(4).u8(8).build();
    assert.throws(() => readRnglist(unit(5, { '.debug_rnglists': rng }), 0), (e: unknown) => e instanceof SymbolsError && e.message === '.debug_rnglists at 0x0: unknown entry kind 8');
    const loc = new Bytes().u8(0).u8(9).build();
    assert.throws(() => readLoclist(unit(5, { '.debug_loclists': loc }), 1), (e: unknown) => e instanceof SymbolsError && e.message === '.debug_loclists at 0x1: unknown entry kind 9');
    const unended = new Bytes().u8(4).uleb(0).uleb(4).build();
    assert.throws(() => readLoclist(unit(5, { '.debug_loclists': unended }), 0), SymbolsError);
    assert.throws(() => readRanges(unit(4, { '.debug_ranges': new Bytes().u32(0x10).u32(0x20).build() }), 0), SymbolsError);
  });
});
