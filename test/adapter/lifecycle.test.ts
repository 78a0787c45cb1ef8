// Session lifecycle: cancelling a long request (by request id and by its
// progress notification), restart in place keeping the breakpoints, and
// terminate.
import * as assert from 'assert';
import * as path from 'path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import { DebugProtocol } from '@vscode/debugprotocol';
import { Adapter, EXAMPLES, andStop, launchTo, locals, marker, startAdapter, where } from './support/adapter';


/** Records the heisenbug polling for input until the recording holds at least `length` instructions, then pauses. */
async function longRecording(dc: DebugClient, length: number): Promise<void> {
  const stopped = dc.waitForEvent('stopped');
  await Promise.all([
    dc.waitForEvent('initialized').then(() => dc.configurationDoneRequest()),
    dc.initializeRequest({ adapterID: 'rewind', supportsProgressReporting: true }).then(() => dc.launchRequest({ program: path.join(EXAMPLES, 'heisenbug/heisenbug.elf'), stopOnEntry: true } as DebugProtocol.LaunchRequestArguments)),
  ]);
  await stopped;
  await dc.continueRequest({ threadId: 1 });
  for (;;) {
    const status = (await dc.customRequest('rewind/status')).body as { icount: number };
    if (status.icount >= length) break;
    await new Promise((resolve) => setImmediate(resolve));
  }
  await andStop(dc, () => dc.pauseRequest({ threadId: 1 }));
}

describe('adapter: session lifecycle', function () {
  let adapter: Adapter;
  beforeEach(async () => {
    adapter = await startAdapter();
  });
  afterEach(async () => adapter.close());

  it('cancels a long request by its id, and by its progress notification', async () => {
    const { dc } = adapter;
    await longRecording(dc, 5_000_000);
    // Nothing ever writes this word: the search scans the whole recording.
    const unused = { address: 0x80f00000, size: 4 };
    const request = dc.customRequest('rewind/lastWrite', unused);
    const seq = (dc as unknown as { sequence: number }).sequence - 1;
    await dc.customRequest('cancel', { requestId: seq });
    await assert.rejects(request, /cancelled/);
    assert.ok((await where(dc)).name.length > 0, 'stopped somewhere consistent');

    // A guest polling for input runs until paused: its progress notification cancels it.
    const progress = dc.waitForEvent('progressStart') as Promise<DebugProtocol.ProgressStartEvent>;
    await dc.continueRequest({ threadId: 1 });
    const started = await progress;
    assert.strictEqual(started.body.cancellable, true);
    const ended = dc.waitForEvent('progressEnd');
    const stop = await andStop(dc, () => dc.customRequest('cancel', { progressId: started.body.progressId }));
    assert.strictEqual(stop.body.reason, 'pause');
    await ended;
  });

  it('restarts in place with the same breakpoints', async () => {
    const { dc } = adapter;
    const source = path.join(EXAMPLES, 'hello/hello.c');
    await launchTo(dc, { program: path.join(EXAMPLES, 'hello/hello.elf') }, source, [marker(source, 'loop')]);
    await andStop(dc, () => dc.continueRequest({ threadId: 1 }));
    assert.strictEqual((await locals(dc)).n, '2');
    const again = await andStop(dc, () => dc.customRequest('restart', {}));
    assert.strictEqual(again.body.reason, 'breakpoint');
    assert.strictEqual((await locals(dc)).n, '1', 'a fresh run of the program');
    assert.strictEqual((await where(dc)).line, marker(source, 'loop'));
    const terminated = dc.waitForEvent('terminated');
    await dc.customRequest('terminate');
    await terminated;
  });
});
