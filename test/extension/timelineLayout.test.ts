// Geometry of the Timeline view (extension/timelineLayout.ts): where things
// are drawn on the bar, what a click means, how bursts of events merge.
import * as assert from 'assert';
import { currentEventIndex, fractionOf, icountAt, layoutMarkers, rowWindow } from '../../extension/timelineLayout';
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

  it('finds the event at or before the cursor', function () {
    const events = [ev(10), ev(20), ev(20, 'trap'), ev(30)];
    assert.strictEqual(currentEventIndex(events, 5), -1);
    assert.strictEqual(currentEventIndex(events, 10), 0);
    assert.strictEqual(currentEventIndex(events, 25), 2);
    assert.strictEqual(currentEventIndex(events, 1000), 3);
    assert.strictEqual(currentEventIndex([], 7), -1);
  });

  it('draws a window of the list that keeps the current row in view', function () {
    assert.deepStrictEqual(rowWindow(10, 5, 100), { start: 0, end: 10 });
    assert.deepStrictEqual(rowWindow(1000, 0, 90), { start: 0, end: 90 });
    assert.deepStrictEqual(rowWindow(1000, 500, 90), { start: 470, end: 560 });
    assert.deepStrictEqual(rowWindow(1000, 999, 90), { start: 910, end: 1000 });
    assert.deepStrictEqual(rowWindow(1000, -1, 90), { start: 0, end: 90 });
  });
});
