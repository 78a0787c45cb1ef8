// Fuzzing: 10^4 mutated copies of real test-program ELFs (fixed seed) go
// through loading and every query the adapter makes. Nothing may throw out of
// the reader except SymbolsError for a file that is no longer an ELF, and
// nothing may hang (the whole run is bounded by the mocha timeout).
import { strict as assert } from 'assert';
import { readFileSync } from 'fs';
import { loadSymbols, SymbolsError } from '../../debug-adapter/symbols';
import { CC, requirePeers } from '../support/peers';
import { buildProgram, CONFIGS, markers } from './support/build';

const CASES = 10000;

/** xorshift32: a fixed, portable sequence. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

function mutate(base: Uint8Array, next: () => number, regions: Array<[number, number]>): Uint8Array {
  const out = Uint8Array.from(base); // (Buffer.slice would share the bytes)
  const edits = 1 + (next() % 8);
  for (let i = 0; i < edits; i++) {
    const [start, end] = regions[next() % regions.length];
    const at = start + (next() % Math.max(1, end - start));
    switch (next() % 4) {
      case 0: out[at] = next() & 0xff; break; // random byte
      case 1: out[at] ^= 1 << (next() % 8); break; // bit flip
      case 2: out[at] = [0, 0x7f, 0x80, 0xff][next() % 4]; break; // boundary values
      default: { // a random 32-bit word (lengths, offsets)
        const v = next();
        for (let k = 0; k < 4 && at + k < out.length; k++) out[at + k] = (v >>> (8 * k)) & 0xff;
      }
    }
  }
  return out;
}

describe('symbols: fuzzing the reader with mutated ELFs', function () {
  before(function () {
    requirePeers(this, CC);
  });

  it(`survives ${CASES} mutated ELFs without throwing or hanging`, function () {
    // About 30 s on an idle machine; the bound only catches a hang when the cores are shared.
    this.timeout(180000);
    const bases = CONFIGS.filter((c) => c.name === 'O2-dwarf5' || c.name === 'O0-dwarf4').map((c) => readFileSync(buildProgram(c)));
    const ms = [...markers().values()];
    const next = rng(0x5eed1234);
    const regs = new Array<number | undefined>(32).fill(0);
    regs[1] = 0x80000100;
    regs[2] = 0x800fff00;
    regs[8] = 0x800fff40;
    const stack = new Uint8Array(0x200);
    for (let i = 0; i < stack.length; i++) stack[i] = (i * 37) & 0xff;
    const mem = { read: (a: number, n: number) => (a >= 0x800fff00 && a + n <= 0x80100000 ? stack.subarray(a - 0x800fff00, a - 0x800fff00 + n) : undefined) };
    const regionsOf = (bytes: Uint8Array): Array<[number, number]> => {
      const s = loadSymbols(bytes).program.elf.sections.filter((x) => x.name.startsWith('.debug') || x.name === '.symtab' || x.name === '.strtab');
      return [[0, 52] as [number, number], ...s.map((x) => [x.offset, x.offset + x.size] as [number, number])];
    };
    const regions = bases.map(regionsOf);
    let notElf = 0;
    let loaded = 0;
    for (let i = 0; i < CASES; i++) {
      const which = i % bases.length;
      const bytes = mutate(bases[which], next, regions[which]);
      let symbols;
      try {
        symbols = loadSymbols(bytes);
      } catch (e) {
        if (e instanceof SymbolsError) {
          if (process.env.FUZZ_DEBUG && notElf < 5) console.log((e as Error).stack);
          notElf++;
          continue;
        }
        throw new Error(`case ${i}: loadSymbols threw ${(e as Error).stack}`);
      }
      loaded++;
      try {
        const pc = 0x80000000 + ((next() % 0x400) & ~1);
        symbols.sourceAt(pc);
        symbols.lineRange(pc);
        const m = ms[i % ms.length];
        symbols.breakpointAddresses(m.file, m.line);
        symbols.functionAddress('main');
        symbols.symbolize(0x80000220 + (next() % 0x100));
        if (i % 8 === 0) {
          const stop = symbols.stop(pc, regs, mem);
          for (let f = 0; f < Math.min(stop.frames.length, 3); f++) {
            stop.locals(f);
            stop.args(f);
            stop.frameArgs(f);
          }
          stop.globals(0, true);
          stop.evaluate(['shapes[1]', '*cursor', 'matrix[1][2] + favourite', '$sp', 'total'][i % 5]);
          stop.ptype(['shapes', 'struct flags', 'chosen'][i % 3]);
        }
      } catch (e) {
        throw new Error(`case ${i}: a query threw ${(e as Error).stack}`);
      }
    }
    assert.equal(notElf + loaded, CASES);
    assert.ok(loaded > CASES / 2, `only ${loaded} mutated files still parsed as ELF`);
  });
});
