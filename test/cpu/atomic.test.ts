// The A extension (unprivileged spec 20191213, ch. 8): LR/SC reservations
// and every AMO, alignment rules, and QEMU's reservation semantics (SC
// compares the reserved address, then the value loaded by LR).
import { strict as assert } from 'assert';
import * as E from './encode';
import { a0, a1, a2, a3, a4, s0, t0, zero } from './encode';
import { ATTENTION_REG, CSR, RAM_BASE, load, machine, peek32, poke32, reg, runProgram } from './harness';

const DATA = RAM_BASE + 0x8000;

function trapOf(program: number[]): { cause: number; tval: number; a0: number } | null {
  const m = machine();
  load(m, program);
  m.hart.stopOnTrap = true;
  m.hart.run(100);
  const stop = m.hart.lastStop;
  return stop.kind === 'trap' ? { cause: stop.cause, tval: stop.tval, a0: reg(m, a0) } : null;
}

describe('cpu: atomics', () => {
  it('lr.w / sc.w succeed on an untouched reservation and write memory', () => {
    const m = machine();
    poke32(m, DATA, 41);
    runProgram([
      E.li(s0, DATA), // li s0, DATA
      E.lr_w(a0, s0), // lr.w a0, (s0)
      E.addi(a0, a0, 1), // addi a0, a0, 1
      E.sc_w(a1, a0, s0), // sc.w a1, a0, (s0)   -> 0 (success)
      E.sc_w(a2, a0, s0), // sc.w a2, a0, (s0)   -> 1 (reservation used up)
    ], m);
    assert.equal(reg(m, a1), 0);
    assert.equal(reg(m, a2), 1);
    assert.equal(peek32(m, DATA), 42);
  });

  it('sc.w fails without a reservation, at another address, or after the value changed', () => {
    const m = machine();
    poke32(m, DATA, 5);
    runProgram([
      E.li(s0, DATA), // li s0, DATA
      E.addi(t0, zero, 9), // li t0, 9
      E.sc_w(a0, t0, s0), // sc.w a0, t0, (s0)  no reservation -> 1
      E.lr_w(a1, s0), // lr.w a1, (s0)
      E.addi(a4, s0, 4), // addi a4, s0, 4
      E.sc_w(a1, t0, a4), // sc.w a1, t0, 4(s0) other address -> 1
      E.lr_w(a2, s0), // lr.w a2, (s0)
      E.sw(t0, 0, s0), // sw t0, (s0)        value changes 5 -> 9
      E.sc_w(a2, t0, s0), // sc.w a2, t0, (s0)  -> 1
      E.lr_w(a3, s0), // lr.w a3, (s0)       (9)
      E.sw(a3, 0, s0), // sw a3, (s0)         same value written back
      E.sc_w(a3, zero, s0), // sc.w a3, zero, (s0) -> 0 (QEMU compares values)
    ], m);
    assert.deepEqual([a0, a1, a2, a3].map((r) => reg(m, r)), [1, 1, 1, 0]);
    assert.equal(peek32(m, DATA), 0);
    assert.equal(peek32(m, DATA + 4), 0);
  });

  it('a trap between lr.w and sc.w clears the reservation', () => {
    const m = machine();
    const handler = RAM_BASE + 0x400;
    load(m, [E.csrr(t0, CSR.mepc), E.addi(t0, t0, 4), E.csrw(CSR.mepc, t0), E.mret()], handler);
    runProgram([
      ...E.li(t0, handler), E.csrw(CSR.mtvec, t0),
      E.li(s0, DATA),
      E.lr_w(a0, s0), // lr.w a0, (s0)
      E.ecall(), // trap and return
      E.sc_w(a1, a0, s0), // -> 1
    ], m);
    assert.equal(reg(m, a1), 1);
  });

  it('every AMO returns the old value and stores the combination', () => {
    const cases: [string, (rd: number, rs2: number, rs1: number) => number, number, number, number][] = [
      ['amoswap', E.amoswap_w, 0x1234, -7, -7],
      ['amoadd', E.amoadd_w, 0x7fffffff, 1, 0x80000000 | 0],
      ['amoxor', E.amoxor_w, 0xff00, 0x0ff0, 0xf0f0],
      ['amoand', E.amoand_w, 0xff00, 0x0ff0, 0x0f00],
      ['amoor', E.amoor_w, 0xff00, 0x0ff0, 0xfff0],
      ['amomin', E.amomin_w, -5, 3, -5],
      ['amomax', E.amomax_w, -5, 3, 3],
      ['amominu', E.amominu_w, -5, 3, 3],
      ['amomaxu', E.amomaxu_w, -5, 3, -5],
    ];
    for (const [name, op, old, src, stored] of cases) {
      const m = machine();
      poke32(m, DATA, old);
      runProgram([E.li(s0, DATA), E.li(t0, src), op(a0, t0, s0)], m);
      assert.equal(reg(m, a0), old | 0, `${name} returns the old value`);
      assert.equal(peek32(m, DATA) | 0, stored, `${name} stores`);
    }
    const m = machine(); // rd = x0: memory still updated, x0 still zero
    poke32(m, DATA, 1);
    runProgram([E.li(s0, DATA), E.addi(t0, zero, 2), E.amoadd_w(zero, t0, s0)], m);
    assert.equal(peek32(m, DATA), 3);
    assert.equal(reg(m, zero), 0);
  });

  it('alignment: misaligned lr.w is a load misalignment, AMOs a store/AMO one; sc.w without reservation just fails', () => {
    assert.deepEqual(trapOf([...E.li(s0, DATA + 2), E.lr_w(a0, s0)]), { cause: 4, tval: DATA + 2, a0: 0 });
    assert.deepEqual(trapOf([...E.li(s0, DATA + 1), E.amoadd_w(a0, t0, s0)]), { cause: 6, tval: DATA + 1, a0: 0 });
    assert.deepEqual(trapOf([...E.li(s0, DATA + 2), E.amoswap_w(a0, t0, s0)]), { cause: 6, tval: DATA + 2, a0: 0 });
    const m = runProgram([E.li(s0, DATA + 2), E.sc_w(a0, t0, s0)]);
    assert.equal(reg(m, a0), 1);
  });

  it('AMOs on a device register go through the bus', () => {
    const m = machine();
    m.bus.register = 10;
    runProgram([E.li(s0, ATTENTION_REG), E.addi(t0, zero, 5), E.amoadd_w(a0, t0, s0)], m);
    assert.equal(reg(m, a0), 10);
    assert.equal(m.bus.register, 15);
    void a2;
  });
});
