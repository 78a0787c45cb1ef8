// How hot code is cut into compiled regions (block-compiler.ts), and that
// the cuts are invisible to the guest: an inner loop compiled first is not
// compiled again into the region around it (that region leaves to it),
// cold paths are left out and leave the region when finally taken, and
// every way in and out of a region (slice ends, breakpoints, device reads
// through the slow path, interrupts between slices) happens at the same
// icount as in the interpreter.
import { strict as assert } from 'assert';
import * as E from './encode';
import { a0, a1, a2, a3, s0, s1, s2, t0, t1, zero } from './encode';
import { ATTENTION_REG, CSR, Machine, RAM_BASE, load, machine } from './harness';
import type { Irq } from '../../emulator/contracts';

const DATA = RAM_BASE + 0x8000;
const HANDLER = RAM_BASE + 0x400;
/** mip.MTIP (privileged spec v1.12, 3.1.9). */
const MTI = (1 << 7) as Irq;

/**
 * Nested loops: `outer` passes over an inner loop of `inner` iterations.
 * Layout (byte offsets): 0x00 setup (4 instructions), 0x10 outer head,
 * 0x14 inner body (5 instructions), 0x28 outer tail (4 instructions), 0x38 end.
 */
function nested(outer: number, inner: number): number[] {
  return [
    ...E.li(s0, DATA), // 0x00
    ...E.li(s1, outer), // 0x08
    E.addi(t0, zero, inner), // 0x10 outer head
    E.addi(a0, a0, 1), // 0x14 inner body
    E.add(a1, a1, a0), // 0x18
    E.sw(a1, 0, s0), // 0x1c
    E.addi(t0, t0, -1), // 0x20
    E.bne(t0, zero, -16), // 0x24 -> 0x14
    E.lw(a2, 0, s0), // 0x28 outer tail
    E.xor(a3, a3, a2), // 0x2c
    E.addi(s1, s1, -1), // 0x30
    E.bne(s1, zero, -36), // 0x34 -> 0x10
  ];
}
const INNER_BODY = RAM_BASE + 0x14;

function liveRegions(m: Machine): NonNullable<Machine['hart']['codeCache']['regions'][number]>[] {
  return m.hart.codeCache.regions.filter((r): r is NonNullable<typeof r> => r !== null);
}

/** Architectural state to compare runs by. */
function snapshot(m: Machine): string {
  return JSON.stringify({ regs: Array.from(m.hart.regs), pc: m.hart.pc, icount: m.hart.icount, data: Array.from(m.ram.bytes.subarray(0x8000, 0x8010)) });
}

function runNested(compileAfter: number, budgets: number[]): string[] {
  const m = machine();
  m.hart.compileAfter = compileAfter;
  load(m, nested(60, 40));
  return budgets.map((b) => { m.hart.run(b); return snapshot(m); });
}

describe('cpu: compiled regions', () => {
  it('compile an inner loop once: the region around it leaves to it instead of copying it', () => {
    const m = machine();
    m.hart.compileAfter = 20;
    const end = load(m, nested(60, 40));
    m.hart.breakpoints.add(end);
    m.hart.run(1_000_000);
    assert.equal(m.hart.pc, end);
    const regions = liveRegions(m);
    assert.ok(regions.length >= 2, `expected the inner loop and the code around it in separate regions, got ${regions.length}`);
    const seen = new Map<number, number>();
    for (const r of regions) {
      for (const slot of r.covered) {
        assert.ok(!seen.has(slot), `instruction at +0x${(slot * 2).toString(16)} compiled into regions ${seen.get(slot)} and ${r.id}`);
        seen.set(slot, r.id);
      }
    }
    // The work is all done: 60 passes of 40.
    assert.equal(m.hart.regs[a0], 60 * 40);
  });

  it('give the interpreter\'s state at every slice end, however the budget cuts through regions', () => {
    const budgets = [1, 3, 17, 100, 7, 333, 2, 41, 1000, 5, 9, 250, 64, 1, 1, 4000, 11];
    const reference = runNested(0, budgets);
    for (const compileAfter of [1, 3, 20]) {
      assert.deepEqual(runNested(compileAfter, budgets), reference, `compileAfter=${compileAfter}`);
    }
  });

  it('stop at a breakpoint set inside a region after it was compiled, at the interpreter\'s icount', () => {
    const stops = (compileAfter: number): number[] => {
      const m = machine();
      m.hart.compileAfter = compileAfter;
      load(m, nested(60, 40));
      m.hart.run(1500); // the loops are compiled by now (when compiling)
      if (compileAfter > 0) assert.ok(liveRegions(m).some((r) => r.covered.includes((INNER_BODY + 8 - RAM_BASE) >>> 1)));
      m.hart.breakpoints.add(INNER_BODY + 8); // the sw, mid-block
      const at: number[] = [];
      for (let k = 0; k < 3; k++) {
        m.hart.run(10_000, k > 0);
        assert.deepEqual(m.hart.lastStop, { kind: 'breakpoint', pc: INNER_BODY + 8 });
        at.push(m.hart.icount);
      }
      return at;
    };
    assert.deepEqual(stops(20), stops(0));
  });

  it('leave out code the interpreter never ran, and leave the region when it is taken', () => {
    // A loop whose branch to `rare` is taken once, long after the loop was compiled.
    const program = [
      ...E.li(s0, DATA), // 0x00
      E.addi(s1, zero, 600), // 0x08
      E.addi(t1, zero, 100), // 0x0c
      E.addi(a0, a0, 1), // 0x10 loop
      E.beq(s1, t1, 16), // 0x14 -> rare at 0x24
      E.addi(s1, s1, -1), // 0x18 back
      E.bne(s1, zero, -12), // 0x1c -> 0x10
      E.j(16), // 0x20 -> 0x30, the end
      E.sw(a0, 4, s0), // 0x24 rare
      E.addi(a3, a3, 7), // 0x28
      E.j(-20), // 0x2c -> 0x18
    ];
    const run = (compileAfter: number): { state: string; rareCompiledEarly: boolean } => {
      const m = machine();
      m.hart.compileAfter = compileAfter;
      const end = load(m, program);
      m.hart.run(200); // compiled (when compiling), rare path not yet taken
      const rareSlot = 0x24 >>> 1;
      const rareCompiledEarly = liveRegions(m).some((r) => r.covered.includes(rareSlot));
      m.hart.breakpoints.add(end);
      let guard = 0;
      while (m.hart.pc !== end && guard++ < 100) m.hart.run(97);
      return { state: snapshot(m), rareCompiledEarly };
    };
    const reference = run(0);
    const compiled = run(10);
    assert.equal(compiled.rareCompiledEarly, false, 'a path never run was compiled');
    assert.equal(compiled.state, reference.state);
    const m = JSON.parse(reference.state) as { regs: number[] };
    assert.equal(m.regs[a3], 7, 'the rare path ran once');
  });

  it('let a device read from compiled code see the exact icount of the reading instruction', () => {
    const seen = (compileAfter: number): number[] => {
      const m = machine();
      m.hart.compileAfter = compileAfter;
      const icounts: number[] = [];
      const read = m.bus.read.bind(m.bus);
      m.bus.read = (paddr, size) => { icounts.push(m.hart.icount); return read(paddr, size); };
      load(m, [...E.li(s2, ATTENTION_REG), ...E.li(s1, 300), E.addi(a0, a0, 1), E.lw(a1, 0, s2), E.addi(s1, s1, -1), E.bne(s1, zero, -12)]);
      for (const b of [5, 200, 13, 7, 10_000]) m.hart.run(b);
      return icounts;
    };
    const expected = Array.from({ length: 300 }, (_, i) => 4 + 4 * i + 1); // 4 setup, the lw is second of 4
    assert.deepEqual(seen(0), expected);
    assert.deepEqual(seen(2), expected);
  });

  it('take an interrupt raised between slices at the same icount and pc as the interpreter', () => {
    const trapAt = (compileAfter: number, k: number): string => {
      const m = machine();
      m.hart.compileAfter = compileAfter;
      load(m, [E.j(0)], HANDLER);
      load(m, [
        ...E.li(t1, HANDLER), E.csrw(CSR.mtvec, t1), E.addi(t1, zero, 0x80), E.csrw(CSR.mie, t1), E.csrrsi(zero, CSR.mstatus, 8),
        ...nested(60, 40),
      ]);
      assert.equal(m.hart.run(k), k);
      m.hart.setIrqLevel(MTI, true);
      m.hart.stopOnTrap = true;
      assert.equal(m.hart.run(1000), 0);
      assert.equal(m.hart.lastStop.kind, 'trap');
      return `${m.hart.icount} ${(m.hart.mepc >>> 0).toString(16)} ${snapshot(m)}`;
    };
    for (const k of [30, 401, 977, 1502, 2203]) assert.equal(trapAt(5, k), trapAt(0, k), `after ${k} instructions`);
  });
});
