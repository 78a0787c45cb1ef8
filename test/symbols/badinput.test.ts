// Input that is not a debuggable program: not an ELF, the wrong ELF class, a
// truncated file, a stripped executable and one built without -g. Each gives
// one clear answer and disassembly-level service, never an exception from a
// query.
import { strict as assert } from 'assert';
import { readFileSync } from 'fs';
import { loadSymbols, NO_DEBUG_INFO_MESSAGE, SymbolsError } from '../../debug-adapter/symbols';
import { CC, requirePeers } from '../support/peers';
import { buildProgram } from './support/build';

function regsAt(sp: number, ra: number): Array<number | undefined> {
  const r = new Array<number | undefined>(32).fill(0);
  r[1] = ra;
  r[2] = sp;
  return r;
}

const noMemory = { read: () => undefined };

describe('symbols: bad input', function () {
  it('refuses bytes that are not an ELF, naming the reason', function () {
    assert.throws(() => loadSymbols(new TextEncoder().encode('#!/bin/sh\necho hi\n')), (e: unknown) => e instanceof SymbolsError && /not an ELF file/.test(e.message));
    assert.throws(() => loadSymbols(new Uint8Array(0)), SymbolsError);
  });

  it('refuses a 64-bit or big-endian ELF with a clear message', function () {
    const header = new Uint8Array(64);
    header.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]);
    assert.throws(() => loadSymbols(header), /not a 32-bit ELF file/);
    header[4] = 1;
    header[5] = 2;
    assert.throws(() => loadSymbols(header), /not a little-endian ELF file/);
  });

  describe('with the compiler', function () {
    before(function () {
      requirePeers(this, CC);
    });

    it('loads a truncated ELF with warnings and answers queries', function () {
      const full = readFileSync(buildProgram({ name: 'O2-dwarf5', flags: ['-O2', '-g'] }));
      for (const cut of [60, 0x1000, full.length - 200, full.length - 1]) {
        const symbols = loadSymbols(Uint8Array.prototype.slice.call(full, 0, cut));
        assert.ok(symbols.warnings.length > 0 || symbols.noDebugInfoMessage, `cut at ${cut} gives a warning or the no-debug-info message`);
        symbols.sourceAt(0x80000040);
        symbols.breakpointAddresses('symtest.c', 30);
        const stop = symbols.stop(0x80000040, regsAt(0x800fff00, 0x80000010), noMemory);
        stop.locals();
        stop.evaluate('shapes[0]');
      }
    });

    it('gives disassembly-only debugging, with one message, for a stripped ELF', function () {
      const symbols = loadSymbols(readFileSync(buildProgram({ name: 'stripped', flags: ['-O2', '-s'] })));
      assert.equal(symbols.noDebugInfoMessage, NO_DEBUG_INFO_MESSAGE);
      assert.deepEqual(symbols.warnings, []);
      assert.equal(symbols.program.elf.symbols.length, 0);
      const info = symbols.sourceAt(symbols.entry);
      assert.equal(info.file, undefined);
      assert.equal(info.function, undefined);
      assert.equal(symbols.functionAddress('main'), undefined);
      assert.equal(symbols.breakpointAddresses('symtest.c', 30), undefined);
      const stop = symbols.stop(symbols.entry, regsAt(0x80100000, 0), noMemory);
      assert.equal(stop.frames.length, 1);
      assert.equal(stop.frames[0].pc, symbols.entry);
      assert.deepEqual(stop.locals(), []);
      const r = stop.evaluate('$pc');
      assert.ok(r.ok);
      assert.equal(r.text, `(void (*)()) 0x${symbols.entry.toString(16)}`);
    });

    it('still names functions from the ELF symbol table when built without -g', function () {
      const symbols = loadSymbols(readFileSync(buildProgram({ name: 'nodebug', flags: ['-O2'] })));
      assert.equal(symbols.noDebugInfoMessage, NO_DEBUG_INFO_MESSAGE);
      const main = symbols.program.symbolNamed('main');
      assert.ok(main);
      assert.equal(symbols.sourceAt(main.value + 2).function, 'main');
      assert.deepEqual(symbols.functionAddress('main'), { entry: main.value, breakpoint: main.value });
      assert.equal(symbols.symbolize(main.value + 4), 'main+4');
    });
  });
});
