// Record -> replay is bit-exact: every example run with its scripted input
// (examples/runs.json) and with input injected at random host times
// replays with every checkpoint matching, the same UART output and the
// same final state; replaying with different slice sizes, random seeks and
// random snapshot drops on the way ends in the same state too.
import * as assert from 'assert';
import { EventKind, readLog } from '../../emulator/replay';
import { drain } from '../../emulator/index';
import { SeededRandom } from '../support/prng';
import { exampleElf, exampleRun, masked, record, replay } from './helpers';

const SCRIPTED = ['hello', 'echo', 'clock', 'heisenbug-bad', 'heisenbug-good'];

describe('record and replay', function () {
  for (const name of SCRIPTED) {
    it(`${name}: the replay matches every checkpoint, the output and the final state`, function () {
      const run = exampleRun(name);
      const elf = exampleElf(name);
      const rec = record(elf, { input: run.input, waitFor: run.waitFor, checkpointInterval: 997 });
      assert.strictEqual(rec.stop.kind, 'exit');
      assert.strictEqual(masked(run, rec.output), masked(run, run.expected.toString('latin1')), 'recorded output is what QEMU prints');
      const log = readLog(rec.log);
      assert.ok(log.complete, 'the closed log is complete');
      const checkpoints = log.events.filter((e) => e.kind === EventKind.Checkpoint).length;
      assert.ok(checkpoints >= 3, `at least 3 checkpoints (got ${checkpoints})`);
      if (run.input) assert.strictEqual(log.events.filter((e) => e.kind === EventKind.Input).reduce((n, e) => n + (e.kind === EventKind.Input ? e.bytes.length : 0), 0), run.input.length);
      if (name === 'clock') assert.ok(log.events.some((e) => e.kind === EventKind.ClockRead), 'RTC reads are recorded');

      const rep = replay(elf, rec.log);
      assert.strictEqual(rep.stop.kind, 'exit', JSON.stringify(rep.stop));
      assert.strictEqual(rep.engine.divergence, undefined);
      assert.strictEqual(rep.output, rec.output);
      assert.strictEqual(rep.engine.icount, rec.length);
      assert.strictEqual(rep.engine.stateHash(), rec.finalHash);
    });
  }

  it('echo with input injected at random instruction counts replays exactly (fixed seed)', function () {
    const elf = exampleElf('echo');
    const random = new SeededRandom(20241128);
    const text = 'one\rtwo\rthree\rquit\r';
    const schedule: { icount: number; bytes: string }[] = [];
    let at = 100;
    for (let i = 0; i < text.length; ) {
      const n = random.int(1, 3);
      schedule.push({ icount: at, bytes: text.slice(i, i + n) });
      i += n;
      at += random.int(1, 900);
    }
    const rec = record(elf, { schedule, checkpointInterval: 499 });
    assert.strictEqual(rec.stop.kind, 'exit', `${JSON.stringify(rec.stop)}; output ${rec.output}`);
    assert.match(rec.output, /you typed "three"/);
    const rep = replay(elf, rec.log);
    assert.strictEqual(rep.engine.divergence, undefined);
    assert.strictEqual(rep.output, rec.output);
    assert.strictEqual(rep.engine.stateHash(), rec.finalHash);
  });

  it('replay with random slice sizes, seeks and snapshot drops ends in the same state (fixed seed)', function () {
    const run = exampleRun('heisenbug-bad');
    const elf = exampleElf('heisenbug-bad');
    const rec = record(elf, { input: run.input, waitFor: run.waitFor, checkpointInterval: 1500 });
    const random = new SeededRandom(7);
    for (let trial = 0; trial < 3; trial++) {
      const rep = replay(elf, rec.log, { sliceInstructions: random.int(1, 5000), nearSpacing: random.int(50, 3000) });
      const engine = rep.engine;
      assert.strictEqual(engine.stateHash(), rec.finalHash);
      for (let i = 0; i < 12; i++) {
        const target = random.int(0, rec.length);
        const stop = drain(engine.seek(target));
        assert.strictEqual(stop.kind, 'step', JSON.stringify(stop));
        assert.strictEqual(engine.icount, target);
        if (random.chance(0.5)) {
          const store = engine.snapshotStore;
          const list = store.list();
          if (list.length > 1) store.drop(list[random.int(1, list.length - 1)]);
        }
      }
      // Forward to the end in small pieces of random size.
      while (engine.icount < rec.length) {
        const stop = drain(engine.stepForward(random.int(1, 4000)));
        assert.ok(stop.kind === 'step' || stop.kind === 'exit', JSON.stringify(stop));
        if (stop.kind === 'exit') break;
      }
      assert.strictEqual(engine.icount, rec.length);
      assert.strictEqual(engine.divergence, undefined);
      assert.strictEqual(engine.stateHash(), rec.finalHash);
    }
  });
});
