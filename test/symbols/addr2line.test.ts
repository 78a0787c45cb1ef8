// Every text address of the test program maps to the same function, file
// and line as binutils' addr2line says, inline chains (-i) included, at each
// optimisation level and DWARF version. Where addr2line and gdb disagree
// (binutils 2.40 misreads DWARF 5 file 1 for a unit's first sequence), gdb's
// `info line` decides.
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import { readFileSync } from 'fs';
import { loadSymbols, Symbols } from '../../debug-adapter/symbols';
import { ADDR2LINE, CC, GDB, requirePeers } from '../support/peers';
import { buildProgram, CONFIGS } from './support/build';

function addr2line(elf: string, addrs: number[]): Map<number, string[]> {
  const r = spawnSync(ADDR2LINE, ['-e', elf, '-a', '-i', '-f', ...addrs.map((a) => a.toString(16))], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(r.stderr);
  const out = new Map<number, string[]>();
  for (const block of r.stdout.split(/^0x/m).slice(1)) {
    const lines = block.trimEnd().split('\n');
    const frames: string[] = [];
    for (let i = 1; i + 1 < lines.length; i += 2) frames.push(`${lines[i]} ${lines[i + 1].replace(/ \(discriminator \d+\)$/, '')}`);
    out.set(parseInt(lines[0], 16), frames);
  }
  return out;
}

function gdbInfoLine(elf: string, addrs: number[]): Map<number, string> {
  const args = ['-nx', '-batch'];
  for (const a of addrs) args.push('-ex', `info line *0x${a.toString(16)}`);
  const r = spawnSync(GDB, [...args, elf], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  const out = new Map<number, string>();
  const lines = r.stdout.trim().split('\n');
  addrs.forEach((a, i) => {
    const m = /^Line (\d+) of "([^"]+)"/.exec(lines[i] ?? '');
    out.set(a, m ? `${m[2]}:${m[1]}` : lines[i] ?? '');
  });
  return out;
}

function ours(symbols: Symbols, pc: number, lastRow: boolean): string[] {
  const info = symbols.sourceAt(pc, { lastRow });
  if (info.inlineChain.length === 0) return [`?? ${info.file ?? '??'}:${info.line ?? 0}`];
  return info.inlineChain.map((l) => `${l.function} ${l.file ?? '??'}:${l.line ?? '?'}`);
}

describe('symbols: address to source, against addr2line', function () {
  before(function () {
    requirePeers(this, CC, ADDR2LINE, GDB);
  });

  for (const config of CONFIGS) {
    it(`maps every text address like addr2line -i -f (${config.name})`, function () {
      const elf = buildProgram(config);
      const symbols = loadSymbols(readFileSync(elf));
      assert.deepEqual(symbols.warnings, []);
      const text = symbols.program.elf.sections.find((s) => s.name === '.text');
      assert.ok(text, 'the program has a .text section');
      const addrs: number[] = [];
      for (let a = text.addr; a < text.addr + text.size; a += 2) addrs.push(a);
      const expected = addr2line(elf, addrs);
      const disputed: number[] = [];
      const mismatches: string[] = [];
      for (const a of addrs) {
        const want = expected.get(a) ?? [];
        const got = ours(symbols, a, true);
        if (want.join(' | ') !== got.join(' | ')) disputed.push(a);
      }
      if (disputed.length) {
        const byGdb = gdbInfoLine(elf, disputed);
        for (const a of disputed) {
          const info = symbols.sourceAt(a);
          const got = `${info.file}:${info.line}`;
          if (byGdb.get(a) !== got) mismatches.push(`0x${a.toString(16)}: addr2line ${expected.get(a)?.join(' | ')}, gdb ${byGdb.get(a)}, ours ${ours(symbols, a, true).join(' | ')}`);
        }
      }
      assert.deepEqual(mismatches, []);
      // .debug_aranges names the unit of every function's code.
      for (const fn of symbols.program.functions) {
        assert.equal(symbols.program.unitAt(fn.ranges[0].start), fn.die.unit, `unit of ${fn.name}`);
      }
      assert.ok(addrs.length > 100 && disputed.length < addrs.length / 4, `${disputed.length} of ${addrs.length} addresses disputed`);
    });
  }
});
