// Time travel inside a recording session: going back works on what is
// already recorded, going forward replays up to the live edge and then
// runs live again (taking input there, refusing it in the past), and
// goLive branches a new recording from a past point, leaving the old one
// intact: the new log holds the old events up to the branch point, then
// the new ones.
import * as assert from 'assert';
import { EventKind, MemorySink, readLog } from '../../emulator/replay';
import { drain, startRecording } from '../../emulator/index';
import { TEST_RAM_MIB, exampleElf, fakeHostClock, replay } from './helpers';

describe('live recording sessions', function () {
  const elf = exampleElf('echo');

  function session(): { engine: ReturnType<typeof startRecording>; first: MemorySink; branches: MemorySink[]; output: () => string } {
    const first = new MemorySink();
    const branches: MemorySink[] = [];
    const engine = startRecording({
      elf,
      host: fakeHostClock(),
      sink: first,
      ramSizeMiB: TEST_RAM_MIB,
      checkpointInterval: 700,
      branchSink: () => {
        const sink = new MemorySink();
        branches.push(sink);
        return sink;
      },
    });
    let text = '';
    engine.onUartOutput((b) => (text += Buffer.from(b).toString('latin1')));
    return { engine, first, branches, output: () => text };
  }

  function typeAndRun(engine: ReturnType<typeof startRecording>, text: string): void {
    assert.strictEqual(drain(engine.continueForward()).kind, 'idle');
    engine.uartInput(Buffer.from(text, 'latin1'));
    drain(engine.continueForward());
  }

  it('goes back into what is recorded, refuses input there, and continues live from the edge', function () {
    const { engine, first, output } = session();
    typeAndRun(engine, 'one\r');
    const edge = engine.icount;
    assert.ok(engine.status().live);
    drain(engine.seek(Math.floor(edge / 2)));
    assert.strictEqual(engine.status().live, false);
    assert.throws(() => engine.uartInput(Buffer.from('x')), /live edge/);
    const printed = output();
    // Forward from the past: replays to the edge, where the guest waits for input again.
    assert.strictEqual(drain(engine.continueForward()).kind, 'idle');
    assert.strictEqual(engine.icount, edge);
    assert.ok(engine.status().live);
    assert.strictEqual(output(), printed, 'nothing printed twice');
    engine.uartInput(Buffer.from('two\rquit\r', 'latin1'));
    assert.strictEqual(drain(engine.continueForward()).kind, 'exit');
    assert.match(output(), /"one"[\s\S]*"two"[\s\S]*bye/);
    engine.close();
    const again = replay(elf, first.bytes());
    assert.strictEqual(again.stop.kind, 'exit');
    assert.strictEqual(again.output, output());
    assert.strictEqual(again.engine.divergence, undefined);
  });

  it('goLive branches a new recording from the past; the old log stays intact', function () {
    const { engine, first, branches, output } = session();
    typeAndRun(engine, 'one\r');
    const afterOne = engine.icount;
    typeAndRun(engine, 'two\r');
    const oldLength = engine.icount;

    drain(engine.seek(afterOne));
    engine.goLive('branch');
    assert.ok(engine.status().live);
    assert.strictEqual(engine.status().length, afterOne);
    const before = output();
    engine.uartInput(Buffer.from('three\rquit\r', 'latin1'));
    assert.strictEqual(drain(engine.continueForward()).kind, 'exit');
    assert.match(output().slice(before.length), /"three"[\s\S]*bye/);
    engine.close();

    // The old log: complete, ends where it was, replays with "two".
    const old = readLog(first.bytes());
    assert.ok(old.complete);
    assert.strictEqual(old.events[old.events.length - 1].icount, oldLength);
    const oldReplay = replay(elf, first.bytes());
    assert.match(oldReplay.output, /"two"/);
    assert.doesNotMatch(oldReplay.output, /"three"/);

    // The new log: the old events before the branch point, then the new input.
    assert.strictEqual(branches.length, 1);
    const branched = readLog(branches[0].bytes());
    assert.ok(branched.complete);
    const oldBefore = old.events.filter((e) => e.icount < afterOne && e.kind === EventKind.Input).length;
    const newInputs = branched.events.filter((e) => e.kind === EventKind.Input);
    assert.strictEqual(newInputs.filter((e) => e.icount < afterOne).length, oldBefore);
    assert.strictEqual(branched.header?.metadata.branchIcount, String(afterOne));
    const newReplay = replay(elf, branches[0].bytes());
    assert.strictEqual(newReplay.stop.kind, 'exit');
    assert.strictEqual(newReplay.engine.divergence, undefined);
    assert.match(newReplay.output, /"one"[\s\S]*"three"/);
    assert.doesNotMatch(newReplay.output, /"two"/);
  });

  it('a replay session refuses host input, and branches only with a host clock', function () {
    const { engine, first } = session();
    typeAndRun(engine, 'one\rquit\r');
    engine.close();
    const { engine: replayed } = replay(elf, first.bytes());
    assert.throws(() => replayed.uartInput(Buffer.from('x')), /replay takes no host input/);
    drain(replayed.seek(10));
    assert.throws(() => replayed.goLive(), /cannot record/);
  });
});
