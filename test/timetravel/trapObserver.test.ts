// The hart's trap observer (emulator/cpu/trap.ts), which the timeline's trap
// index is built on: it is told of every trap at the icount a stopOnTrap
// stop reports, also when the trapping load runs inside a compiled region
// and when interrupts arrive between compiled blocks, exactly as an
// interpreter-only hart tells it.
import { strict as assert } from 'assert';
import type { Irq } from '../../emulator/contracts';
import { describeTrap } from '../../emulator/cpu/causes';
import * as E from '../cpu/encode';
import { a0, a1, a2, a3, s0, s1, t0, t1, t2, zero } from '../cpu/encode';
import { CSR, Machine, RAM_BASE, load, machine } from '../cpu/harness';

const DATA = RAM_BASE + 0x8000;
const HANDLER = RAM_BASE + 0x400;
/** mip.MTIP (privileged spec v1.12, 3.1.9). */
const MTI = (1 << 7) as Irq;
/** The timer line is raised whenever icount reaches a multiple of this. */
const TICK = 1013;
const ITERATIONS = 3000;

/**
 * A hot loop whose load goes past the end of RAM (a load access fault)
 * every 64th iteration; the handler skips the faulting load and returns
 * from interrupts as they are.
 */
function program(m: Machine): void {
  load(m, [
    ...E.li(s0, DATA),
    ...E.li(s1, ITERATIONS),
    ...E.li(t1, HANDLER), E.csrw(CSR.mtvec, t1), E.addi(t1, zero, 0x80), E.csrw(CSR.mie, t1), E.csrrsi(zero, CSR.mstatus, 8),
    E.addi(a0, a0, 1), // loop
    E.andi(t0, a0, 63),
    E.sltiu(t0, t0, 1),
    E.slli(t0, t0, 20), // 1 MiB: the harness's RAM size
    E.add(t1, s0, t0),
    E.lw(a2, 0, t1),
    E.add(a3, a3, a2),
    E.addi(s1, s1, -1),
    E.bne(s1, zero, -32),
    E.jal(zero, 0), // end: spin
  ]);
  load(m, [
    E.csrr(t2, CSR.mcause),
    E.blt(t2, zero, 16),
    E.csrr(a1, CSR.mepc), E.addi(a1, a1, 4), E.csrw(CSR.mepc, a1),
    E.mret(),
  ], HANDLER);
}

interface Taken { icount: number; cause: number; interrupt: boolean; tval: number; epc: number }

/** Runs the program; returns the traps the observer was told of, or (stopping on traps) the stops. */
function run(compileAfter: number, stopOnTrap: boolean): { taken: Taken[]; compiled: number } {
  const m = machine();
  m.hart.compileAfter = compileAfter;
  program(m);
  const taken: Taken[] = [];
  m.hart.stopOnTrap = stopOnTrap;
  // The timer line drops as the interrupt is taken (a stop drops it at the same point, before the handler runs).
  m.hart.trapObserver = stopOnTrap ? null : (cause, interrupt, tval, epc, icount) => {
    taken.push({ icount, cause, interrupt, tval, epc });
    if (interrupt) m.hart.setIrqLevel(MTI, false);
  };
  const end = ITERATIONS * 8 + 200;
  while (m.hart.icount < end) {
    m.hart.run(Math.min(end, (Math.floor(m.hart.icount / TICK) + 1) * TICK) - m.hart.icount);
    const stop = m.hart.lastStop;
    if (stop.kind === 'trap') {
      taken.push({ icount: m.hart.icount, cause: stop.cause, interrupt: stop.interrupt, tval: stop.tval, epc: stop.pc });
      if (stop.interrupt) m.hart.setIrqLevel(MTI, false);
    } else if (m.hart.icount % TICK === 0) {
      m.hart.setIrqLevel(MTI, true);
    }
  }
  return { taken, compiled: m.hart.codeCache.regions.filter((r) => r !== null).length };
}

describe('cpu: trap observer', function () {
  it('is told of each trap at the icount a trap stop reports, from compiled code too', function () {
    const compiled = run(4, false);
    assert.ok(compiled.compiled > 0, 'the loop was compiled');
    const faults = compiled.taken.filter((t) => !t.interrupt);
    const interrupts = compiled.taken.filter((t) => t.interrupt);
    assert.ok(faults.length >= 40 && interrupts.length >= 20, `${faults.length} faults, ${interrupts.length} interrupts`);
    assert.ok(faults.every((f) => f.cause === 5 && f.tval === DATA + (1 << 20)));
    assert.deepStrictEqual(compiled.taken, run(0, false).taken, 'as an interpreter-only hart');
    assert.deepStrictEqual(compiled.taken, run(4, true).taken, 'as trap stops');
  });

  it('describes traps as a debugger would', function () {
    assert.equal(describeTrap(7, true, 0, 0x80000010), 'interrupt: machine timer (cause 7) before pc 0x80000010');
    assert.equal(describeTrap(8, false, 0, 0x80000104), 'trap: environment call from U-mode (cause 8) at pc 0x80000104');
    assert.equal(describeTrap(2, false, 0xffff, 0x80000104), 'trap: illegal instruction (cause 2) at pc 0x80000104, tval 0x0000ffff');
    assert.equal(describeTrap(13, false, 0x10, 0x80000104), 'trap: load page fault (cause 13) at pc 0x80000104, address 0x00000010');
    assert.equal(describeTrap(24, false, 0, 0), 'trap: exception 24 (cause 24) at pc 0x00000000');
  });
});
