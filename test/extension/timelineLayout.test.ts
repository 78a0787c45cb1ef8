// Geometry of the Timeline view (extension/timelineLayout.ts): where things
// are drawn on the bar, what a click means, how bursts of events merge.
import * as assert from 'assert';
import { currentEventRange, fractionOf, icountAt, layoutMarkers, relativeTo, rowWindow } from '../../extension/timelineLayout';
import type { TimelineEvent } from '../../extension/protocol';

const ev = (icount: number, kind = 'input', description = `event at ${icount}`): TimelineEvent => ({ icount, kind, description });

describe('extension: timeline layout', function () {
  it('maps icounts to fractions of the bar and back', function () {
    assert.strictEqual(fractionOf(0, 1000), 0);
    assert.strictEqual(fractionOf(250, 1000), 0.25);
    assert.strictEqual(fractionOf(1000, 1000), 1);
    assert.strictEqual(fractionOf(5, 0), 0, 'an empty recording draws everything at the start');
    assert.strictEqual(fractionOf(2000, 1000), 1, 'clamped');
    assert.strictEqual(icountAt(0.25, 1000), 250);
    assert.strictEqual(icountAt(0.2504, 1000), 250);
    assert.strictEqual(icountAt(-0.1, 1000), 0);
    assert.strictEqual(icountAt(1.5, 1000), 1000);
    assert.strictEqual(icountAt(Number.NaN, 1000), 0);
    for (const icount of [0, 1, 499, 777, 1000]) assert.strictEqual(icountAt(fractionOf(icount, 1000), 1000), icount);
  });

  it('merges events of one kind that fall in one slot, keeping the earliest icount', function () {
    const events = [ev(10), ev(12), ev(11, 'trap'), ev(600), ev(14)];
    const markers = layoutMarkers(events, 1000, 10);
    assert.deepStrictEqual(
      markers.map((m) => [m.kind, m.fraction, m.icount, m.count]),
      [['input', 0, 10, 3], ['trap', 0, 11, 1], ['input', 0.6, 600, 1]],
    );
    assert.strictEqual(markers[1].title, 'event at 11', 'a single event keeps its description');
    assert.strictEqual(markers[0].title, '3 input events from icount 10');
  });

  it('puts an event at the very end of the recording in the last slot', function () {
    const [m] = layoutMarkers([ev(1000)], 1000, 10);
    assert.strictEqual(m.fraction, 0.9);
  });

  it('marks every event at the icount of the last event at or before the cursor', function () {
    const events = [ev(10), ev(20), ev(20, 'snapshot'), ev(20, 'trap'), ev(30)];
    assert.deepStrictEqual(currentEventRange(events, 5), { start: 0, end: 0 }, 'before the first event: none');
    assert.deepStrictEqual(currentEventRange(events, 10), { start: 0, end: 1 });
    assert.deepStrictEqual(currentEventRange(events, 20), { start: 1, end: 4 }, 'all three events at 20, not only the last');
    assert.deepStrictEqual(currentEventRange(events, 25), { start: 1, end: 4 }, 'between events: the ones at the last icount passed');
    assert.deepStrictEqual(currentEventRange(events, 1000), { start: 4, end: 5 });
    assert.deepStrictEqual(currentEventRange([ev(0, 'snapshot'), ev(0)], 0), { start: 0, end: 2 });
    assert.deepStrictEqual(currentEventRange([], 7), { start: 0, end: 0 });
  });

  it('clicking any of several events at one icount leaves all of them current', function () {
    const events = [ev(5), ev(40, 'input'), ev(40, 'snapshot'), ev(90)];
    for (const clicked of [1, 2]) {
      // A click on a row seeks to its icount; the cursor then sits there.
      assert.deepStrictEqual(currentEventRange(events, events[clicked].icount), { start: 1, end: 3 });
    }
  });

  it('gives the current rows relative to the window of rows drawn', function () {
    assert.deepStrictEqual(relativeTo({ start: 5, end: 8 }, { start: 0, end: 100 }), { start: 5, end: 8 });
    assert.deepStrictEqual(relativeTo({ start: 105, end: 108 }, { start: 100, end: 200 }), { start: 5, end: 8 });
    assert.deepStrictEqual(relativeTo({ start: 98, end: 103 }, { start: 100, end: 200 }), { start: 0, end: 3 }, 'clipped at the top');
    assert.deepStrictEqual(relativeTo({ start: 198, end: 203 }, { start: 100, end: 200 }), { start: 98, end: 100 }, 'clipped at the bottom');
    assert.deepStrictEqual(relativeTo({ start: 300, end: 301 }, { start: 100, end: 200 }), { start: 0, end: 0 }, 'outside: none');
    assert.deepStrictEqual(relativeTo({ start: 0, end: 0 }, { start: 0, end: 10 }), { start: 0, end: 0 });
  });

  it('draws a window of the list that keeps the current row in view', function () {
    assert.deepStrictEqual(rowWindow(10, 5, 100), { start: 0, end: 10 });
    assert.deepStrictEqual(rowWindow(1000, 0, 90), { start: 0, end: 90 });
    assert.deepStrictEqual(rowWindow(1000, 500, 90), { start: 470, end: 560 });
    assert.deepStrictEqual(rowWindow(1000, 999, 90), { start: 910, end: 1000 });
    assert.deepStrictEqual(rowWindow(1000, -1, 90), { start: 0, end: 90 });
  });
});
