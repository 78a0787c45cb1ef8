// Decoded and compiled code across state loads, breakpoints and
// watchpoints (decode-cache.ts, block-compiler.ts): a state load keeps the
// code cache, but what runs afterwards is always the code RAM holds (RAM
// restored behind the hart's back, as a snapshot restore does, included);
// breakpoints and watchpoints stop compiled code at the interpreter's icount
// and pc; and collecting hits (Hart.collectHits) finds the same last hit as
// stopping at each.
import { strict as assert } from 'assert';
import type { HartStop } from '../../emulator/contracts';
import * as E from './encode';
import { a0, a1, a2, a3, s0, s1, t0, zero } from './encode';
import { Machine, RAM_BASE, load, machine } from './harness';

const DATA = RAM_BASE + 0x8c00;
/** On the next page. */
const DATA2 = RAM_BASE + 0x9000;

/**
 * Nested loops; the inner body adds `step` to a0 and stores a running sum
 * to DATA and a0 to DATA2. Byte offsets: 0x10 outer head, 0x14 inner body
 * (0x18 is `addi a0, a0, step`), 0x2c outer tail, 0x3c end.
 */
function program(step: number): number[] {
  return [
    ...E.li(s0, DATA), // 0x00
    ...E.li(s1, 60), // 0x08
    E.addi(t0, zero, 40), // 0x10 outer head
    E.add(a1, a1, a0), // 0x14 inner body
    E.addi(a0, a0, step), // 0x18
    E.sw(a1, 0, s0), // 0x1c
    E.sw(a0, DATA2 - DATA, s0), // 0x20 (DATA2)
    E.addi(t0, t0, -1), // 0x24
    E.bne(t0, zero, -20), // 0x28 -> 0x14
    E.lw(a2, 0, s0), // 0x2c outer tail
    E.xor(a3, a3, a2), // 0x30
    E.addi(s1, s1, -1), // 0x34
    E.bne(s1, zero, -40), // 0x38 -> 0x10
  ];
}
const STEP_INSN = RAM_BASE + 0x18;
const STORE2_INSN = RAM_BASE + 0x20;
const OUTER_TAIL = RAM_BASE + 0x2c;

function state(m: Machine): string {
  return JSON.stringify({
    regs: Array.from(m.hart.regs), pc: m.hart.pc, icount: m.hart.icount,
    data: Array.from(m.ram.bytes.subarray(DATA - RAM_BASE, DATA - RAM_BASE + 4)),
    data2: Array.from(m.ram.bytes.subarray(DATA2 - RAM_BASE, DATA2 - RAM_BASE + 4)),
  });
}

function liveRegionCount(m: Machine): number {
  return m.hart.codeCache.regions.filter((r) => r !== null).length;
}

/** What a snapshot holds: the hart's saved state and a copy of RAM. */
interface Saved { readonly hart: string; readonly ram: Uint8Array }

function save(m: Machine): Saved {
  return { hart: JSON.stringify(m.hart.saveState()), ram: m.ram.bytes.slice() };
}

/** Restores as the snapshot store does: RAM bytes written directly (the hart is not told), then the hart's state. */
function restore(m: Machine, s: Saved): void {
  m.ram.bytes.set(s.ram);
  m.hart.loadState(JSON.parse(s.hart));
}

/** Runs the rest of the program in slices; the state after each. */
function finish(m: Machine, slices: number[]): string[] {
  return slices.map((n) => { m.hart.run(n); return state(m); });
}

const SLICES = [700, 13, 2000, 1, 5000, 20_000];

describe('cpu: code across state loads', () => {
  it('keeps compiled code across a state load when RAM holds the same code', () => {
    const m = machine();
    m.hart.compileAfter = 20;
    load(m, program(1));
    m.hart.run(1500);
    const saved = save(m);
    const regions = m.hart.codeCache.regions.filter((r) => r !== null);
    assert.ok(regions.length > 0, 'the loops were compiled');
    const expected = finish(m, SLICES);
    restore(m, saved);
    assert.deepEqual(finish(m, SLICES), expected);
    for (const r of regions) assert.ok(m.hart.codeCache.regions.includes(r), 'a region was dropped although its code did not change');
  });

  it('keeps a region across a state load when it spans code that never ran', () => {
    const m = machine();
    m.hart.compileAfter = 20;
    load(m, [
      ...E.li(s0, DATA), // 0x00
      E.addi(s1, zero, 600), // 0x08
      E.addi(a0, a0, 1), // 0x0c loop
      E.beq(a0, zero, 8), // 0x10 -> 0x18, never taken
      E.j(8), // 0x14 -> 0x1c
      E.addi(a3, a3, 7), // 0x18 never runs, inside the region's span
      E.addi(s1, s1, -1), // 0x1c
      E.bne(s1, zero, -20), // 0x20 -> 0x0c
    ]);
    m.hart.run(300);
    const regions = m.hart.codeCache.regions.filter((r) => r !== null);
    assert.ok(regions.some((r) => r.firstSlot < 0x18 / 2 && r.lastSlot > 0x18 / 2), 'a region spans the cold instruction');
    m.hart.loadState(m.hart.saveState());
    m.hart.run(300);
    for (const r of regions) assert.ok(m.hart.codeCache.regions.includes(r), 'a region was dropped although no code changed');
  });

  it('runs the code RAM holds after a restore that changed it behind the hart\'s back, both ways', () => {
    // Reference: an interpreter-only machine started from each saved state.
    const reference = (s: Saved): string[] => {
      const m = machine();
      m.hart.compileAfter = 0;
      restore(m, s);
      return finish(m, SLICES);
    };
    const m = machine();
    m.hart.compileAfter = 20;
    load(m, program(1));
    m.hart.run(1500); // program(1) is compiled
    const one = save(m);
    // Replace one instruction of the hot loop as a loader would, run it until compiled too.
    load(m, [E.addi(a0, a0, 3)], STEP_INSN);
    m.hart.run(1500);
    const three = save(m);
    assert.ok(liveRegionCount(m) > 0);
    const expectOne = reference(one), expectThree = reference(three);
    assert.notDeepEqual(expectOne, expectThree);
    restore(m, one);
    assert.deepEqual(finish(m, SLICES), expectOne, 'restored to the step-1 code');
    restore(m, three);
    assert.deepEqual(finish(m, SLICES), expectThree, 'restored to the step-3 code');
  });

  it('compiles code again after it was replaced (execution counts start over)', () => {
    const m = machine();
    m.hart.compileAfter = 20;
    load(m, program(1));
    m.hart.run(1500);
    const before = liveRegionCount(m);
    assert.ok(before > 0);
    load(m, [E.addi(a0, a0, 3)], STEP_INSN); // drops the inner loop's region
    assert.ok(liveRegionCount(m) < before);
    m.hart.run(1500);
    assert.ok(m.hart.codeCache.regions.some((r) => r !== null && r.covered.includes((STEP_INSN - RAM_BASE) >>> 1)), 'the replaced loop was compiled again');
  });
});

/** Stops (icount and stop) of runs of 10 000 instructions until the program ends. */
function stopsWith(compileAfter: number, arm: (m: Machine) => void): string[] {
  const m = machine();
  m.hart.compileAfter = compileAfter;
  const end = load(m, program(1));
  m.hart.run(1200); // compiled by now, when compiling
  arm(m);
  const out: string[] = [];
  for (let k = 0; k < 5000 && m.hart.pc !== end; k++) {
    m.hart.run(10_000, m.hart.lastStop.kind === 'breakpoint');
    out.push(`${m.hart.icount} ${JSON.stringify(m.hart.lastStop)}`);
    if (m.hart.lastStop.kind === 'budget') break;
  }
  return out;
}

describe('cpu: breakpoints and watchpoints in compiled code', () => {
  it('stop at breakpoints in and around compiled loops at the interpreter\'s icounts, across breakpoint changes', () => {
    const arm = (m: Machine): void => {
      m.hart.breakpoints.add(OUTER_TAIL);
      m.hart.run(3000);
      m.hart.breakpoints.clear(); // a new set, then the first one again
      m.hart.breakpoints.add(STORE2_INSN);
      m.hart.run(50);
      m.hart.breakpoints.add(OUTER_TAIL);
    };
    const reference = stopsWith(0, arm);
    assert.ok(reference.length > 100, 'the breakpoints were hit');
    for (const compileAfter of [1, 20]) assert.deepEqual(stopsWith(compileAfter, arm), reference, `compileAfter=${compileAfter}`);
  });

  it('stop at watchpoints at the interpreter\'s icounts while other pages stay on the fast path', () => {
    for (const kind of ['write', 'read', 'access'] as const) {
      const arm = (m: Machine): void => m.hart.setWatchpoints([{ address: DATA2, size: 4, kind }]);
      const reference = stopsWith(0, arm);
      assert.deepEqual(stopsWith(20, arm), reference, `${kind} watchpoint`);
      if (kind === 'read') assert.ok(reference.every((s) => !s.includes('watchpoint')), 'nothing reads DATA2');
      else assert.ok(reference.filter((s) => s.includes('watchpoint')).length >= 2000, `${kind}: every store to DATA2 stops`);
    }
  });

  it('collecting hits finds the last breakpoint or watchpoint hit before a bound, as stopping at each would', () => {
    const scenarios: Array<[string, (m: Machine) => void]> = [
      ['breakpoint', (m) => m.hart.breakpoints.add(STEP_INSN)],
      ['watchpoint', (m) => m.hart.setWatchpoints([{ address: DATA2, size: 4, kind: 'write' }])],
    ];
    for (const [name, arm] of scenarios) {
      for (const bound of [1300, 5001, 9876]) {
        const lastByStopping = (compileAfter: number): { icount: number; stop: HartStop } | undefined => {
          const m = machine();
          m.hart.compileAfter = compileAfter;
          load(m, program(1));
          m.hart.run(1000);
          arm(m);
          let last: { icount: number; stop: HartStop } | undefined;
          while (m.hart.icount < bound) {
            m.hart.run(bound - m.hart.icount, m.hart.lastStop.kind === 'breakpoint');
            const stop = m.hart.lastStop;
            if (stop.kind === 'budget') break;
            if (m.hart.icount < bound) last = { icount: m.hart.icount, stop };
          }
          return last;
        };
        const lastByCollecting = (compileAfter: number): { icount: number; stop: HartStop } | undefined => {
          const m = machine();
          m.hart.compileAfter = compileAfter;
          load(m, program(1));
          m.hart.run(1000);
          arm(m);
          m.hart.collectHits(bound);
          for (const n of [17, 400, 3000, 7000]) m.hart.run(n); // past every bound, within the program
          assert.equal(m.hart.lastStop.kind, 'budget', 'collecting does not stop');
          const got = m.hart.collectedStop === null ? undefined : { icount: m.hart.collectedIcount, stop: m.hart.collectedStop };
          m.hart.collectHits(-1);
          return got;
        };
        const expected = lastByStopping(0);
        assert.ok(expected !== undefined, `${name}: hits before ${bound}`);
        assert.deepEqual(lastByStopping(20), expected, `${name} before ${bound}: compiled, stopping`);
        assert.deepEqual(lastByCollecting(0), expected, `${name} before ${bound}: interpreted, collecting`);
        assert.deepEqual(lastByCollecting(20), expected, `${name} before ${bound}: compiled, collecting`);
      }
    }
  });
});
