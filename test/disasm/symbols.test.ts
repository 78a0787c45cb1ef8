// Unit checks of the objdump-compatible symbol choice (no toolchain needed;
// the objdump comparisons exercise it on real symbol tables).
import { strict as assert } from 'assert';
import { createSymbolLookup, disassemble } from '../../emulator/disasm';
import type { ElfSymbol } from '../../emulator/disasm';

const sym = (name: string, address: number, extra: Partial<ElfSymbol> = {}): ElfSymbol => ({
  name, address, size: 0, type: 'NOTYPE', binding: 'GLOBAL', section: '.text', ...extra,
});

describe('symbol lookup for disassembly annotations', function () {
  it('names an address by the nearest symbol at or below it, else the lowest one', function () {
    const lookup = createSymbolLookup([sym('_start', 0x80000000), sym('main', 0x80000100, { type: 'FUNC' })]);
    assert.deepEqual(lookup(0x80000104), { name: 'main', address: 0x80000100 });
    assert.deepEqual(lookup(0x800000ff), { name: '_start', address: 0x80000000 });
    assert.deepEqual(lookup(0x10), { name: '_start', address: 0x80000000 });
    assert.equal(disassemble(0x0000006f, 0x80000104, { symbols: lookup }).text, 'j 80000104 <main+0x4>');
    assert.equal(disassemble(0x00002503 | (16 << 20), 0, { symbols: lookup }).text, 'lw a0,16(zero) # 10 <_start-0x7ffffff0>');
  });

  it('prefers, at one address, functions, objects, globals, larger sizes, then names', function () {
    const at = 0x80001000;
    const pickFrom = (...symbols: ElfSymbol[]) => createSymbolLookup(symbols)(at)?.name;
    assert.equal(pickFrom(sym('a_local', at, { binding: 'LOCAL' }), sym('z_global', at)), 'z_global');
    assert.equal(pickFrom(sym('a', at), sym('f', at, { type: 'FUNC', binding: 'LOCAL' })), 'f');
    assert.equal(pickFrom(sym('a', at), sym('o', at, { type: 'OBJECT' })), 'o');
    assert.equal(pickFrom(sym('small', at, { size: 4 }), sym('big', at, { size: 8 })), 'big');
    assert.equal(pickFrom(sym('data_word', at, { section: '.data' }), sym('__DATA_BEGIN__', at, { section: '.data' })), '__DATA_BEGIN__');
    assert.equal(pickFrom(sym('.Lx', at), sym('y', at)), 'y');
    assert.equal(pickFrom(sym('a', at, { section: '.data' }), sym('b', at)), 'b', 'the shown section wins a tie');
  });

  it('ignores section, file, mapping and undefined symbols, and shows control characters as objdump does', function () {
    const lookup = createSymbolLookup([
      sym('.text', 0x80000000, { type: 'SECTION' }), sym('prog.c', 0x80000000, { type: 'FILE' }), sym('$x', 0x80000000),
      sym('$xrv32i2p1', 0x80000000), sym('printf', 0x80000000, { section: undefined }), sym('.L1\x021', 0x80000000),
    ]);
    assert.deepEqual(lookup(0x80000008), { name: '.L1^B1', address: 0x80000000 });
    assert.equal(createSymbolLookup([])(0), undefined);
  });
});
