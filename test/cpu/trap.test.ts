// Traps, delegation, xRET, interrupts and WFI (privileged spec v1.12,
// 3.1.6-3.1.9, 3.3, 4.1; QEMU 7.2 where it chooses).
import { strict as assert } from 'assert';
import type { Irq } from '../../emulator/contracts';
import * as E from './encode';
import { a0, a1, t0, t1, zero } from './encode';
import { CSR, RAM_BASE, enterMode, load, machine, pmpAllowAll, reg, runUntilStop, ureg } from './harness';

const HANDLER = RAM_BASE + 0x800; // mtvec / stvec targets in these tests
const S_HANDLER = RAM_BASE + 0xc00;
const MSI = (1 << 3) as Irq, MTI = (1 << 7) as Irq, MEI = (1 << 11) as Irq;
const SSI = (1 << 1) as Irq, STI = (1 << 5) as Irq, SEI = (1 << 9) as Irq;

/** A machine whose program starts by pointing mtvec/stvec at HANDLER/S_HANDLER; `end` is where it ends. */
function setup(program: number[], extra: number[] = []): ReturnType<typeof machine> & { end: number } {
  const m = machine();
  const end = load(m, [
    ...E.li(t0, HANDLER), E.csrw(CSR.mtvec, t0),
    ...E.li(t0, S_HANDLER), E.csrw(CSR.stvec, t0),
    ...extra, ...program,
  ]);
  load(m, [E.j(0)], HANDLER);
  load(m, [E.j(0)], S_HANDLER);
  return { ...m, end };
}

/** Runs until pc reaches `at` (a breakpoint) and checks it got there. */
function runTo(m: ReturnType<typeof machine>, at: number, steps = 1000): void {
  m.hart.breakpoints.add(at);
  runUntilStop(m, steps);
  m.hart.breakpoints.delete(at);
  assert.equal(m.hart.pc.toString(16), at.toString(16), JSON.stringify(m.hart.lastStop));
}

describe('cpu: traps', () => {
  it('ecall from M, S and U raises causes 11, 9 and 8 with mepc at the ecall and mtval 0', () => {
    for (const [mode, cause] of [[3, 11], [1, 9], [0, 8]]) {
      const m = setup([...(mode === 3 ? [] : enterMode(mode)), E.ecall()], pmpAllowAll());
      runTo(m, HANDLER);
      assert.equal(m.hart.mcause, cause);
      assert.equal(m.hart.mtval, 0);
      assert.equal(m.hart.privilege, 3);
      assert.equal((m.hart.mstatus >> 11) & 3, mode, 'MPP holds the previous mode');
      const ecallAt = m.hart.mepc >>> 0;
      assert.equal(m.hart.bus.ram.bytes[ecallAt - RAM_BASE], 0x73, 'mepc points at the ecall');
    }
  });

  it('ebreak raises cause 3 with mtval 0 (QEMU 7.2); an illegal word puts its bits in mtval', () => {
    let m = setup([E.ebreak()]);
    runTo(m, HANDLER);
    assert.deepEqual([m.hart.mcause, m.hart.mtval], [3, 0]);
    m = setup([0xffffffff | 0]);
    runTo(m, HANDLER);
    assert.deepEqual([m.hart.mcause, m.hart.mtval >>> 0], [2, 0xffffffff]);
  });

  it('trap entry saves MIE in MPIE and clears MIE; mret restores it and returns to MPP', () => {
    const m = setup([
      E.csrrsi(zero, CSR.mstatus, 8), // set MIE
      E.ecall(),
      E.addi(a1, zero, 1), // after the handler returns
    ]);
    load(m, [
      E.csrr(a0, CSR.mstatus), // inside the handler: MIE = 0, MPIE = 1, MPP = 3
      E.csrr(t0, CSR.mepc), E.addi(t0, t0, 4), E.csrw(CSR.mepc, t0),
      E.mret(),
    ], HANDLER);
    runTo(m, m.end);
    assert.equal(ureg(m, a0) & 0x1888, 0x1880);
    assert.equal(reg(m, a1), 1);
    assert.equal(m.hart.mstatus & 0x1888, 0x0088, 'MIE restored from MPIE, MPIE = 1, MPP = U');
  });

  it('medeleg sends exceptions from S and U to the S handler, never from M', () => {
    const deleg = [...E.li(t1, 1 << 8 | 1 << 2), E.csrw(CSR.medeleg, t1)];
    let m = setup([...enterMode(0), E.ecall()], [...pmpAllowAll(), ...deleg]);
    runTo(m, S_HANDLER);
    assert.equal(m.hart.privilege, 1);
    assert.equal(m.hart.scause, 8);
    assert.equal(m.hart.mstatus & 0x100, 0, 'SPP = U');
    assert.equal(m.hart.mcause, 0, 'M registers untouched');

    m = setup([...enterMode(1), 0xffffffff | 0], [...pmpAllowAll(), ...deleg, E.csrrsi(zero, CSR.sstatus, 2)]);
    runTo(m, S_HANDLER);
    assert.deepEqual([m.hart.scause, m.hart.stval >>> 0], [2, 0xffffffff]);
    assert.equal(m.hart.mstatus & 0x122, 0x120, 'SPP = S, SPIE = old SIE, SIE = 0');

    m = setup([0xffffffff | 0], [...pmpAllowAll(), ...deleg]);
    runTo(m, HANDLER);
    assert.equal(m.hart.mcause, 2, 'a trap from M mode stays in M');
  });

  it('sret returns to SPP, restores SIE from SPIE and clears MPRV; TSR makes it illegal in S', () => {
    const m = setup([
      ...enterMode(1),
      E.csrrsi(zero, CSR.sstatus, 2), // SIE = 1
      E.auipc(t0, 0), E.addi(t0, t0, 16), E.csrw(CSR.sepc, t0), // sepc = after the sret
      E.sret(), // SPP = U: drops to U
      E.addi(a0, zero, 7),
      E.ecall(),
    ], pmpAllowAll());
    runTo(m, HANDLER);
    assert.equal(reg(m, a0), 7);
    assert.equal(m.hart.mcause, 8, 'ecall came from U');
    assert.equal(m.hart.mstatus & 0x122, 0x020, 'SIE = SPIE (0), SPIE = 1, SPP = U');

    const tsr = [...E.li(t1, 1 << 22), E.csrrs(zero, CSR.mstatus, t1)];
    const m2 = setup([...enterMode(1), E.sret()], [...pmpAllowAll(), ...tsr]);
    runTo(m2, HANDLER);
    assert.deepEqual([m2.hart.mcause, m2.hart.mtval >>> 0], [2, E.sret()]);
    const m3 = setup([...enterMode(0), E.sret()], pmpAllowAll());
    runTo(m3, HANDLER);
    assert.equal(m3.hart.mcause, 2, 'sret in U');
  });

  it('mret below M is illegal; mret to S/U with no PMP entry is illegal (QEMU 7.2)', () => {
    let m = setup([...enterMode(1), E.mret()], pmpAllowAll());
    runTo(m, HANDLER);
    assert.deepEqual([m.hart.mcause, m.hart.mtval >>> 0, m.hart.privilege], [2, E.mret(), 3]);
    m = setup([...enterMode(0)]);
    runTo(m, HANDLER);
    assert.deepEqual([m.hart.mcause, m.hart.mtval >>> 0], [2, E.mret()]);
    assert.equal((m.hart.mstatus >> 11) & 3, 3, 'the mret had no effect: MPP of the trap = M');
  });

  it('mret to a lower mode clears MPRV', () => {
    const m = setup([
      ...E.li(t0, 1 << 17), E.csrrs(zero, CSR.mstatus, t0), // MPRV
      ...enterMode(0), E.ecall(),
    ], pmpAllowAll());
    runTo(m, HANDLER);
    assert.equal(m.hart.mstatus & (1 << 17), 0);
  });
});

describe('cpu: interrupts', () => {
  /** M mode with mie = `enable`, MIE as given, spinning at "j 0" after the setup. */
  function spinning(enable: number, mie: boolean, extra: number[] = []): ReturnType<typeof machine> {
    const m = setup([...E.li(t0, enable), E.csrw(CSR.mie, t0), ...extra, ...(mie ? [E.csrrsi(zero, CSR.mstatus, 8)] : []), E.j(0)]);
    runUntilStop(m, 40);
    return m;
  }

  it('a pending, enabled interrupt is taken at the next instruction boundary, and not counted', () => {
    const m = spinning(MTI, true);
    const spinAt = m.hart.pc;
    const before = m.hart.icount;
    m.hart.setIrqLevel(MTI, true);
    m.hart.stopOnTrap = true;
    const n = m.hart.run(10);
    assert.equal(n, 0, 'taking an interrupt is not an instruction');
    assert.deepEqual(m.hart.lastStop, { kind: 'trap', cause: 7, interrupt: true, tval: 0, pc: spinAt });
    assert.equal(m.hart.mcause >>> 0, 0x80000007);
    assert.equal(m.hart.mepc >>> 0, spinAt);
    assert.equal(m.hart.pc, HANDLER);
    assert.equal(m.hart.icount, before);
  });

  it('M-mode interrupts wait for mstatus.MIE in M mode but not in lower modes', () => {
    let m = spinning(MTI, false);
    m.hart.setIrqLevel(MTI, true);
    m.hart.run(10);
    assert.notEqual(m.hart.pc, HANDLER, 'MIE = 0 in M: not taken');
    m = setup([...E.li(t0, MTI), E.csrw(CSR.mie, t0), ...enterMode(0), E.j(0)], pmpAllowAll());
    runUntilStop(m, 40);
    m.hart.setIrqLevel(MTI, true);
    m.hart.run(10);
    assert.equal(m.hart.mcause >>> 0, 0x80000007, 'taken in U even with MIE = 0');
  });

  it('priority is MEI, MSI, MTI, SEI, SSI, STI', () => {
    const order: [number, number][] = [[MEI, 11], [MSI, 3], [MTI, 7], [SEI, 9], [SSI, 1], [STI, 5]];
    for (let k = 0; k < order.length; k++) {
      const pending = order.slice(k).reduce((acc, [bit]) => acc | bit, 0);
      const m = spinning(0xaaa, true);
      for (const [bit] of order.slice(k)) {
        if (bit === SSI || bit === STI) m.hart.setSoftwareIrq(bit, true); else m.hart.setIrqLevel(bit , true);
      }
      assert.equal(m.hart.mip, pending);
      m.hart.run(1);
      assert.equal(m.hart.mcause >>> 0, (0x80000000 | order[k][1]) >>> 0, `pending 0x${pending.toString(16)}`);
    }
  });

  it('delegated interrupts go to S: taken in U always, in S only with SIE, never in M', () => {
    const deleg = [...E.li(t1, SSI | STI | SEI), E.csrw(CSR.mideleg, t1), E.csrw(CSR.mie, t1)];
    // In M mode with MIE set: a delegated interrupt is not taken.
    let m = setup([E.csrrsi(zero, CSR.mstatus, 8), E.j(0)], deleg);
    runUntilStop(m, 40);
    m.hart.setIrqLevel(SEI , true);
    m.hart.run(10);
    assert.equal(m.hart.privilege, 3);
    assert.notEqual(m.hart.pc, S_HANDLER);
    // In S mode without SIE: not taken; with SIE: taken into S.
    m = setup([...enterMode(1), E.j(0)], [...pmpAllowAll(), ...deleg]);
    runUntilStop(m, 60);
    m.hart.setIrqLevel(SEI , true);
    m.hart.run(10);
    assert.equal(m.hart.privilege, 1);
    assert.notEqual(m.hart.pc, S_HANDLER);
    m.hart.mstatus |= 2; // SIE, as a csrs would (then the change must be noticed)
    m.hart.irqDirty = true;
    m.hart.run(1);
    assert.equal(m.hart.pc, S_HANDLER);
    assert.equal(m.hart.scause >>> 0, 0x80000009);
    // In U mode: taken even though SIE = 0.
    m = setup([...enterMode(0), E.j(0)], [...pmpAllowAll(), ...deleg]);
    runUntilStop(m, 60);
    m.hart.setIrqLevel(STI , true);
    m.hart.run(1);
    assert.equal(m.hart.pc, S_HANDLER);
    assert.equal(m.hart.scause >>> 0, 0x80000005);
  });

  it('an M-level interrupt preempts S mode regardless of SIE and MIE', () => {
    const m = setup([...E.li(t0, MEI), E.csrw(CSR.mie, t0), ...enterMode(1), E.j(0)], pmpAllowAll());
    runUntilStop(m, 60);
    m.hart.setIrqLevel(MEI, true);
    m.hart.run(1);
    assert.equal(m.hart.pc, HANDLER);
    assert.equal((m.hart.mstatus >> 11) & 3, 1);
  });

  it('a software interrupt raised by a CSR write is taken right after that instruction', () => {
    const m = setup([
      ...E.li(t0, SSI), E.csrw(CSR.mie, t0), E.csrrsi(zero, CSR.mstatus, 8),
      E.csrrsi(zero, CSR.mip, 2), // set SSIP
      E.addi(a0, zero, 1), // must not run before the interrupt
    ]);
    runTo(m, HANDLER);
    assert.equal(reg(m, a0), 0);
    assert.equal(m.hart.mcause >>> 0, 0x80000001);
  });

  it('vectored mtvec sends interrupts to base + 4 * cause and exceptions to base', () => {
    const m = machine();
    load(m, [...E.li(t0, HANDLER | 1), E.csrw(CSR.mtvec, t0), ...E.li(t0, MTI), E.csrw(CSR.mie, t0), E.csrrsi(zero, CSR.mstatus, 8), E.j(0)]);
    runUntilStop(m, 40);
    m.hart.setIrqLevel(MTI, true);
    m.hart.stopOnTrap = true;
    m.hart.run(1);
    assert.equal(m.hart.pc, HANDLER + 4 * 7);
    const m2 = machine();
    load(m2, [...E.li(t0, HANDLER | 1), E.csrw(CSR.mtvec, t0), E.ecall()]);
    m2.hart.stopOnTrap = true;
    runUntilStop(m2, 40);
    assert.equal(m2.hart.pc, HANDLER);
  });
});

describe('cpu: wfi', () => {
  it('sleeps until an interrupt is pending and enabled in mie, even with MIE clear', () => {
    const m = setup([...E.li(t0, MTI), E.csrw(CSR.mie, t0), E.wfi(), E.addi(a0, zero, 1), E.j(0)]);
    runUntilStop(m, 100);
    assert.equal(m.hart.lastStop.kind, 'wfi');
    assert.equal(m.hart.waiting, true);
    const icount = m.hart.icount;
    assert.equal(m.hart.run(100), 0, 'still asleep');
    assert.equal(m.hart.lastStop.kind, 'wfi');
    m.hart.setIrqLevel(MSI, true); // pending but not enabled in mie: keeps sleeping
    assert.equal(m.hart.waiting, true);
    m.hart.setIrqLevel(MTI, true);
    assert.equal(m.hart.waiting, false, 'woken');
    m.hart.run(1);
    assert.equal(reg(m, a0), 1, 'MIE = 0: continues after the wfi without trapping');
    assert.equal(m.hart.icount, icount + 1);
  });

  it('is a no-op when an interrupt is already pending and enabled in mie', () => {
    const m = setup([...E.li(t0, MTI), E.csrw(CSR.mie, t0), E.wfi(), E.addi(a0, zero, 1)]);
    m.hart.setIrqLevel(MTI, true);
    runTo(m, m.end);
    assert.equal(reg(m, a0), 1);
    assert.equal(m.hart.waiting, false);
  });

  it('wakes into the handler when MIE is set, with mepc after the wfi', () => {
    const m = setup([...E.li(t0, MTI), E.csrw(CSR.mie, t0), E.csrrsi(zero, CSR.mstatus, 8), E.wfi(), E.addi(a0, zero, 1)]);
    runUntilStop(m, 100);
    assert.equal(m.hart.lastStop.kind, 'wfi');
    m.hart.setIrqLevel(MTI, true);
    m.hart.run(1);
    assert.equal(m.hart.pc, HANDLER);
    assert.equal(m.hart.mepc >>> 0, m.end - 4);
    assert.equal(reg(m, a0), 0);
  });

  it('is illegal in U mode, and in S mode when mstatus.TW is set', () => {
    let m = setup([...enterMode(0), E.wfi()], pmpAllowAll());
    runTo(m, HANDLER);
    assert.deepEqual([m.hart.mcause, m.hart.mtval >>> 0], [2, E.wfi()]);
    m = setup([...enterMode(1), E.wfi()], [...pmpAllowAll(), ...E.li(t1, 1 << 21), E.csrrs(zero, CSR.mstatus, t1)]);
    runTo(m, HANDLER);
    assert.equal(m.hart.mcause, 2);
    m = setup([...enterMode(1), E.wfi()], pmpAllowAll());
    runUntilStop(m, 100);
    assert.equal(m.hart.lastStop.kind, 'wfi', 'S mode without TW sleeps');
    void a1; void ureg;
  });
});
