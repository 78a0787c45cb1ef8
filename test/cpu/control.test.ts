// The run-loop surface of the hart (emulator/contracts.ts HartControl):
// exact budgets, breakpoints, watchpoints, stopOnTrap, device attention,
// saved state, and code invalidation — in interpreted and compiled code.
import { strict as assert } from 'assert';
import * as E from './encode';
import { a0, a1, s0, s1, t0, t1, zero } from './encode';
import { ATTENTION_REG, CSR, RAM_BASE, load, machine, peek32, poke32, reg, runProgram } from './harness';
import type { HartState } from '../../emulator/cpu/state';

const DATA = RAM_BASE + 0x8000;

/** A counting loop: a0 += 3 each of `n` iterations, storing a0 to DATA each time. Returns the loop body address. */
function loop(n: number): number[] {
  return [
    ...E.li(s0, DATA), // 0x00
    ...E.li(s1, n), // 0x08
    E.addi(a0, a0, 3), // 0x10 body
    E.sw(a0, 0, s0), // 0x14
    E.lw(a1, 0, s0), // 0x18
    E.addi(s1, s1, -1), // 0x1c
    E.bne(s1, zero, -16), // 0x20 -> 0x10
  ];
}
const BODY = RAM_BASE + 0x10;

describe('cpu: run control', () => {
  it('runs exactly the budget, in interpreted and compiled code alike', () => {
    for (const compileAfter of [0, 2]) {
      const m = machine();
      m.hart.compileAfter = compileAfter;
      load(m, loop(100000));
      let total = 0;
      for (const budget of [1, 7, 3, 1000, 5, 2, 20000, 13]) {
        const n = m.hart.run(budget);
        assert.equal(n, budget);
        assert.equal(m.hart.lastStop.kind, 'budget');
        total += n;
        assert.equal(m.hart.icount, total);
      }
      // 4 setup instructions, then 5 per iteration: the state is a pure function of icount.
      const iterations = Math.floor((total - 4) / 5);
      const inBody = (total - 4) % 5;
      assert.equal(reg(m, a0), 3 * iterations + (inBody >= 1 ? 3 : 0), `compileAfter=${compileAfter}`);
      assert.equal(m.hart.pc, BODY + 4 * inBody);
    }
  });

  it('stops at a breakpoint before executing it; resumeFromBreakpoint steps over it', () => {
    for (const compileAfter of [0, 2]) {
      const m = machine();
      m.hart.compileAfter = compileAfter;
      load(m, loop(5000));
      m.hart.run(3000); // hot enough to be compiled when compileAfter = 2
      const stopAt = BODY + 8; // the lw
      m.hart.breakpoints.add(stopAt);
      const before = m.hart.icount;
      const n = m.hart.run(100);
      assert.deepEqual(m.hart.lastStop, { kind: 'breakpoint', pc: stopAt });
      assert.equal(m.hart.pc, stopAt);
      assert.equal(m.hart.icount, before + n);
      assert.equal(m.hart.run(100), 0, 'stays at the breakpoint');
      const n2 = m.hart.run(100, true);
      assert.equal(n2, 5, 'one loop iteration later it hits again');
      assert.deepEqual(m.hart.lastStop, { kind: 'breakpoint', pc: stopAt });
    }
  });

  it('reports watchpoint hits after the accessing instruction, on physical ranges', () => {
    for (const compileAfter of [0, 2]) {
      const m = machine();
      m.hart.compileAfter = compileAfter;
      load(m, loop(5000));
      m.hart.run(3000);
      m.hart.setWatchpoints([{ address: DATA + 2, size: 1, kind: 'write' }]);
      m.hart.run(100);
      assert.deepEqual(m.hart.lastStop, { kind: 'watchpoint', address: DATA, size: 4, access: 'write', pc: BODY + 4 });
      assert.equal(m.hart.pc, BODY + 8, 'the store has run');
      assert.equal(peek32(m, DATA), reg(m, a0) >>> 0);
      m.hart.setWatchpoints([{ address: DATA, size: 4, kind: 'read' }]);
      m.hart.run(100);
      assert.deepEqual(m.hart.lastStop, { kind: 'watchpoint', address: DATA, size: 4, access: 'read', pc: BODY + 8 });
      m.hart.setWatchpoints([{ address: DATA, size: 4, kind: 'access' }]);
      m.hart.run(100);
      assert.deepEqual(m.hart.lastStop, { kind: 'watchpoint', address: DATA, size: 4, access: 'access', pc: BODY + 4 });
      m.hart.setWatchpoints([]);
      assert.equal(m.hart.run(100), 100);
    }
  });

  it('stopOnTrap stops after entering the handler; the trapping instruction counts', () => {
    const m = machine();
    load(m, [...E.li(t0, RAM_BASE + 0x400), E.csrw(CSR.mtvec, t0), E.nop(), E.ecall()]);
    m.hart.stopOnTrap = true;
    const n = m.hart.run(100);
    assert.equal(n, 5);
    assert.deepEqual(m.hart.lastStop, { kind: 'trap', cause: 11, interrupt: false, tval: 0, pc: RAM_BASE + 16 });
    assert.equal(m.hart.pc, RAM_BASE + 0x400);
  });

  it('stops with attention right after an MMIO access that asked for it', () => {
    const m = machine();
    const end = load(m, [...E.li(s0, ATTENTION_REG), E.addi(t0, zero, 9), E.sw(t0, 0, s0), E.addi(a0, zero, 1)]);
    const n = m.hart.run(100);
    assert.equal(n, 4);
    assert.deepEqual(m.hart.lastStop, { kind: 'attention' });
    assert.equal(m.hart.pc, end - 4);
    assert.equal(m.bus.register, 9);
  });

  it('device accesses from compiled code return correct values and honour attention', () => {
    const m = machine();
    m.hart.compileAfter = 2;
    m.bus.register = 5;
    load(m, [...E.li(s0, ATTENTION_REG), ...E.li(s1, 1000), E.lw(a0, 0, s0), E.add(a1, a1, a0), E.addi(s1, s1, -1), E.bne(s1, zero, -12), E.sw(a1, 0, s0)]);
    let total = 0;
    for (;;) {
      total += m.hart.run(100000);
      if (m.hart.lastStop.kind === 'attention') break;
    }
    assert.equal(total, 4 + 4 * 1000 + 1);
    assert.equal(m.bus.register, 5000);
  });

  it('save -> load -> save is identical, and a reloaded hart replays identically', () => {
    const m = machine();
    m.hart.compileAfter = 2;
    load(m, loop(100000));
    m.hart.run(12345);
    m.hart.setIrqLevel((1 << 7) as never, true);
    const saved = m.hart.saveState();
    const text = JSON.stringify(saved);
    const ramCopy = m.ram.bytes.slice();
    m.hart.run(20000);
    const after = JSON.stringify(m.hart.saveState());

    const other = machine();
    other.ram.bytes.set(ramCopy);
    other.hart.loadState(JSON.parse(text) as HartState);
    assert.equal(JSON.stringify(other.hart.saveState()), text, 'save -> load -> save');
    other.hart.run(20000);
    assert.equal(JSON.stringify(other.hart.saveState()), after, 'same future');
    assert.equal((saved as HartState).kind, 'hart');
    assert.equal((saved as HartState).version, 1);
    assert.equal((saved as HartState).x.length, 32);
  });

  it('rejects a state of another kind, version or shape without changing anything', () => {
    const m = machine();
    m.hart.regs[5] = 77;
    const good = m.hart.saveState() as HartState;
    assert.throws(() => m.hart.loadState({ kind: 'uart', version: 1 }), /expected kind 'hart'/);
    assert.throws(() => m.hart.loadState({ ...good, version: 2 } as unknown as HartState), /unsupported version 2/);
    assert.throws(() => m.hart.loadState({ ...good, x: [1, 2, 3] } as HartState), /x must be an array of 32 numbers/);
    assert.throws(() => m.hart.loadState({ ...good, csr: { ...good.csr, satp: 'x' } } as unknown as HartState), /csr.satp/);
    assert.throws(() => m.hart.loadState({ ...good, privilege: 2 } as HartState), /privilege 2/);
    assert.equal(m.hart.regs[5], 77);
  });

  it('lets a debugger read CSRs and translate addresses without side effects', () => {
    const m = machine();
    const root = RAM_BASE + 0x10000, l2 = RAM_BASE + 0x11000;
    poke32(m, root + 0x100 * 4, (((l2 >>> 12) << 10) | 1) | 0); // VA 0x40000000 -> l2
    poke32(m, l2 + 4, (((DATA >>> 12) << 10) | 0x03) | 0); // VA 0x40001000 -> DATA, R, A clear
    runProgram([
      ...E.li(t0, 0x1234), E.csrw(CSR.mscratch, t0),
      ...E.li(t0, (0x80000000 | (root >>> 12)) | 0), E.csrw(CSR.satp, t0),
      ...E.li(t0, -1), E.csrw(CSR.pmpaddr0, t0), E.addi(t0, zero, 0x1f), E.csrw(CSR.pmpcfg0, t0),
      ...E.li(t0, 1 << 11), E.csrrs(zero, CSR.mstatus, t0), // MPP = S
      ...E.li(t0, 1 << 17), E.csrrs(zero, CSR.mstatus, t0), // MPRV: data accesses as S
    ], m);
    assert.equal(m.hart.csrValue(CSR.mscratch), 0x1234);
    assert.equal(m.hart.csrValue(CSR.misa), 0x40141105);
    assert.equal(m.hart.csrValue(0x7ff), undefined);
    assert.equal(m.hart.debugTranslate(0x40001010), DATA + 0x10);
    assert.equal(m.hart.debugTranslate(0x40002000), null);
    assert.equal(peek32(m, l2 + 4) & 0x40, 0, 'the A bit was not set');
  });

  it('invalidateCode makes outside writes to code visible', () => {
    const m = machine();
    const end = load(m, [E.addi(a0, zero, 1), E.j(-4)]);
    m.hart.run(10);
    assert.equal(reg(m, a0), 1);
    poke32(m, RAM_BASE, E.addi(a0, zero, 2)); // poke32 calls invalidateCode, as a loader would
    m.hart.run(10);
    assert.equal(reg(m, a0), 2);
    void end;
  });

  it('self-modifying code behaves the same compiled and interpreted', () => {
    const program = [
      ...E.li(s0, RAM_BASE + 0x24), // address of the patched instruction
      ...E.li(s1, 3000),
      ...E.li(t1, E.addi(a1, a1, 5)), // replacement for "addi a1, a1, 1"
      E.addi(a0, a0, 1), // 0x18 loop:
      E.bne(a0, s1, 8), // 0x1c  (skip the patch until a0 == 3000 ... )
      E.sw(t1, 0, s0), // 0x20  patch the next instruction
      E.addi(a1, a1, 1), // 0x24  patched
      ...E.li(t0, 6000), // 0x28
      E.blt(a0, t0, -24), // 0x30 -> 0x18
    ];
    const results = [0, 2, 50].map((compileAfter) => {
      const m = machine();
      m.hart.compileAfter = compileAfter;
      runProgram(program, m, 100000);
      return [reg(m, a0), reg(m, a1), m.hart.icount];
    });
    assert.deepEqual(results[1], results[0]);
    assert.deepEqual(results[2], results[0]);
    assert.equal(results[0][1], 2999 + 5 * 3001, 'the patch took effect immediately');
  });

  it('a guest store onto a hot loop in the same page as data does not disturb it', () => {
    const m = machine();
    m.hart.compileAfter = 2;
    runProgram([...E.li(s0, RAM_BASE + 0x800), ...E.li(s1, 5000), E.sw(s1, 0, s0), E.addi(s1, s1, -1), E.bne(s1, zero, -8)], m, 100000);
    assert.equal(peek32(m, RAM_BASE + 0x800), 1);
    void a1;
  });
});
