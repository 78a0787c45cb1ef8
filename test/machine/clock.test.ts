// The virtual clock (icount << shift plus warps) and the timer queue.
import { strict as assert } from 'assert';
import { TimerQueue } from '../../emulator/clock/timerQueue';
import { VirtualClock } from '../../emulator/clock/virtualClock';

describe('virtual clock', () => {
  it('is icount << shift without 32-bit overflow', () => {
    let icount = 2 ** 40;
    const clock = new VirtualClock(10, () => icount);
    assert.equal(clock.nowNs(), 2 ** 50);
    icount = 3;
    assert.equal(clock.nowNs(), 3072);
  });

  it('counts instructions until a deadline, rounding up to the boundary at or after it', () => {
    let icount = 10;
    const clock = new VirtualClock(2, () => icount);
    assert.equal(clock.instructionsUntil(41), 1);
    assert.equal(clock.instructionsUntil(45), 2);
    assert.equal(clock.instructionsUntil(40), 0);
    assert.equal(clock.instructionsUntil(Infinity), Infinity);
    icount = 12;
    assert.equal(clock.instructionsUntil(45), 0);
  });

  it('adds warps to virtual time and counts them', () => {
    const clock = new VirtualClock(0, () => 100);
    clock.warpTo(1000);
    clock.warpTo(500); // in the past: nothing
    assert.equal(clock.nowNs(), 1000);
    assert.deepEqual(clock.warps, { count: 1, totalNs: 900 });
    const other = new VirtualClock(0, () => 100);
    other.loadState(JSON.parse(JSON.stringify(clock.saveState())));
    assert.equal(other.nowNs(), 1000);
    assert.throws(() => new VirtualClock(1, () => 0).loadState(clock.saveState()), /shift 0/);
  });

  it('rejects shifts QEMU rejects', () => {
    assert.throws(() => new VirtualClock(11, () => 0), /0 to 10/);
    assert.throws(() => new VirtualClock(-1, () => 0), /0 to 10/);
  });
});

describe('timer queue', () => {
  it('fires due timers earliest first, ties in creation order, and lets callbacks re-arm', () => {
    const queue = new TimerQueue();
    const log: string[] = [];
    const a = queue.create('a', () => log.push('a'));
    const b = queue.create('b', () => {
      log.push('b');
      if (log.length < 4) b.arm(200);
    });
    const c = queue.create('c', () => log.push('c'));
    c.arm(100);
    a.arm(100);
    b.arm(50);
    assert.equal(queue.nextDeadline(), 50);
    assert.equal(queue.fireDue(49), 0);
    assert.equal(queue.fireDue(100), 3);
    assert.deepEqual(log, ['b', 'a', 'c']);
    assert.equal(queue.fireDue(300), 1);
    assert.deepEqual(log, ['b', 'a', 'c', 'b']);
    assert.equal(queue.nextDeadline(), Infinity);
  });

  it('tells its owner when a timer changes, but not when a deadline is restored from saved state', () => {
    const queue = new TimerQueue();
    let changes = 0;
    queue.onChange = () => changes++;
    const t = queue.create('t', () => {});
    t.arm(10);
    t.cancel();
    t.restore(20);
    assert.equal(changes, 2);
    assert.deepEqual(queue.describe(), { t: 20 });
    assert.throws(() => queue.create('t', () => {}), /already exists/);
  });
});
