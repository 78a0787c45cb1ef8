// seek(n) is exact: the machine after seek(n) is the machine a fresh
// power-on run reaches after exactly n instructions, for many n (fixed
// seed) on both sides of snapshots; reverse stepi from N lands on N-1 with
// the state of a fresh run to N-1; UART output seen once is not delivered
// again when history is re-executed.
import * as assert from 'assert';
import { drain } from '../../emulator/index';
import { SeededRandom } from '../support/prng';
import { exampleElf, freshHashAt, record, replay } from './helpers';

describe('seek and reverse stepi', function () {
  // The tasks example switches between user tasks on timer interrupts: traps, WFI and timers all happen.
  const elf = exampleElf('tasks');
  const LENGTH = 240_000;
  const rec = record(elf, { limit: LENGTH, checkpointInterval: 50_000, nearSpacing: 15_000 });

  it('records the requested length', function () {
    assert.strictEqual(rec.length, LENGTH);
  });

  it('seek(n) gives the state of a fresh run of n instructions, for 16 random n (fixed seed)', function () {
    const { engine } = replay(elf, rec.log, { nearSpacing: 15_000 });
    assert.ok(engine.snapshotStore.list().length >= 4, `snapshots were taken (${engine.snapshotStore.list().length})`);
    const random = new SeededRandom(99);
    const targets = [0, 1, LENGTH, ...Array.from({ length: 13 }, () => random.int(0, LENGTH))];
    for (const n of targets) {
      const stop = drain(engine.seek(n));
      assert.strictEqual(stop.kind, 'step');
      assert.strictEqual(engine.icount, n);
      assert.strictEqual(engine.stateHash(), freshHashAt(elf, n).hash, `state at ${n}`);
    }
  });

  it('seek lands exactly on and next to snapshots, and the full machine hash agrees too', function () {
    const { engine } = replay(elf, rec.log, { nearSpacing: 15_000 });
    const snapshots = engine.snapshotStore.list().map((s) => s.icount).filter((i) => i > 0 && i < LENGTH);
    const around = [snapshots[1], snapshots[1] - 1, snapshots[1] + 1, snapshots[snapshots.length - 1] + 1];
    for (const n of around) {
      drain(engine.seek(n));
      const fresh = freshHashAt(elf, n);
      assert.strictEqual(engine.stateHash(), fresh.hash, `state at ${n}`);
      assert.strictEqual(engine.machineStateHash(), fresh.machine.stateHash(), `Machine.stateHash at ${n}`);
    }
  });

  it('reverse stepi from N lands on N-1 with the state of a fresh run to N-1', function () {
    const { engine } = replay(elf, rec.log, { nearSpacing: 15_000 });
    const random = new SeededRandom(5);
    for (let i = 0; i < 6; i++) {
      const n = random.int(2, LENGTH);
      drain(engine.seek(n));
      const stop = drain(engine.stepBackward(1));
      assert.ok(stop.kind === 'step' || stop.kind === 'breakpoint', JSON.stringify(stop));
      assert.strictEqual(engine.icount, n - 1);
      assert.strictEqual(engine.stateHash(), freshHashAt(elf, n - 1).hash, `state at ${n - 1}`);
      // And again: repeated reverse steps use the snapshot just behind the cursor.
      drain(engine.stepBackward(1));
      assert.strictEqual(engine.icount, n - 2);
      assert.strictEqual(engine.stateHash(), freshHashAt(elf, n - 2).hash, `state at ${n - 2}`);
    }
    drain(engine.seek(0));
    assert.deepStrictEqual(drain(engine.stepBackward(1)), { kind: 'startOfRecording' });
    assert.strictEqual(engine.icount, 0);
  });

  it('stepBackward(count) and stepForward(count) move by count', function () {
    const { engine } = replay(elf, rec.log, { nearSpacing: 15_000 });
    drain(engine.seek(100_000));
    assert.strictEqual(drain(engine.stepBackward(30_000)).kind, 'step');
    assert.strictEqual(engine.icount, 70_000);
    assert.strictEqual(engine.stateHash(), freshHashAt(elf, 70_000).hash);
    assert.strictEqual(drain(engine.stepForward(12_345)).kind, 'step');
    assert.strictEqual(engine.icount, 82_345);
    assert.strictEqual(engine.stateHash(), freshHashAt(elf, 82_345).hash);
  });

  it('cancel stops a reverse continue within a slice and puts the cursor back; so does abandoning it', function () {
    const { engine } = replay(elf, rec.log, { nearSpacing: 15_000, sliceInstructions: 5_000 });
    const origin = engine.icount;
    const before = engine.stateHash();
    engine.breakpoints.add(0x7ffffff0); // never hit: the scan would cover everything
    const task = engine.reverseContinue();
    let slices = 0;
    let step = task.next();
    while (!step.done) {
      if (++slices === 3) engine.cancel();
      step = task.next();
    }
    assert.deepStrictEqual(step.value, { kind: 'cancelled' });
    assert.strictEqual(slices, 3);
    assert.strictEqual(engine.icount, origin);
    assert.strictEqual(engine.stateHash(), before);
    const abandoned = engine.reverseContinue();
    abandoned.next();
    abandoned.next();
    abandoned.return({ kind: 'cancelled' });
    assert.strictEqual(engine.icount, origin);
    assert.strictEqual(engine.stateHash(), before);
    // A forward task cancelled stays where it got to, on a boundary.
    drain(engine.seek(1000));
    const forward = engine.continueForward();
    forward.next();
    engine.cancel();
    const end = drain(forward);
    assert.deepStrictEqual(end, { kind: 'cancelled' });
    assert.ok(engine.icount > 1000);
    assert.strictEqual(engine.stateHash(), freshHashAt(elf, engine.icount).hash);
  });

  it('delivers guest output once: going back and forward again prints nothing new', function () {
    const hello = exampleElf('hello');
    const full = record(hello);
    const { engine, output } = replay(hello, full.log);
    assert.strictEqual(output, full.output);
    let again = '';
    engine.onUartOutput((b) => {
      again += Buffer.from(b).toString('latin1');
    });
    drain(engine.seek(0));
    drain(engine.continueForward());
    drain(engine.seek(Math.floor(full.length / 2)));
    drain(engine.continueForward());
    assert.strictEqual(again, '');
  });
});
