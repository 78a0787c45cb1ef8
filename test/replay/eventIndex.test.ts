// The engine's event index: binary searches over icounts agree with a
// linear scan for every interval, several events may share an icount, and
// checkpoints are found at or before any point.

import * as assert from 'assert';
import { EventIndex, EventKind, LogError, ReplayEvent } from '../../emulator/replay';
import { Prng, randomEvents } from './helpers';

describe('replay event index', function () {
  const rng = new Prng(4242);
  const events: ReplayEvent[] = randomEvents(rng, 300).map((e, i) => ({ ...e, icount: Math.floor(i / 3) * 10 }));
  const index = new EventIndex(events);

  it('finds the events of any interval [from, to) as a linear scan does', function () {
    const probes = [-5, 0, 1, 9, 10, 11, 500, 995, 1000, 5000];
    for (let i = 0; i < 200; i++) probes.push(rng.below(1100));
    for (const from of probes) {
      for (const to of [from, from + 1, from + 10, from + 37, from + 2000]) {
        const expected = events.filter((e) => e.icount >= from && e.icount < to);
        assert.deepStrictEqual(index.between(from, to), expected, `[${from}, ${to})`);
      }
      assert.strictEqual(index.firstAtOrAfter(from), events.findIndex((e) => e.icount >= from) === -1 ? events.length : events.findIndex((e) => e.icount >= from));
      const after = events.findIndex((e) => e.icount > from);
      assert.strictEqual(index.firstAfter(from), after === -1 ? events.length : after);
    }
  });

  it('finds the last checkpoint at or before an icount, and the checkpoints of an interval', function () {
    for (let at = -1; at <= 1010; at += 7) {
      const before = events.filter((e) => e.kind === EventKind.Checkpoint && e.icount <= at);
      assert.strictEqual(index.checkpointAtOrBefore(at), before[before.length - 1], `at ${at}`);
      const inside = events.filter((e) => e.kind === EventKind.Checkpoint && e.icount >= at && e.icount < at + 100);
      assert.deepStrictEqual(index.checkpointsBetween(at, at + 100), inside);
    }
  });

  it('grows while recording and refuses an event before the last one', function () {
    const live = new EventIndex();
    for (const e of events) live.push(e);
    assert.strictEqual(live.length, events.length);
    assert.deepStrictEqual(live.between(100, 200), index.between(100, 200));
    assert.throws(() => live.push({ kind: EventKind.Warp, icount: 5, ns: 1 }), LogError);
    assert.strictEqual(live.at(live.length - 1), events[events.length - 1]);
  });
});
