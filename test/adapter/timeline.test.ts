// rewind/timeline over DAP (debug-adapter/timeTravel.ts): with the tasks
// example (timer interrupts every 100 us, ecalls from its user-mode tasks)
// the answer lists 'interrupt' and 'trap' entries with their icounts and
// the breakpoint stops the user saw as 'breakpoint' entries at the icounts
// rewind/status gave there; small pages add up to one big page.
import * as assert from 'assert';
import * as path from 'path';
import { Adapter, EXAMPLES, andStop, exampleRun, launchTo, marker, startAdapter } from './support/adapter';

const KERNEL = path.join(EXAMPLES, 'tasks/kernel.c');

interface Entry { icount: number; kind: string; description: string }
interface Timeline { events: Entry[]; total: number }

describe('adapter: rewind/timeline lists traps, interrupts and breakpoint hits (tasks)', function () {
  this.timeout(60_000);
  let adapter: Adapter;
  afterEach(async () => adapter.close());

  it('answers with interrupt, trap and breakpoint entries, the same in pages of any size', async () => {
    const run = exampleRun('tasks');
    adapter = await startAdapter();
    const { dc } = adapter;
    const preempt = marker(KERNEL, 'preempt');
    const first = await launchTo(dc, { program: run.elfPath }, KERNEL, [preempt]);
    assert.strictEqual(first.body.reason, 'breakpoint');
    const hits: number[] = [];
    hits.push(((await dc.customRequest('rewind/status')).body as { icount: number }).icount);
    const second = await andStop(dc, () => dc.continueRequest({ threadId: 1 }));
    assert.strictEqual(second.body.reason, 'breakpoint');
    hits.push(((await dc.customRequest('rewind/status')).body as { icount: number }).icount);

    const whole = (await dc.customRequest('rewind/timeline', { start: 0, count: 10_000 })).body as Timeline;
    assert.strictEqual(whole.events.length, whole.total);
    const of = (kind: string): Entry[] => whole.events.filter((e) => e.kind === kind);
    assert.ok(of('interrupt').length >= 2, 'the timer interrupts that preempted the tasks');
    assert.ok(of('interrupt').every((e) => /^interrupt: machine timer \(cause 7\) before pc 0x[0-9a-f]{8}$/.test(e.description)), of('interrupt')[0]?.description);
    assert.ok(of('trap').some((e) => /^trap: environment call from U-mode \(cause 8\) at pc 0x[0-9a-f]{8}$/.test(e.description)), 'the tasks\' ecalls');
    assert.deepStrictEqual(of('breakpoint').map((e) => e.icount), hits);
    assert.ok(of('breakpoint').every((e) => /^breakpoint at pc 0x[0-9a-f]{8}$/.test(e.description)));
    // Each preemption stop comes after the timer interrupt that caused it.
    for (const hit of hits) assert.ok(of('interrupt').some((e) => e.icount < hit && hit - e.icount < 1000), `an interrupt shortly before ${hit}`);
    assert.ok(whole.events.every((e, i) => i === 0 || e.icount >= whole.events[i - 1].icount), 'in icount order');

    const pages: Entry[] = [];
    for (let start = 0; start < whole.total; start += 3) {
      const page = (await dc.customRequest('rewind/timeline', { start, count: 3 })).body as Timeline;
      assert.strictEqual(page.total, whole.total);
      pages.push(...page.events);
    }
    assert.deepStrictEqual(pages, whole.events);
    await assert.rejects(dc.customRequest('rewind/timeline', { start: -1 }), /whole number/);
  });
});
