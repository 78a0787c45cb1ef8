// Reverse continue over compiled code: on examples/bench (hot loops that
// are compiled, data sharing the code page), reverse continue with a
// breakpoint in the hottest loop (`// #BP crc`), a breakpoint hit once, and
// write watchpoints (one on the code page) lands where an interpreter-only
// machine, run forward and stopping at every hit, last stopped before the
// cursor; repeated reverse continues walk back hit by hit; and the state
// there is a fresh run's.
import * as assert from 'assert';
import { Hart, Machine, Watchpoint, drain } from '../../emulator/index';
import { loadSymbols } from '../../debug-adapter/symbols';
import { parseElf } from '../../debug-adapter/symbols/elf';
import { findMarker } from '../examples/catalog';
import { SeededRandom } from '../support/prng';
import { TEST_RAM_MIB, exampleElf, fakeHostClock, freshHashAt, record, replay } from './helpers';

interface Stop { readonly icount: number; readonly stop: string }

/** A machine whose hart never compiles (the reference), run to `icount` with nothing armed. */
function interpreterMachineAt(elf: Uint8Array, icount: number): Machine {
  const machine = new Machine({
    ramSizeMiB: TEST_RAM_MIB,
    hostInputs: fakeHostClock(),
    createHart: (bus, time) => {
      const hart = new Hart(bus, time);
      hart.compileAfter = 0;
      return hart;
    },
  });
  machine.loadElf(elf);
  while (machine.icount < icount) machine.run(icount - machine.icount);
  return machine;
}

describe('reverse continue over compiled code (examples/bench)', function () {
  const elf = exampleElf('bench');
  const symbols = loadSymbols(elf);
  const LENGTH = 2_400_000;
  const rec = record(elf, { limit: LENGTH, checkpointInterval: 400_000, nearSpacing: 150_000 });
  const crc = findMarker('bench', 'crc');
  const crcPcs = symbols.breakpointAddresses(crc.file, crc.line)?.addresses ?? [];
  const startMeasure = symbols.functionAddress('start_measure')?.entry;

  /**
   * The hits an interpreter-only machine stops at running forward from
   * `from` (nothing armed before it) to `to`, with the given stops armed.
   */
  function forwardHits(from: number, to: number, breakpoints: readonly number[], watchpoints: readonly Watchpoint[]): Stop[] {
    const machine = interpreterMachineAt(elf, from);
    for (const pc of breakpoints) machine.breakpoints.add(pc);
    machine.setWatchpoints(watchpoints);
    const hits: Stop[] = [];
    let resume = false;
    while (machine.icount < to) {
      const stop = machine.run(to - machine.icount, { resumeFromBreakpoint: resume });
      resume = stop.kind === 'breakpoint';
      if ((stop.kind === 'breakpoint' || stop.kind === 'watchpoint') && machine.icount < to) hits.push({ icount: machine.icount, stop: JSON.stringify(stop) });
      if (stop.kind === 'exit') break;
    }
    return hits;
  }

  /** Reverse continues from `origin` `times` times; where each landed. */
  function reverseHits(origin: number, times: number, breakpoints: readonly number[], watchpoints: readonly Watchpoint[]): Stop[] {
    const { engine } = replay(elf, rec.log, { nearSpacing: 150_000 });
    drain(engine.seek(origin));
    for (const pc of breakpoints) engine.breakpoints.add(pc);
    engine.setWatchpoints(watchpoints);
    const out: Stop[] = [];
    for (let k = 0; k < times; k++) {
      const stop = drain(engine.reverseContinue());
      if (stop.kind !== 'breakpoint' && stop.kind !== 'watchpoint') break;
      out.push({ icount: engine.icount, stop: JSON.stringify(stop) });
    }
    return out;
  }

  it('finds the marker and symbols it needs', function () {
    assert.ok(crcPcs.length > 0, 'the crc marker line has code');
    assert.ok(startMeasure !== undefined, 'start_measure exists');
    assert.strictEqual(rec.length, LENGTH);
  });

  it('a breakpoint in the hottest loop: each reverse continue lands on the previous hit, from the end and from random cursors', function () {
    const random = new SeededRandom(7);
    for (const origin of [LENGTH, ...Array.from({ length: 3 }, () => random.int(1_000_000, LENGTH))]) {
      const expected = forwardHits(origin - 60_000, origin, crcPcs, []).slice(-3).reverse();
      assert.strictEqual(expected.length, 3, `hits before ${origin}`);
      assert.deepStrictEqual(reverseHits(origin, 3, crcPcs, []), expected, `from ${origin}`);
    }
  });

  it('a breakpoint hit once, early: reverse continue from the end scans every interval back to it, then to the start', function () {
    const pc = startMeasure as number;
    const expected = forwardHits(0, LENGTH, [pc], []);
    assert.strictEqual(expected.length, 1);
    const { engine } = replay(elf, rec.log, { nearSpacing: 150_000 });
    drain(engine.seek(LENGTH));
    engine.breakpoints.add(pc);
    assert.deepStrictEqual(drain(engine.reverseContinue()), { kind: 'breakpoint', pc });
    assert.strictEqual(engine.icount, expected[0].icount);
    assert.strictEqual(engine.stateHash(), freshHashAt(elf, expected[0].icount).hash, 'the state a fresh run has there');
    assert.deepStrictEqual(drain(engine.reverseContinue()), { kind: 'startOfRecording' });
  });

  it('write watchpoints on the code page and on a data page: reverse continues land where forward runs stop', function () {
    const targets: Watchpoint[] = [];
    const random = address('random_state');
    const data = address('data');
    targets.push({ address: random, size: 4, kind: 'write' }, { address: data + 400, size: 4, kind: 'write' });
    assert.strictEqual(random >>> 12, crcPcs[0] >>> 12, 'random_state shares the code page');
    for (const watch of targets) {
      const expected = forwardHits(0, LENGTH, [], [watch]).slice(-4).reverse();
      assert.ok(expected.length >= 4, `writes to 0x${watch.address.toString(16)}`);
      assert.deepStrictEqual(reverseHits(LENGTH, 4, [], [watch]), expected, `watch 0x${watch.address.toString(16)}`);
    }
  });

  /** A data object's address, from the ELF symbol table. */
  function address(name: string): number {
    const symbol = parseElf(elf).symbols.find((s) => s.name === name && s.kind === 'object');
    if (!symbol) throw new Error(`no object ${name}`);
    return symbol.value >>> 0;
  }
});

describe('runUntil backward (examples/tasks: timer interrupts between boundaries)', function () {
  const elf = exampleElf('tasks');
  const LENGTH = 200_000;
  const rec = record(elf, { limit: LENGTH, checkpointInterval: 50_000, nearSpacing: 15_000 });

  /** Single-steps an interpreter-only machine over [from, to): the last boundary where `holds`, and the pc there. */
  function lastBoundary(from: number, to: number, holds: (pc: number, sp: number) => boolean): { icount: number; pc: number } | undefined {
    const machine = interpreterMachineAt(elf, from);
    let last: { icount: number; pc: number } | undefined;
    while (machine.icount < to) {
      const pc = machine.hart.pc;
      if (holds(pc, machine.hart.regs[2] >>> 0)) last = { icount: machine.icount, pc };
      machine.run(1);
    }
    return last;
  }

  it('lands on the last boundary where the predicate or a breakpoint holds, as single-stepping forward finds', function () {
    const { engine } = replay(elf, rec.log, { nearSpacing: 15_000 });
    const random = new SeededRandom(3);
    for (let k = 0; k < 4; k++) {
      const origin = random.int(60_000, LENGTH);
      drain(engine.seek(origin - random.int(500, 9000)));
      const target = engine.view().pc;
      const sp = engine.view().regs[2] >>> 0;
      drain(engine.seek(origin - 3));
      const bp = engine.view().pc;
      const predicate = (pc: number, s: number): boolean => pc === target && s === sp;
      const expected = lastBoundary(origin - 20_000, origin, (pc, s) => pc === bp || predicate(pc, s));
      assert.ok(expected !== undefined);

      drain(engine.seek(origin));
      engine.breakpoints.clear();
      engine.breakpoints.add(bp);
      const stop = drain(engine.runUntil('backward', predicate));
      assert.strictEqual(engine.icount, expected.icount, `from ${origin}`);
      assert.deepStrictEqual(stop, expected.pc === bp ? { kind: 'breakpoint', pc: bp } : { kind: 'condition' });

      drain(engine.seek(origin));
      engine.breakpoints.clear();
      const alone = lastBoundary(origin - 20_000, origin, predicate);
      assert.ok(alone !== undefined);
      assert.deepStrictEqual(drain(engine.runUntil('backward', predicate)), { kind: 'condition' });
      assert.strictEqual(engine.icount, alone.icount, `predicate alone, from ${origin}`);
      assert.strictEqual(engine.stateHash(), freshHashAt(elf, alone.icount).hash);
    }
  });
});
