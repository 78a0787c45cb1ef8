// Changes made by hand (engine.writeMemory / writeRegister) are recorded:
// heisenbug's ledger.total changed at the live edge shows in the output,
// the log holds the write, and a replay makes the same change at the same
// place (every checkpoint matches, same output, same final state). Seeks
// and reverse steps across the write show the value before or after it;
// writes are refused in the recorded past and in replays; a log whose
// write cannot be made reports a divergence at its icount.
import * as assert from 'assert';
import { EventKind, LogHeaderInit, MemorySink, ReplayEvent, ReplayLogWriter, WriteTarget, dumpLog, readLog } from '../../emulator/replay';
import { RewindEngine, drain, startRecording } from '../../emulator/index';
import { loadSymbols } from '../../debug-adapter/symbols/index';
import { TEST_RAM_MIB, exampleElf, exampleRun, fakeHostClock, replay } from './helpers';

const CHECKPOINT_INTERVAL = 1000;
/** ledger.total: after `unsigned history_next` and `char history[16]` (heisenbug.c). */
const TOTAL_OFFSET = 20;

function le32(v: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setInt32(0, v, true);
  return b;
}

interface Live {
  engine: RewindEngine;
  sink: MemorySink;
  output: () => string;
}

function startLive(elf: Uint8Array): Live {
  const sink = new MemorySink();
  const engine = startRecording({ elf, host: fakeHostClock(), sink, ramSizeMiB: TEST_RAM_MIB, checkpointInterval: CHECKPOINT_INTERVAL, metadata: { test: 'writes' } });
  let text = '';
  engine.onUartOutput((b) => (text += Buffer.from(b).toString('latin1')));
  return { engine, sink, output: () => text };
}

/** Steps forward in small pieces until the output contains `text`. */
function runUntilOutput(live: Live, text: string): void {
  for (let i = 0; i < 10_000 && !live.output().includes(text); i++) {
    const stop = drain(live.engine.stepForward(100));
    if (stop.kind === 'exit') break;
  }
  assert.ok(live.output().includes(text), `output reaches ${JSON.stringify(text)}: ${live.output()}`);
}

function readTotal(engine: RewindEngine, address: number): number {
  return new DataView(engine.view().readMemory(address, 4).buffer).getInt32(0, true);
}

/** The log re-written with `edit` applied to its events. */
function rewrite(log: Uint8Array, edit: (events: ReplayEvent[]) => ReplayEvent[]): Uint8Array {
  const contents = readLog(log);
  const h = contents.header as LogHeaderInit;
  const sink = new MemorySink();
  const writer = new ReplayLogWriter(sink, { machine: h.machine, elfSha256: h.elfSha256, metadata: h.metadata });
  for (const e of edit(contents.events.filter((e) => e.kind !== EventKind.End))) writer.append(e);
  writer.close(contents.events[contents.events.length - 1].icount);
  return sink.bytes();
}

describe('changes made by hand (debugger writes)', function () {
  const run = exampleRun('heisenbug-bad');
  const elf = exampleElf('heisenbug-bad');
  const ledger = loadSymbols(elf).program.elf.symbols.find((s) => s.name === 'ledger');
  if (!ledger) throw new Error('heisenbug has no ledger symbol');
  const total = ledger.value + TOTAL_OFFSET;

  // One recording for the whole suite: input typed and a register changed at one icount, then
  // ledger.total set to 1000 at a checkpoint icount after "total so far: 125".
  const live = startLive(elf);
  const { engine } = live;
  runUntilOutput(live, '> ');
  const typedAt = engine.icount;
  engine.uartInput(Buffer.from(run.input as string, 'latin1'));
  engine.writeRegister(31, 0x1234);
  const t6AfterTyping = engine.view().regs[31];
  runUntilOutput(live, 'total so far: 125\r\n');
  drain(engine.stepForward(CHECKPOINT_INTERVAL - (engine.icount % CHECKPOINT_INTERVAL)));
  const writeAt = engine.icount;
  const before = readTotal(engine, total);
  engine.writeMemory(total, le32(1000));
  const after = readTotal(engine, total);
  const stop = drain(engine.continueForward());
  const recordedOutput = live.output();
  const finalHash = engine.stateHash();
  const length = engine.status().length;
  engine.close();
  const log = live.sink.bytes();

  it('applies the change at once and the program goes on from it', function () {
    assert.strictEqual(t6AfterTyping, 0x1234);
    assert.strictEqual(writeAt % CHECKPOINT_INTERVAL, 0);
    assert.deepStrictEqual([before, after], [125, 1000]);
    assert.strictEqual(stop.kind, 'exit', JSON.stringify(stop));
    // 1000 - 40 = 960, + 1000 = 1960 (0x7a8); heisenbug's stray write then puts 'd' (0x64) in its low byte: 0x764 = 1892.
    assert.match(recordedOutput, /total so far: 125\r\n> -40\r\n {2}total so far: 960\r\n> 1000\r\n {2}total so far: 1960\r\n/);
    assert.match(recordedOutput, /audit FAILED: total is 1892, entries add up to 1085\r\n$/);
  });

  it('logs each write after the events already at its icount, and dumps it on one line', function () {
    const events = readLog(log).events;
    const writes = events.filter((e) => e.kind === EventKind.DebuggerWrite);
    assert.deepStrictEqual(writes, [
      { kind: EventKind.DebuggerWrite, icount: typedAt, target: WriteTarget.Register, register: 31, value: 0x1234 },
      { kind: EventKind.DebuggerWrite, icount: writeAt, target: WriteTarget.Memory, paddr: total, bytes: le32(1000) },
    ]);
    const atTyping = events.filter((e) => e.icount === typedAt).map((e) => e.kind);
    assert.ok(atTyping.indexOf(EventKind.Input) >= 0 && atTyping.indexOf(EventKind.Input) < atTyping.indexOf(EventKind.DebuggerWrite), `input then write: ${atTyping.join(',')}`);
    assert.deepStrictEqual(events.filter((e) => e.icount === writeAt).map((e) => e.kind).slice(-2), [EventKind.Checkpoint, EventKind.DebuggerWrite]);
    const lines = dumpLog(log);
    assert.ok(lines.includes(`${writeAt} write mem paddr=0x${total.toString(16)} count=4 bytes=e8030000`), lines.filter((l) => l.includes('write')).join('\n'));
    assert.ok(lines.includes(`${typedAt} write reg x31=0x00001234`));
  });

  it('replays bit-exactly: every checkpoint, the output and the final state match', function () {
    const rep = replay(elf, log);
    assert.strictEqual(rep.stop.kind, 'exit', JSON.stringify(rep.stop));
    assert.strictEqual(rep.engine.divergence, undefined);
    assert.strictEqual(rep.output, recordedOutput);
    assert.strictEqual(rep.engine.icount, length);
    assert.strictEqual(rep.engine.stateHash(), finalHash);
  });

  it('a seek to the write icount shows the value after it, one before shows the old one, with any slicing', function () {
    for (const [slice, near] of [[7, 50], [5000, 3000], [1, 10]]) {
      const rep = replay(elf, log, { sliceInstructions: slice, nearSpacing: near });
      const e = rep.engine;
      for (const [at, want] of [[writeAt, 1000], [writeAt - 1, 125], [writeAt + 1, 1000], [writeAt, 1000], [writeAt - 1, 125]] as const) {
        assert.strictEqual(drain(e.seek(at)).kind, 'step');
        assert.strictEqual(readTotal(e, total), want, `total at ${at} (slice ${slice})`);
      }
      drain(e.seek(typedAt));
      assert.strictEqual(e.view().regs[31], 0x1234, 'register write applied at its icount');
      // Forward from a seek to the end: the state is the recorded one.
      assert.strictEqual(drain(e.continueForward()).kind, 'exit');
      assert.strictEqual(e.stateHash(), finalHash);
    }
  });

  it('reverse steps across the write give the value from before it, and forward again the value after', function () {
    const rep = replay(elf, log, { nearSpacing: 200 });
    const e = rep.engine;
    drain(e.seek(writeAt + 3));
    assert.strictEqual(readTotal(e, total), 1000);
    drain(e.stepBackward(3));
    assert.strictEqual(e.icount, writeAt);
    assert.strictEqual(readTotal(e, total), 1000, 'the state at the write icount is after the write');
    drain(e.stepBackward(1));
    assert.strictEqual(e.icount, writeAt - 1);
    assert.strictEqual(readTotal(e, total), 125);
    drain(e.stepForward(1));
    assert.strictEqual(readTotal(e, total), 1000);
  });

  it('a write to a page the guest never touches changes the checkpoint hash and is kept by snapshots', function () {
    const rec = startLive(elf);
    runUntilOutput(rec, '> ');
    const e = rec.engine;
    const far = 0x8000_0000 + TEST_RAM_MIB * 2 ** 20 - 4096;
    assert.deepStrictEqual([...e.view().readMemory(far, 4)], [0, 0, 0, 0]);
    const hashBefore = e.stateHash();
    const at = e.icount;
    e.writeMemory(far, Uint8Array.of(0xa5, 0xa5, 0xa5, 0xa5));
    assert.notStrictEqual(e.stateHash(), hashBefore, 'the page is rehashed: RAM saw the write as dirty');
    e.uartInput(Buffer.from(run.input as string, 'latin1'));
    drain(e.stepForward(3 * CHECKPOINT_INTERVAL));
    const hashLater = e.stateHash();
    // Back before the write (a snapshot restore puts the old page back), then forward across it.
    drain(e.seek(at - 1));
    assert.deepStrictEqual([...e.view().readMemory(far, 4)], [0, 0, 0, 0]);
    drain(e.seek(at));
    assert.deepStrictEqual([...e.view().readMemory(far, 4)], [0xa5, 0xa5, 0xa5, 0xa5]);
    drain(e.seek(at + 3 * CHECKPOINT_INTERVAL));
    assert.strictEqual(e.stateHash(), hashLater);
    assert.strictEqual(e.divergence, undefined);
  });

  it('is refused in the recorded past and in a replay, with the reason, changing nothing', function () {
    const rec = startLive(elf);
    runUntilOutput(rec, '> ');
    const edge = rec.engine.icount;
    drain(rec.engine.stepBackward(5));
    const hash = rec.engine.stateHash();
    assert.throws(() => rec.engine.writeMemory(total, le32(1)), /recorded past \(the recording goes on to \d+\).*go live/);
    assert.throws(() => rec.engine.writeRegister(5, 1), /recorded past/);
    assert.strictEqual(rec.engine.stateHash(), hash);
    drain(rec.engine.seek(edge));
    assert.strictEqual(rec.engine.status().live, true);
    const atEdge = rec.engine.stateHash();
    assert.throws(() => rec.engine.writeRegister(0, 1), /x0 is hard-wired to zero/);
    assert.throws(() => rec.engine.writeRegister(33, 1), /register number 33/);
    assert.throws(() => rec.engine.writeRegister(32, 0x80000001), /pc must be even/);
    assert.throws(() => rec.engine.writeMemory(0x1000_0000, le32(1)), /not RAM/);
    const ramEnd = 0x8000_0000 + TEST_RAM_MIB * 2 ** 20;
    assert.throws(() => rec.engine.writeMemory(ramEnd - 2, le32(1)), /not RAM/, 'a write running past RAM changes nothing');
    assert.strictEqual(rec.engine.stateHash(), atEdge, 'refused writes change nothing');
    assert.ok(!readLog(rec.sink.bytes()).events.some((e) => e.kind === EventKind.DebuggerWrite), 'nothing refused was logged');

    const rep = replay(elf, log);
    assert.throws(() => rep.engine.writeMemory(total, le32(1)), /replays a recording/);
    assert.throws(() => rep.engine.writeRegister(5, 1), /replays a recording/);
  });

  it('sets the pc, and a recording that did so replays exactly', function () {
    const rec = startLive(elf);
    runUntilOutput(rec, '> ');
    const e = rec.engine;
    // Go back one instruction by hand: it runs twice, and the replay must do the same.
    const again = e.view().pc;
    drain(e.stepForward(1));
    assert.notStrictEqual(e.view().pc, again);
    e.writeRegister(32, again);
    assert.strictEqual(e.view().pc, again);
    e.uartInput(Buffer.from(run.input as string, 'latin1'));
    const end = drain(e.continueForward());
    const hash = e.stateHash();
    e.close();
    const rep = replay(elf, rec.sink.bytes());
    assert.strictEqual(rep.stop.kind, end.kind);
    assert.strictEqual(rep.engine.divergence, undefined);
    assert.strictEqual(rep.engine.stateHash(), hash);
    assert.strictEqual(rep.output, rec.output());
  });

  it('a log whose write cannot be made reports a divergence at its icount, naming why', function () {
    const tampered = rewrite(log, (list) => list.map((e) => (e.kind === EventKind.DebuggerWrite && e.target === WriteTarget.Memory ? { ...e, paddr: 0x1000 } : e)));
    const rep = replay(elf, tampered);
    assert.strictEqual(rep.stop.kind, 'divergence', JSON.stringify(rep.stop));
    if (rep.stop.kind !== 'divergence') return;
    assert.strictEqual(rep.stop.icount, writeAt);
    assert.match(rep.stop.reason, /change made by hand here that cannot be made: \[0x1000, \+4\) is not RAM/);
    // Dropping the write instead: the next checkpoint after it differs.
    const dropped = rewrite(log, (list) => list.filter((e) => !(e.kind === EventKind.DebuggerWrite && e.target === WriteTarget.Memory)));
    const rep2 = replay(elf, dropped);
    assert.strictEqual(rep2.stop.kind, 'divergence', JSON.stringify(rep2.stop));
    if (rep2.stop.kind === 'divergence') assert.strictEqual(rep2.stop.icount, writeAt + CHECKPOINT_INTERVAL);
  });
});
