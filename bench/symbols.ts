// Benchmark: time to read all symbols of the largest test program (ELF,
// every DWARF unit, line tables, functions, types of every variable, CFI)
// and to answer a stop (unwind + locals). Run: node --import tsx bench/symbols.ts
import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { loadSymbols } from '../debug-adapter/symbols';

/** Reads every symbol of an ELF 50 times: the first (cold, before the reader's own code is optimised), best and mean. */
function timeFullLoad(bytes: Uint8Array): { first: number; best: number; mean: number } {
  const runs = 50;
  let best = Infinity;
  let total = 0;
  let first = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const s = loadSymbols(bytes);
    // Force everything lazy: every function's variables and their types, every global, type index.
    for (const fn of s.program.functions) for (const v of fn.variables) s.types.typeOf(v);
    for (const g of s.program.globalVariables()) s.types.typeOf(g);
    s.typeNamed('int');
    s.program.dieAt(0);
    const dt = performance.now() - t0;
    if (i === 0) first = dt;
    best = Math.min(best, dt);
    total += dt;
  }
  return { first, best, mean: total / runs };
}

const dir = mkdtempSync(path.join(tmpdir(), 'rewind-bench-'));
const prog = path.resolve(__dirname, '..', 'test', 'symbols', 'programs');
const results: string[] = [];
try {
  for (const flags of [['-O0', '-g'], ['-O2', '-g'], ['-O2', '-gdwarf-4']]) {
    const out = path.join(dir, `p${flags.join('')}.elf`);
    const cc = spawnSync('riscv64-unknown-elf-gcc', [
      '-march=rv32imac', '-mabi=ilp32', '-ffreestanding', '-nostdlib', '-nostartfiles', '-Wl,--no-warn-rwx-segments',
      '-T', path.join(prog, 'link.ld'), ...flags, '-o', out,
      ...['crt0.S', 'symtest.c', 'shapes.c'].map((f) => path.join(prog, f)),
    ], { encoding: 'utf8' });
    if (cc.status !== 0) throw new Error(cc.stderr);
    const bytes = readFileSync(out);
    const { first, best, mean } = timeFullLoad(bytes);
    const s = loadSymbols(bytes);
    const regs = new Array<number | undefined>(32).fill(0);
    regs[2] = 0x800ffff0;
    const main = s.functionAddress('main')?.breakpoint ?? s.entry;
    const mem = { read: (_a: number, n: number) => new Uint8Array(n) };
    const t1 = performance.now();
    const stops = 200;
    for (let i = 0; i < stops; i++) {
      const ctx = s.stop(main, regs, mem);
      ctx.locals();
      ctx.frameArgs();
    }
    const stopMs = (performance.now() - t1) / stops;
    results.push(`${flags.join(' ').padEnd(16)} ${(bytes.length / 1024).toFixed(1).padStart(6)} KiB  load all symbols: first (cold) ${first.toFixed(1)} ms, best ${best.toFixed(2)} ms, mean ${mean.toFixed(2)} ms;  stop (unwind+locals): ${stopMs.toFixed(3)} ms`);
  }
  // The shipped examples; the largest is the issue's yardstick (< 50 ms).
  const examples = path.resolve(__dirname, '..', 'examples');
  for (const name of ['bench', 'clock', 'echo', 'heisenbug', 'hello', 'tasks']) {
    const bytes = readFileSync(path.join(examples, name, `${name}.elf`));
    const { first, best, mean } = timeFullLoad(bytes);
    results.push(`${`examples/${name}`.padEnd(16)} ${(bytes.length / 1024).toFixed(1).padStart(6)} KiB  load all symbols: first (cold) ${first.toFixed(1)} ms, best ${best.toFixed(2)} ms, mean ${mean.toFixed(2)} ms`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(results.join('\n'));
