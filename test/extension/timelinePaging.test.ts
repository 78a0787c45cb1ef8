// The Timeline view's paging (extension/timelinePaging.ts) against the real
// debug adapter's rewind/timeline handler: `start` is an index into the
// adapter's icount-ordered list of all events, so small pages put together
// give exactly the list one big request gives, ties at one icount included.
import * as assert from 'assert';
import * as path from 'path';
import { DebugProtocol } from '@vscode/debugprotocol';
import { fetchTimeline } from '../../extension/timelinePaging';
import type { TimelineArguments, TimelineBody } from '../../extension/protocol';
import { Adapter, EXAMPLES, andStop, exampleRun, launchTo, marker, scriptFor, startAdapter } from '../adapter/support/adapter';

const SOURCE = path.join(EXAMPLES, 'echo/echo.c');

describe('extension: timeline paging against the adapter', function () {
  let adapter: Adapter | undefined;
  let full: TimelineBody;
  const asked: TimelineArguments[] = [];
  const request = async (args: TimelineArguments): Promise<unknown> => {
    asked.push(args);
    return (await adapter!.dc.customRequest('rewind/timeline', args)).body;
  };

  before(async function () {
    adapter = await startAdapter();
    const run = exampleRun('echo');
    // Record echo with its scripted input up to the second line typed: inputs and snapshots on the timeline.
    const first: DebugProtocol.StoppedEvent = await launchTo(adapter.dc, { program: run.elfPath, uartInput: scriptFor(run) }, SOURCE, [marker(SOURCE, 'enter')]);
    assert.strictEqual(first.body.reason, 'breakpoint');
    await andStop(adapter.dc, () => adapter!.dc.continueRequest({ threadId: 1 }));
    full = (await adapter.dc.customRequest('rewind/timeline', { start: 0, count: 10_000 })).body as TimelineBody;
  });
  after(async () => adapter?.close());

  it('the recording has enough events, some sharing an icount, to page through', function () {
    assert.strictEqual(full.events.length, full.total, 'one request of 10,000 gives them all');
    assert.ok(full.total >= 10, `events: ${full.total}`);
    const kinds = new Set(full.events.map((e) => e.kind));
    assert.ok(kinds.has('input') && kinds.has('snapshot'), [...kinds].join(', '));
  });

  for (const pageSize of [1, 3, 7]) {
    it(`pages of ${pageSize} put together give the same list as one request`, async function () {
      asked.length = 0;
      const paged = await fetchTimeline(request, pageSize, 100_000);
      assert.deepStrictEqual(paged, full);
      assert.strictEqual(asked.length, Math.ceil(full.total / pageSize), 'one request per page, no extra');
      assert.deepStrictEqual(asked.slice(0, 3).map((a) => a.start), [0, pageSize, 2 * pageSize], 'start counts events, not icounts');
    });
  }

  it('stops at the maximum asked for and still reports the total', async function () {
    const paged = await fetchTimeline(request, 4, 6);
    assert.deepStrictEqual(paged.events, full.events.slice(0, 6));
    assert.strictEqual(paged.total, full.total);
  });

  it('a page from any start is that slice of the whole list, and past the end is empty', async function () {
    for (const start of [0, 1, Math.floor(full.total / 2), full.total - 1]) {
      const page = (await request({ start, count: 2 })) as TimelineBody;
      assert.deepStrictEqual(page, { events: full.events.slice(start, start + 2), total: full.total }, `start ${start}`);
    }
    assert.deepStrictEqual(await request({ start: full.total, count: 5 }), { events: [], total: full.total });
  });
});

describe('extension: timeline paging, bad answers', function () {
  const ev = (icount: number) => ({ icount, kind: 'input', description: `at ${icount}` });

  it('rejects a page that goes back in icount (an adapter reading start differently)', async function () {
    // This adapter reads `start` as an icount: the second page starts over.
    const events = [ev(5), ev(10), ev(20), ev(30)];
    const byIcount = async (a: TimelineArguments): Promise<unknown> => ({ events: events.filter((e) => e.icount >= a.start).slice(0, a.count), total: events.length });
    await assert.rejects(fetchTimeline(byIcount, 2, 100), /event 2 \(icount 5\) is out of icount order/);
  });

  it('rejects a page larger than asked for and a malformed body', async function () {
    await assert.rejects(fetchTimeline(async () => ({ events: [ev(1), ev(2), ev(3)], total: 3 }), 2, 100), /asked for 2 events, got 3/);
    await assert.rejects(fetchTimeline(async () => ({ events: 'none', total: 0 }), 2, 100), /"events" must be a list/);
  });

  it('stops when the adapter sends an empty page before the total', async function () {
    const got = await fetchTimeline(async (a) => ({ events: a.start === 0 ? [ev(1)] : [], total: 5 }), 1, 100);
    assert.deepStrictEqual(got, { events: [ev(1)], total: 5 });
  });
});
