// CLINT timing on the virtual clock: mtime = floor(virtual_ns / 100), MTIP
// rises at the exact instruction where mtime reaches mtimecmp, msip drives
// MSIP, and the timer survives save/load.
import { strict as assert } from 'assert';
import { Irq } from '../../emulator/contracts';
import { canonicalJson } from '../../emulator/machine/canonical';
import { Clint, MTIMECMP_HI, MTIMECMP_LO, MTIME_HI, MTIME_LO, MSWI_MSIP0 } from '../../emulator/devices/clint';
import { LineRecorder, ManualTime } from './harness';

function makeClint(shift = 0) {
  const time = new ManualTime(shift);
  const lines = new LineRecorder();
  const clint = new Clint(time.clock, time.timers, lines);
  clint.reset();
  const w = (off: number, v: number) => clint.mtimerRegisters.write(off, 4, v);
  const r = (off: number) => clint.mtimerRegisters.read(off, 4);
  return { clint, lines, time, w, r };
}

describe('CLINT', () => {
  it('counts mtime at 10 MHz of virtual time: one tick per 100 instructions at shift 0, per 25 at shift 2', () => {
    const a = makeClint(0);
    a.time.jumpTo(250);
    assert.equal(a.clint.mtime(), 2);
    assert.equal(a.r(MTIME_LO), 2);
    const b = makeClint(2);
    b.time.jumpTo(250);
    assert.equal(b.clint.mtime(), 10);
  });

  it('raises MTIP at power-on, because mtimecmp resets to 0 (as on QEMU)', () => {
    const { lines } = makeClint();
    assert.equal(lines.level(Irq.MTIP), true);
  });

  it('raises MTIP at the exact instruction where mtime reaches mtimecmp', () => {
    const { lines, time, w } = makeClint();
    time.jumpTo(1234);
    w(MTIMECMP_LO, 0xffffffff);
    w(MTIMECMP_HI, 0);
    w(MTIMECMP_LO, 50); // tick 50 = 5000 ns = icount 5000
    assert.equal(lines.level(Irq.MTIP), false);
    assert.equal(time.timers.nextDeadline(), 5000);
    time.jumpTo(4999);
    assert.equal(lines.level(Irq.MTIP), false);
    time.step(1);
    assert.equal(lines.level(Irq.MTIP), true);
  });

  it('raises MTIP at once for a compare value already passed, and lowers it for a future one', () => {
    const { lines, time, w } = makeClint();
    time.jumpTo(1000);
    w(MTIMECMP_LO, 20);
    assert.equal(lines.level(Irq.MTIP), false);
    w(MTIMECMP_LO, 10);
    assert.equal(lines.level(Irq.MTIP), true);
    assert.equal(time.timers.nextDeadline(), Infinity, 'nothing left to wait for');
  });

  it('arms no timer for mtimecmp = 2^64 - 1 (the usual "never")', () => {
    const { lines, time, w } = makeClint();
    w(MTIMECMP_LO, 0xffffffff);
    w(MTIMECMP_HI, 0xffffffff);
    assert.equal(lines.level(Irq.MTIP), false);
    assert.equal(time.timers.nextDeadline(), Infinity);
  });

  it('lets the guest set mtime, moving the timer deadline with it', () => {
    const { clint, lines, time, w, r } = makeClint();
    time.jumpTo(1000); // raw tick 10
    w(MTIME_HI, 1);
    w(MTIME_LO, 5);
    assert.equal(r(MTIME_HI), 1);
    assert.equal(r(MTIME_LO), 5);
    assert.equal(clint.mtime64(), 2n ** 32n + 5n);
    w(MTIMECMP_HI, 1);
    w(MTIMECMP_LO, 8); // 3 ticks ahead
    assert.equal(lines.level(Irq.MTIP), false);
    time.jumpTo(1299);
    assert.equal(lines.level(Irq.MTIP), false);
    time.step(1);
    assert.equal(lines.level(Irq.MTIP), true);
    assert.equal(r(MTIMECMP_LO), 8);
    assert.equal(r(MTIMECMP_HI), 1);
  });

  it('drives MSIP from msip bit 0 and reads it back', () => {
    const { clint, lines } = makeClint();
    clint.swiRegisters.write(MSWI_MSIP0, 4, 0xff);
    assert.equal(lines.level(Irq.MSIP), true);
    assert.equal(clint.swiRegisters.read(MSWI_MSIP0, 4), 1);
    clint.swiRegisters.write(MSWI_MSIP0, 4, 2);
    assert.equal(lines.level(Irq.MSIP), false);
    assert.equal(clint.swiRegisters.read(4, 4), 0);
  });

  it('saves and loads with the timer armed (save, load, save are equal); the loaded timer fires at the same icount', () => {
    const a = makeClint();
    a.time.jumpTo(700);
    a.w(MTIMECMP_LO, 30);
    a.clint.swiRegisters.write(MSWI_MSIP0, 4, 1);
    const saved = a.clint.saveState();
    assert.equal(saved.timerDeadlineNs, 3000);

    const time = new ManualTime();
    time.icount = 700;
    const lines = new LineRecorder();
    const b = new Clint(time.clock, time.timers, lines);
    b.loadState(JSON.parse(JSON.stringify(saved)));
    assert.equal(lines.history.length, 0, 'loading does not drive lines');
    assert.equal(canonicalJson(b.saveState()), canonicalJson(saved));
    time.jumpTo(2999);
    assert.equal(lines.history.length, 0);
    time.step(1);
    assert.deepEqual(lines.history, [[Irq.MTIP, true]]);
  });
});
