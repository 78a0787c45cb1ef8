// Runs the test program under QEMU with gdb attached and, at every `#BP`
// marker, compares gdb's answers with ours for the same stop: breakpoint
// placement, `bt`, `info args` / `info locals` in every frame, `print` and
// `ptype` of chosen expressions (values, types, <optimized out>, errors).
// Our reader gets gdb's registers and a dump of the stack and data.
import { strict as assert } from 'assert';
import { readFileSync } from 'fs';
import { loadSymbols, Symbols } from '../../debug-adapter/symbols';
import { CC, GDB, QEMU, requirePeers } from '../support/peers';
import { buildProgram, CONFIGS, markers } from './support/build';
import { probe, ProbeMarker, ProbeResult } from './support/gdbProbe';
import { ourArgs, ourBacktrace, ourLocals, stopContext } from './support/ours';

/** Expressions valid at every stop (globals, registers, literals, errors). */
const GLOBAL_PRINTS = [
  'shapes[1]', 'shapes[0].flags', 'shapes[1].tag', 'matrix', 'matrix[1]', 'matrix[1][2] * 2 + 1', 'cursor', '*cursor',
  'chosen', 'favourite', 'favourite == GREEN', 'BLUE', '(int)BLUE + 1', 'bytes', 'greeting', '&greeting', '&shapes[1]',
  'shapes[0].next->name', '*shapes[0].next->next', 'shapes[0].corners[2].y - shapes[0].corners[1].x',
  'sizeof(struct shape)', 'sizeof shapes', '(char)65', "'a' + 1", '10 / 3', '-7 / 2', '-7 % 3', '7u - 8', '1.5 * 2',
  'shapes[0].weight / 3', 'shapes[0].ratio * 3', '(float)1 / 3', '*(int*)0x80000000', '*(unsigned char *)0x80000001',
  '$pc', '$sp', '$ra', '$a0', '$x10 == $a0', '(u32)shapes[1].tag.w >> 4', 'shapes[1].tag.b[3]', 'shapes[0].flags.delta * 2',
  '&shapes[0].flags', 'shapes[0].area', '*shapes[0].area', 'main', '&factorial', 'shapes + 1', '&shapes[2] - &shapes[0]',
  '(long long)shapes[0].big * 2', 'shapes[0].big', 'matrix[0][1] < matrix[1][0] && favourite != RED', 'shapes[2].label',
  '!cursor', '~5', '(struct shape *)&shapes[2]', 'shapes[0].level', 'shapes[1].level + 0', 'favourite ? 10 : 20',
  'counts', 'padded', 'ramp', 'long_text', 'flag', 'small', 'small * 2', '&counts[3]', 'counts[1] / 0',
  'no_such_var', '1 +', 'shapes[0].nope', '*5', 'matrix[0] + 1', '*matrix[1]', '(enum color)6', '(u8)513',
];

const GLOBAL_PTYPES = ['shapes', 'chosen', 'struct flags', 'union word', 'favourite', 'matrix', 'shapes[0].area', 'cursor', 'u32', '&shapes[0]', 'area_fn', 'greeting'];

/** Expressions over the locals at each marker. */
const LOCAL_PRINTS: Record<string, string[]> = {
  triangle_ret: ['s', '*s', 's->corners[1]', 'w', 'h', 'a', 'w * h', 'calls'],
  sum_loop: ['list', 'limit', 'total', 'one', 'p', 'p->name', 'fn', 'times_called', 'total + one'],
  inline_clamp: ['v', 'lo', 'hi', 'v < lo'],
  fact_base: ['n', 'n * 2', 'sink'],
  mix_end: ['seed', 'rounds', 'acc', 'history', 'acc ^ history'],
  describe: ['s', 's->flags', 'w', 'p', 'q', 'c', 'local_bits', 's->name', 'w.b', 'p.x * p.y'],
  main_end: ['total', 'f', 'm', 'd', 'origin', 'origin.y', 'total + f'],
  moved: ['origin', 'total', 'f'],
};

const FUNCTIONS = ['main', 'factorial', 'mix', 'describe', 'sum_areas', 'triangle_area', 'square_area'];

function addressesIn(info: string): number[] {
  const out: number[] = [];
  for (const m of info.matchAll(/\s(0x[0-9a-f]+) in /g)) out.push(parseInt(m[1], 16));
  return out.sort((a, b) => a - b);
}

function lineIn(info: string): number | undefined {
  const m = /at \S+:(\d+)/.exec(info);
  return m ? Number(m[1]) : undefined;
}

describe('symbols: stops compared with gdb under QEMU', function () {
  before(function () {
    requirePeers(this, CC, QEMU, GDB);
  });

  for (const config of CONFIGS) {
    describe(config.name, function () {
      let symbols: Symbols;
      let result: ProbeResult;
      const ms = [...markers().values()];

      before(async function () {
        requirePeers(this, CC, QEMU, GDB);
        const elf = buildProgram(config);
        symbols = loadSymbols(readFileSync(elf));
        const bss = symbols.program.elf.sections.find((s) => s.name === '.bss');
        assert.ok(bss);
        const probeMarkers: ProbeMarker[] = ms.map((m) => ({ ...m, print: [...(LOCAL_PRINTS[m.name] ?? []), ...GLOBAL_PRINTS], ptype: GLOBAL_PTYPES }));
        result = await probe(elf, bss.addr + bss.size, probeMarkers, FUNCTIONS);
      });

      it('places line breakpoints where gdb does', function () {
        const diffs: string[] = [];
        for (const m of ms) {
          const g = result.breakpoints[m.name];
          const ours = symbols.breakpointAddresses(m.file, m.line);
          if (g.error || !g.info) {
            // gdb found no code for the line (all of it optimized into other lines): neither may we.
            if (ours) diffs.push(`${m.name}: gdb has no location (${g.error}), ours ${ours.addresses.map((a) => a.toString(16))} line ${ours.line}`);
            continue;
          }
          const want = addressesIn(g.info);
          const got = ours?.addresses.slice().sort((a, b) => a - b) ?? [];
          if (want.join() !== got.join() || lineIn(g.info) !== ours?.line) {
            diffs.push(`${m.name}: gdb ${want.map((a) => a.toString(16))} line ${lineIn(g.info)}, ours ${got.map((a) => a.toString(16))} line ${ours?.line}`);
          }
        }
        assert.deepEqual(diffs, []);
      });

      it('places function breakpoints after the prologue like gdb', function () {
        const diffs: string[] = [];
        for (const fn of FUNCTIONS) {
          const info = result.breakpoints[`fn:${fn}`]?.info ?? '';
          const m = /Breakpoint \d+ at (0x[0-9a-f]+)/.exec(info);
          assert.ok(m, `gdb placed a breakpoint on ${fn}: ${info}`);
          const ours = symbols.functionAddress(fn);
          if (ours?.breakpoint !== parseInt(m[1], 16)) diffs.push(`${fn}: gdb ${m[1]}, ours 0x${ours?.breakpoint.toString(16)}`);
        }
        assert.deepEqual(diffs, []);
      });

      it('stops at every marker the program reaches', function () {
        assert.ok(result.stops.length >= 5, `only ${result.stops.length} stops: ${result.end ?? ''}`);
        for (const s of result.stops) assert.ok(s.marker, `unexpected stop: ${JSON.stringify(s).slice(0, 300)}`);
      });

      it('unwinds the same backtrace (frames, functions, arguments, lines)', function () {
        const diffs: string[] = [];
        for (const stop of result.stops) {
          const ctx = stopContext(symbols, stop);
          const want = stop.bt.trim().split('\n');
          const got = ourBacktrace(symbols, ctx);
          for (let i = 0; i < Math.max(want.length, got.length); i++) {
            if (want[i] !== got[i]) diffs.push(`${stop.marker} gdb: ${want[i]}\n${stop.marker} ours: ${got[i]}`);
          }
        }
        assert.deepEqual(diffs, []);
      });

      it('lists the same args and locals in every frame', function () {
        const diffs: string[] = [];
        let compared = 0;
        for (const stop of result.stops) {
          const ctx = stopContext(symbols, stop);
          stop.frames.forEach((f, i) => {
            compared++;
            const la = ourArgs(ctx, i);
            const ll = ourLocals(ctx, i);
            if (la !== f.args.trim()) diffs.push(`${stop.marker} #${i} info args\n gdb: ${f.args.trim()}\n ours: ${la}`);
            if (ll !== f.locals.trim()) diffs.push(`${stop.marker} #${i} info locals\n gdb: ${f.locals.trim()}\n ours: ${ll}`);
          });
        }
        assert.ok(compared >= 10);
        assert.deepEqual(diffs, []);
      });

      it('prints expressions as gdb does', function () {
        const diffs: string[] = [];
        for (const stop of result.stops) {
          const ctx = stopContext(symbols, stop);
          for (const [expr, want] of Object.entries(stop.prints)) {
            const r = ctx.evaluate(expr);
            const got = r.ok ? r.text : `error: ${r.error}`;
            if (got !== want) diffs.push(`${stop.marker}: print ${expr}\n gdb: ${want}\n ours: ${got}`);
          }
        }
        assert.deepEqual(diffs, []);
      });

      it('expands structs, arrays and pointers into children that print as gdb does', function () {
        const diffs: string[] = [];
        for (const stop of result.stops) {
          const ctx = stopContext(symbols, stop);
          for (const expr of ['shapes[0].flags', 'shapes[1]', 'matrix', 'counts']) {
            const r = ctx.evaluate(expr);
            assert.ok(r.ok, expr);
            const kids = ctx.children(r.value);
            const joined = `{${kids.map((k) => (k.name.startsWith('[') ? k.value : `${k.name} = ${k.value}`)).join(', ')}}`;
            // gdb collapses repeats in the whole-array form; compare only arrays without runs.
            if (!stop.prints[expr].includes('<repeats') && joined !== stop.prints[expr]) diffs.push(`${stop.marker} ${expr}\n gdb: ${stop.prints[expr]}\n ours: ${joined}`);
          }
          const p = ctx.evaluate('&shapes[1]');
          assert.ok(p.ok);
          const [target] = ctx.children(p.value, 'p');
          if (target.name !== '*p' || target.value !== stop.prints['shapes[1]']) diffs.push(`${stop.marker} *(&shapes[1]): ${target.name} = ${target.value}`);
          for (const l of ctx.locals()) assert.ok(l.blockDepth !== undefined && l.blockDepth >= 0);
        }
        assert.deepEqual(diffs, []);
      });

      it('evaluates breakpoint conditions to what gdb prints (non-zero is true)', function () {
        const diffs: string[] = [];
        let compared = 0;
        for (const stop of result.stops) {
          const ctx = stopContext(symbols, stop);
          for (const [expr, want] of Object.entries(stop.prints)) {
            if (!/^-?\d+( '.*')?$/.test(want)) continue;
            compared++;
            const got = ctx.condition(expr);
            if (got !== (BigInt(want.split(' ')[0]) !== 0n)) diffs.push(`${stop.marker}: ${expr} gdb ${want}, ours ${JSON.stringify(got)}`);
          }
        }
        assert.ok(compared > 50, `${compared} conditions compared`);
        assert.deepEqual(diffs, []);
      });

      it('prints types as gdb ptype does', function () {
        const diffs: string[] = [];
        for (const stop of result.stops.slice(0, 1)) {
          const ctx = stopContext(symbols, stop);
          for (const [expr, want] of Object.entries(stop.ptypes)) {
            const r = ctx.ptype(expr);
            const got = r.ok ? `type = ${r.text}` : `error: ${r.error}`;
            if (got !== want) diffs.push(`ptype ${expr}\n gdb: ${want}\n ours: ${got}`);
          }
        }
        assert.deepEqual(diffs, []);
      });
    });
  }
});
