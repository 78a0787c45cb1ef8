// Record, save, replay (examples/echo): a session records the guest with
// scripted input and saves the recording; a replay session of that file
// prints the same output, stops at the same places (same instruction
// counts), refuses typed input, and at the end offers to go live.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import { DebugProtocol } from '@vscode/debugprotocol';
import { Adapter, EXAMPLES, andStop, exampleRun, launchTo, marker, scriptFor, startAdapter, tempFile, where } from './support/adapter';

const SOURCE = path.join(EXAMPLES, 'echo/echo.c');

interface Session {
  output: string;
  stops: Array<{ reason: string; line: number; icount: number }>;
}

/** Continues from stop to stop until the program exits or the recording ends. */
async function runThrough(dc: DebugClient, first: DebugProtocol.StoppedEvent, session: Session): Promise<string> {
  let stop = first;
  for (let i = 0; i < 50; i++) {
    const status = (await dc.customRequest('rewind/status')).body as { icount: number };
    session.stops.push({ reason: stop.body.reason, line: (await where(dc)).line, icount: status.icount });
    if (stop.body.reason !== 'breakpoint') return stop.body.reason;
    stop = await andStop(dc, () => dc.continueRequest({ threadId: 1 }));
  }
  throw new Error('too many stops');
}

describe('adapter: record, save and replay (echo)', function () {
  let adapter: Adapter;
  afterEach(async () => adapter.close());

  it('replays a saved recording with the same output and stops, and refuses input', async () => {
    const run = exampleRun('echo');
    const recording = tempFile('echo.rwnd', '');
    fs.rmSync(recording);
    const enter = marker(SOURCE, 'enter');

    adapter = await startAdapter();
    const recorded: Session = { output: '', stops: [] };
    adapter.dc.on('rewind/uartOutput', (e: DebugProtocol.Event) => (recorded.output += (e.body as { data: string }).data));
    const first = await launchTo(adapter.dc, { program: run.elfPath, uartInput: scriptFor(run), recording }, SOURCE, [enter]);
    assert.strictEqual(await runThrough(adapter.dc, first, recorded), 'exited');
    await adapter.dc.disconnectRequest({});
    await adapter.close();
    assert.strictEqual(recorded.output, run.expectedText);
    assert.ok(fs.statSync(recording).size > 0, 'the recording was saved');
    assert.deepStrictEqual(recorded.stops.map((s) => s.reason), ['breakpoint', 'breakpoint', 'exited'], 'two lines typed, then quit');
    assert.deepStrictEqual(recorded.stops.slice(0, 2).map((s) => s.line), [enter, enter]);

    adapter = await startAdapter();
    const { dc } = adapter;
    const replayed: Session = { output: '', stops: [] };
    dc.on('rewind/uartOutput', (e: DebugProtocol.Event) => (replayed.output += (e.body as { data: string }).data));
    const again = await launchTo(dc, { program: run.elfPath, mode: 'replay', recording }, SOURCE, [enter]);
    const status = (await dc.customRequest('rewind/status')).body as { mode: string; live: boolean };
    assert.deepStrictEqual([status.mode, status.live], ['replay', false]);
    await assert.rejects(dc.customRequest('rewind/uartInput', { data: 'x' }), /replays a recording/);
    await assert.rejects(dc.evaluateRequest({ expression: '>hello', context: 'repl' }), /replays a recording/);
    const timeline = (await dc.customRequest('rewind/timeline', { start: 0, count: 1000 })).body as { events: Array<{ icount: number; kind: string; description: string }>; total: number };
    const inputs = timeline.events.filter((e) => e.kind === 'input');
    assert.ok(inputs.length > 0 && inputs.every((e) => e.icount > 0), 'the typed input is on the timeline');
    assert.ok(timeline.events.every((e, i) => i === 0 || e.icount >= timeline.events[i - 1].icount), 'in icount order');
    assert.strictEqual(await runThrough(dc, again, replayed), 'exited');
    assert.deepStrictEqual(replayed.stops, recorded.stops);
    assert.strictEqual(replayed.output, recorded.output);
  });

  it('stops at the end of a recording that ends before the program does, and goes live from there', async () => {
    const run = exampleRun('echo');
    const recording = tempFile('echo-partial.rwnd', '');
    const key = marker(SOURCE, 'key');
    adapter = await startAdapter();
    // Record only until the prompt: no input, the guest waits in WFI; pause and save.
    const stop = await launchTo(adapter.dc, { program: run.elfPath, recording, stopOnEntry: true }, SOURCE, []);
    assert.strictEqual(stop.body.reason, 'entry');
    const waiting = adapter.dc.waitForEvent('output');
    await adapter.dc.continueRequest({ threadId: 1 });
    await waiting;
    await andStop(adapter.dc, () => adapter.dc.pauseRequest({ threadId: 1 }));
    const length = ((await adapter.dc.customRequest('rewind/status')).body as { icount: number }).icount;
    await adapter.dc.disconnectRequest({});
    await adapter.close();

    adapter = await startAdapter();
    const { dc } = adapter;
    await launchTo(dc, { program: run.elfPath, mode: 'replay', recording, stopOnEntry: true }, SOURCE, []);
    const end = await andStop(dc, () => dc.continueRequest({ threadId: 1 }));
    assert.strictEqual(end.body.reason, 'end of recording');
    assert.match(end.body.description ?? '', /Go live/);
    assert.strictEqual(((await dc.customRequest('rewind/status')).body as { icount: number }).icount, length);
    await dc.customRequest('rewind/goLive');
    const live = (await dc.customRequest('rewind/status')).body as { mode: string; live: boolean };
    assert.deepStrictEqual([live.mode, live.live], ['record', true]);
    await dc.setBreakpointsRequest({ source: { path: SOURCE }, breakpoints: [{ line: key + 1 }] });
    await dc.customRequest('rewind/uartInput', { data: 'q' });
    const typed = await andStop(dc, () => dc.continueRequest({ threadId: 1 }));
    assert.strictEqual(typed.body.reason, 'breakpoint');
    const c = await dc.evaluateRequest({ expression: 'c', frameId: (await where(dc)).frameId, context: 'watch' });
    assert.strictEqual(c.body.result, "113");
  });
});
