// The timeline lists the traps and interrupts the guest took and the stops
// the user saw, next to the log's events (emulator/timetravel/trapIndex.ts,
// timeline.ts). The tasks example takes a machine timer interrupt every
// 100 us and its user-mode tasks make ecalls: the timeline's entries must be
// exactly where a forward run stopping on every trap stops (those stops
// are exact), with compiled code and with an interpreter-only hart alike;
// re-executing a stretch adds nothing, going back loses nothing, reverse
// continue to a breakpoint adds a 'breakpoint' entry, goLive drops what came
// after the branch point, and pages of any size add up to the same list.
import * as assert from 'assert';
import { Hart, MemorySink, TimelineEvent, drain, openReplay, snapshotTag } from '../../emulator/index';
import { exampleElf, fakeHostClock, record } from './helpers';

type Engine = ReturnType<typeof openReplay>['engine'];

const TRAP_KINDS = new Set(['trap', 'interrupt']);
const ALL_TRAPS = { exceptions: new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 15]), interrupts: true };

function all(engine: Engine): TimelineEvent[] {
  const t = engine.timeline(0, Number.MAX_SAFE_INTEGER);
  assert.strictEqual(t.events.length, t.total);
  return [...t.events];
}

function traps(engine: Engine): string[] {
  return all(engine).filter((e) => TRAP_KINDS.has(e.kind)).map((e) => `${e.icount} ${e.description}`);
}

describe('timeline: traps, interrupts and breakpoint hits', function () {
  this.timeout(60_000);
  const elf = exampleElf('tasks');
  // The first 1.5 M instructions: a dozen timer interrupts and many ecalls, and quick to replay.
  const recorded = record(elf, { limit: 1_500_000 });
  const END = 'endOfRecording';
  const open = (extra: Partial<Parameters<typeof openReplay>[0]> = {}): Engine => openReplay({ elf, log: recorded.log, ...extra }).engine;

  /** Every trap a forward run stopping on all of them stops at: `icount cause interrupt`. */
  const stops: string[] = [];
  let full: string[] = [];
  before(function () {
    const engine = open();
    engine.setTrapFilter(ALL_TRAPS);
    for (;;) {
      const stop = drain(engine.continueForward());
      if (stop.kind !== 'trap') {
        assert.strictEqual(stop.kind, END);
        break;
      }
      stops.push(`${engine.icount} ${stop.cause} ${stop.interrupt}`);
    }
    const plain = open();
    assert.strictEqual(drain(plain.continueForward()).kind, END);
    full = traps(plain);
  });

  const key = (line: string): string => {
    const m = /^(\d+) (interrupt|trap): .*\(cause (\d+)\)/.exec(line);
    assert.ok(m, line);
    return `${m[1]} ${m[3]} ${m[2] === 'interrupt'}`;
  };

  it('lists every trap and interrupt at the icount a trap stop reports', function () {
    assert.strictEqual(recorded.length, 1_500_000);
    assert.ok(stops.some((s) => s.endsWith(' 7 true')), 'the tasks example takes timer interrupts');
    assert.ok(stops.some((s) => s.endsWith(' 8 false')), 'and ecalls from U-mode');
    assert.deepStrictEqual(full.map(key), stops);
    assert.ok(full.some((l) => / interrupt: machine timer \(cause 7\) before pc 0x[0-9a-f]{8}$/.test(l)), full[0]);
    assert.ok(full.some((l) => / trap: environment call from U-mode \(cause 8\) at pc 0x[0-9a-f]{8}$/.test(l)));
    const icounts = all(open()).map((e) => e.icount);
    assert.deepStrictEqual(icounts, [...icounts].sort((a, b) => a - b), 'in icount order');
  });

  it('an interpreter-only hart lists the same traps at the same icounts', function () {
    const engine = open({
      createHart: (bus, time) => {
        const h = new Hart(bus, time);
        h.compileAfter = 0;
        return h;
      },
    });
    assert.strictEqual(drain(engine.continueForward()).kind, END);
    assert.deepStrictEqual(traps(engine), full);
  });

  it('re-executing after a seek adds nothing, and going back loses nothing', function () {
    const engine = open({ snapshotPolicy: { nearSpacing: 50_000 } });
    assert.strictEqual(drain(engine.continueForward()).kind, END);
    const end = engine.icount;
    const before = all(engine).filter((e) => e.kind !== 'snapshot');
    drain(engine.seek(Math.floor(end / 3)));
    assert.deepStrictEqual(traps(engine), full, 'going back keeps the entries after the cursor');
    drain(engine.seek(Math.floor((end * 2) / 3)));
    drain(engine.seek(1));
    assert.strictEqual(drain(engine.continueForward()).kind, END);
    assert.deepStrictEqual(all(engine).filter((e) => e.kind !== 'snapshot'), before);
  });

  it('passing again over an interrupt a stop was made just after lists it once', function () {
    const engine = open();
    engine.setTrapFilter({ exceptions: new Set(), interrupts: true });
    assert.strictEqual(drain(engine.continueForward()).kind, 'trap');
    const at = engine.icount;
    drain(engine.seek(at - 10));
    engine.setTrapFilter({ exceptions: new Set(), interrupts: false });
    assert.strictEqual(drain(engine.continueForward()).kind, END);
    assert.deepStrictEqual(traps(engine), full);
  });

  it('a replay restored from a snapshot file far on lists no traps until the stretch before is executed', function () {
    const first = open({ snapshotPolicy: { nearSpacing: 100_000 } });
    assert.strictEqual(drain(first.continueForward()).kind, END);
    const snapshotFile = first.snapshotFile(snapshotTag(recorded.log));
    const opened = openReplay({ elf, log: recorded.log, snapshotFile });
    assert.strictEqual(opened.snapshotFileProblem, undefined);
    const engine = opened.engine;
    const late = engine.snapshotStore.list().map((s) => s.icount).filter((i) => i > recorded.length / 2)[0];
    assert.ok(late !== undefined);
    drain(engine.seek(late));
    assert.strictEqual(drain(engine.continueForward()).kind, END);
    assert.deepStrictEqual(traps(engine), [], 'a list with a hole would mislead: nothing is listed yet');
    drain(engine.seek(0));
    assert.strictEqual(drain(engine.continueForward()).kind, END);
    assert.deepStrictEqual(traps(engine), full);
  });

  it('a replay lists the traps of what it has executed, growing as it goes on', function () {
    const engine = open();
    const mid = Math.floor(recorded.length / 2);
    drain(engine.seek(mid));
    const first = traps(engine);
    assert.deepStrictEqual(first, full.filter((l) => Number(l.split(' ')[0]) <= mid + 1).slice(0, first.length));
    assert.ok(first.length > 0 && first.length < full.length);
    const totalBefore = engine.timeline(0, 0).total;
    assert.strictEqual(drain(engine.continueForward()).kind, END);
    assert.ok(engine.timeline(0, 0).total > totalBefore);
    assert.deepStrictEqual(traps(engine), full);
  });

  it('reverse continue to a breakpoint adds a breakpoint entry, once', function () {
    const engine = open();
    engine.setTrapFilter({ exceptions: new Set(), interrupts: true });
    assert.strictEqual(drain(engine.continueForward()).kind, 'trap');
    const handler = engine.view().pc;
    engine.setTrapFilter({ exceptions: new Set(), interrupts: false });
    assert.strictEqual(drain(engine.continueForward()).kind, END);
    engine.breakpoints.add(handler);
    const stop = drain(engine.reverseContinue());
    assert.strictEqual(stop.kind, 'breakpoint');
    const at = engine.icount;
    const hex = `0x${handler.toString(16).padStart(8, '0')}`;
    const hits = (): TimelineEvent[] => all(engine).filter((e) => e.kind === 'breakpoint');
    // The first trap stop the user saw is listed too.
    assert.deepStrictEqual(hits().map((e) => e.description.replace(/pc 0x[0-9a-f]+$/, 'pc')), ['exception breakpoint: interrupt: machine timer (cause 7) before pc', 'breakpoint at pc']);
    assert.deepStrictEqual(hits()[1], { icount: at, kind: 'breakpoint', description: `breakpoint at pc ${hex}` });
    // The handler's entry is where the interrupt put the cursor.
    assert.ok(all(engine).some((e) => e.icount === at && TRAP_KINDS.has(e.kind)));
    drain(engine.seek(at - 1));
    drain(engine.continueForward());
    assert.strictEqual(engine.icount, at);
    assert.strictEqual(hits().length, 2, 'the same stop again is not listed twice');
  });

  it('a front end that decides which stops the user saw lists only those', function () {
    const engine = open();
    engine.stopHits = 'frontEnd';
    engine.setTrapFilter({ exceptions: new Set(), interrupts: true });
    const passedOver = drain(engine.continueForward());
    assert.strictEqual(passedOver.kind, 'trap');
    const shown = drain(engine.continueForward());
    assert.strictEqual(shown.kind, 'trap');
    engine.noteStop(shown);
    engine.noteStop({ kind: 'step' });
    const hits = all(engine).filter((e) => e.kind === 'breakpoint');
    assert.deepStrictEqual(hits.map((e) => e.icount), [engine.icount]);
    assert.match(hits[0].description, /^exception breakpoint: interrupt: machine timer \(cause 7\) before pc 0x[0-9a-f]{8}$/);
  });

  it('goLive drops the traps and hits after the branch point and keeps the earlier ones', function () {
    const branches: MemorySink[] = [];
    const engine = open({
      host: fakeHostClock(),
      branchSink: () => {
        const sink = new MemorySink();
        branches.push(sink);
        return sink;
      },
    });
    engine.setTrapFilter({ exceptions: new Set(), interrupts: true });
    drain(engine.continueForward());
    const handler = engine.view().pc;
    engine.setTrapFilter({ exceptions: new Set(), interrupts: false });
    engine.breakpoints.add(handler);
    drain(engine.continueForward());
    drain(engine.continueForward());
    const secondHit = engine.icount;
    engine.breakpoints.clear();
    assert.strictEqual(drain(engine.continueForward()).kind, END);
    const hits = all(engine).filter((e) => e.kind === 'breakpoint');
    assert.strictEqual(hits.length, 3, 'the trap stop and two breakpoint hits');
    const branchAt = secondHit - 1;
    drain(engine.seek(branchAt));
    engine.goLive('b');
    const after = all(engine);
    assert.deepStrictEqual(after.filter((e) => e.kind === 'breakpoint'), hits.slice(0, 2), 'the hit after the branch point is gone');
    assert.ok(after.every((e) => !TRAP_KINDS.has(e.kind) || e.icount <= branchAt + 1));
    const kept = traps(engine);
    assert.ok(kept.length > 0);
    assert.deepStrictEqual(kept, full.slice(0, kept.length));
    // Live from the branch point, the guest takes its traps again and they are listed once.
    drain(engine.stepForward(200_000));
    const grown = traps(engine);
    assert.ok(grown.length > kept.length);
    assert.deepStrictEqual(new Set(grown).size, grown.length);
  });

  it('goLive at a stop just after an interrupt was taken keeps that interrupt, listed once', function () {
    const engine = open({ host: fakeHostClock(), branchSink: () => new MemorySink() });
    assert.strictEqual(drain(engine.continueForward()).kind, END);
    engine.setTrapFilter({ exceptions: new Set(), interrupts: true });
    drain(engine.seek(0));
    drain(engine.continueForward());
    const stop = drain(engine.continueForward());
    assert.strictEqual(stop.kind, 'trap');
    const at = engine.icount;
    const upTo = full.filter((l) => Number(l.split(' ')[0]) <= at);
    assert.ok(upTo[upTo.length - 1].startsWith(`${at} interrupt: `), 'the cursor is where the interrupt was taken');
    engine.goLive();
    assert.deepStrictEqual(traps(engine), upTo);
    engine.setTrapFilter({ exceptions: new Set(), interrupts: false });
    drain(engine.stepForward(150_000)); // past the next timer interrupt
    const grown = traps(engine);
    assert.deepStrictEqual(grown.slice(0, upTo.length), upTo);
    assert.ok(grown.length > upTo.length && Number(grown[upTo.length].split(' ')[0]) > at, 'nothing taken twice at the branch point');
  });

  it('keeps at most the limit and says how many more there were', function () {
    const engine = open({ trapIndexLimit: 10 });
    assert.strictEqual(drain(engine.continueForward()).kind, END);
    const listed = all(engine).filter((e) => TRAP_KINDS.has(e.kind));
    assert.strictEqual(listed.length, 11);
    assert.deepStrictEqual(listed.slice(0, 10).map((e) => `${e.icount} ${e.description}`), full.slice(0, 10));
    const note = listed[10];
    assert.strictEqual(note.description, `${full.length - 10} more traps and interrupts from here on are not listed (the timeline keeps the first 10)`);
    assert.strictEqual(note.icount, Number(full[10].split(' ')[0]) - (full[10].includes(' interrupt: ') ? 0 : 1));
  });

  it('a list that grows as execution goes on is the list built at once', function () {
    const once = open();
    assert.strictEqual(drain(once.continueForward()).kind, END);
    const expected = all(once).filter((e) => e.kind !== 'snapshot');
    const engine = open();
    engine.setTrapFilter({ exceptions: new Set([8]), interrupts: false });
    let stops = 0;
    for (;;) {
      engine.timeline(0, 10); // as the Timeline view asks after every stop
      const stop = drain(engine.stepForward(97_000));
      if (stop.kind === END) break;
      stops++;
    }
    assert.ok(stops > 15);
    engine.setTrapFilter({ exceptions: new Set(), interrupts: false });
    const grown = all(engine).filter((e) => e.kind !== 'snapshot' && e.kind !== 'breakpoint');
    assert.deepStrictEqual(grown, expected);
  });

  it('pages of any size add up to one big page', function () {
    const engine = open({ snapshotPolicy: { nearSpacing: 30_000 } });
    drain(engine.continueForward());
    drain(engine.seek(Math.floor(recorded.length / 2)));
    const whole = all(engine);
    assert.ok(whole.some((e) => e.kind === 'snapshot') && whole.some((e) => e.kind === 'interrupt'));
    for (const size of [1, 7, 100]) {
      const pages: TimelineEvent[] = [];
      for (let start = 0; ; start += size) {
        const page = engine.timeline(start, size);
        assert.strictEqual(page.total, whole.length);
        if (page.events.length === 0) break;
        pages.push(...page.events);
      }
      assert.deepStrictEqual(pages, whole, `pages of ${size}`);
    }
    assert.deepStrictEqual(engine.timeline(whole.length + 5, 10).events, []);
  });
});
