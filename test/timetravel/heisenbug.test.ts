// The demo story, backwards: in the heisenbug's failing run, a reverse
// continue from the end with a write watchpoint on ledger.total lands just
// after the culprit store (the `// #BP culprit` line in history_put), at
// the very icount where a forward run with the same watchpoint stops for
// that store. lastWrite/nextWrite and runUntil in both directions agree
// with forward runs.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import { RewindEngine, drain } from '../../emulator/index';
import { loadSymbols } from '../../debug-adapter/symbols';
import { findMarker } from '../examples/catalog';
import { ADDR2LINE, requirePeers } from '../support/peers';
import { exampleElf, exampleRun, record, replay } from './helpers';

describe('heisenbug: reverse continue with a watchpoint finds the culprit', function () {
  const run = exampleRun('heisenbug-bad');
  const elf = exampleElf('heisenbug-bad');
  const symbols = loadSymbols(elf);
  const rec = record(elf, { input: run.input, waitFor: run.waitFor, checkpointInterval: 5000, nearSpacing: 3000 });
  const culprit = findMarker('heisenbug', 'culprit');
  const add = findMarker('heisenbug', 'add');

  function totalAddress(engine: RewindEngine): number {
    const view = engine.view();
    const context = symbols.stop(view.pc, [...view.regs], { read: (a, n) => view.readMemory(a, n) });
    const result = context.evaluate('&ledger.total');
    if (!result.ok) throw new Error(result.error);
    const m = /0x[0-9a-f]+/.exec(result.text);
    if (!m) throw new Error(`no address in ${result.text}`);
    return Number(m[0]);
  }

  /** Every write to ledger.total, found running forward with a watchpoint: [icount, pc]. */
  function forwardWrites(engine: RewindEngine, address: number): Array<{ icount: number; pc: number }> {
    drain(engine.seek(0));
    engine.setWatchpoints([{ address, size: 4, kind: 'write' }]);
    const hits: Array<{ icount: number; pc: number }> = [];
    for (;;) {
      const stop = drain(engine.continueForward());
      if (stop.kind !== 'watchpoint') break;
      hits.push({ icount: engine.icount, pc: stop.pc });
    }
    engine.setWatchpoints([]);
    return hits;
  }

  it('the failing run fails the audit', function () {
    assert.strictEqual(rec.stop.kind, 'exit');
    assert.match(rec.output, /audit FAILED/);
  });

  it('lands on the culprit store, at the icount of the forward watchpoint stop', function () {
    const { engine } = replay(elf, rec.log, { nearSpacing: 3000 });
    const address = totalAddress(engine);
    const forward = forwardWrites(engine, address);
    assert.ok(forward.length >= 4, `bss clearing, three ledger_add writes and the culprit (${forward.length} writes)`);
    const last = forward[forward.length - 1];

    drain(engine.seek(rec.length));
    engine.setWatchpoints([{ address, size: 4, kind: 'write' }]);
    const stop = drain(engine.reverseContinue());
    assert.strictEqual(stop.kind, 'watchpoint', JSON.stringify(stop));
    if (stop.kind !== 'watchpoint') return;
    assert.strictEqual(engine.icount, last.icount, 'the icount a forward run stops at');
    assert.strictEqual(stop.pc, last.pc);
    const where = symbols.sourceAt(stop.pc);
    assert.strictEqual(where.function, 'history_put');
    assert.strictEqual(where.line, culprit.line, `stop at line ${where.line}, culprit marker at ${culprit.line}`);

    // Once more: the write before it is ledger_add's.
    const previous = drain(engine.reverseContinue());
    assert.strictEqual(previous.kind, 'watchpoint');
    assert.strictEqual(engine.icount, forward[forward.length - 2].icount);
    if (previous.kind === 'watchpoint') assert.strictEqual(symbols.sourceAt(previous.pc).line, add.line);
  });

  it('the culprit line agrees with addr2line', function () {
    requirePeers(this, ADDR2LINE);
    const { engine } = replay(elf, rec.log, { nearSpacing: 3000 });
    engine.setWatchpoints([{ address: totalAddress(engine), size: 4, kind: 'write' }]);
    const stop = drain(engine.reverseContinue());
    if (stop.kind !== 'watchpoint') throw new Error(JSON.stringify(stop));
    const out = spawnSync(ADDR2LINE, ['-e', run.elf, stop.pc.toString(16)], { encoding: 'utf8' }).stdout.trim();
    assert.match(out, new RegExp(`heisenbug\\.c:${culprit.line}\\b`));
  });

  it('lastWrite and nextWrite find the same stores without moving the cursor', function () {
    const { engine } = replay(elf, rec.log, { nearSpacing: 3000 });
    const address = totalAddress(engine);
    const forward = forwardWrites(engine, address);
    drain(engine.seek(rec.length));
    const last = drain(engine.lastWrite(address, 4));
    assert.deepStrictEqual(last, forward[forward.length - 1]);
    assert.strictEqual(engine.icount, rec.length);
    const middle = forward[2].icount;
    drain(engine.seek(middle));
    assert.deepStrictEqual(drain(engine.nextWrite(address, 4)), forward[3]);
    assert.deepStrictEqual(drain(engine.lastWrite(address, 4)), forward[1]);
    assert.strictEqual(engine.icount, middle);
  });

  it('runUntil backward finds the last entry to history_put before the cursor; forward the next one', function () {
    const { engine } = replay(elf, rec.log, { nearSpacing: 3000 });
    const entry = symbols.functionAddress('history_put');
    if (!entry) throw new Error('no history_put');
    // Every entry, single-stepping forward from the start.
    drain(engine.seek(0));
    const entries: number[] = [];
    for (;;) {
      const stop = drain(engine.runUntil('forward', (pc) => pc === entry.entry));
      if (stop.kind !== 'condition') break;
      entries.push(engine.icount);
    }
    assert.ok(entries.length >= 10, `history_put is called for each character (${entries.length})`);
    const cursor = entries[entries.length - 3] + 7;
    drain(engine.seek(cursor));
    const back = drain(engine.runUntil('backward', (pc) => pc === entry.entry));
    assert.strictEqual(back.kind, 'condition');
    assert.strictEqual(engine.icount, entries[entries.length - 3]);
    assert.strictEqual(engine.view().pc, entry.entry);
    const forward = drain(engine.runUntil('forward', (pc) => pc === entry.entry));
    assert.strictEqual(forward.kind, 'condition');
    assert.strictEqual(engine.icount, entries[entries.length - 2]);
  });

  it('reverse continue to a breakpoint stops at its last hit; without one it reaches the start', function () {
    const { engine } = replay(elf, rec.log, { nearSpacing: 3000 });
    const entry = symbols.functionAddress('ledger_add');
    if (!entry) throw new Error('no ledger_add');
    engine.breakpoints.add(entry.entry);
    drain(engine.seek(0));
    const hits: number[] = [];
    for (;;) {
      const stop = drain(engine.continueForward());
      if (stop.kind !== 'breakpoint') break;
      hits.push(engine.icount);
    }
    assert.strictEqual(hits.length, 3, 'three numbers typed');
    const stop = drain(engine.reverseContinue());
    assert.deepStrictEqual(stop, { kind: 'breakpoint', pc: entry.entry });
    assert.strictEqual(engine.icount, hits[2]);
    drain(engine.reverseContinue());
    drain(engine.reverseContinue());
    assert.strictEqual(engine.icount, hits[0]);
    assert.deepStrictEqual(drain(engine.reverseContinue()), { kind: 'startOfRecording' });
    assert.strictEqual(engine.icount, 0);
  });
});
