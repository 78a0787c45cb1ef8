// The heisenbug story (examples/heisenbug): record with the failing input,
// stop at the failed audit, watch the corrupted total and run backwards to
// the write that corrupted it; "who wrote this?" agrees.
import * as assert from 'assert';
import * as path from 'path';
import { Adapter, EXAMPLES, andStop, exampleRun, launchTo, locals, marker, scriptFor, startAdapter, where } from './support/adapter';

const SOURCE = path.join(EXAMPLES, 'heisenbug/heisenbug.c');

describe('adapter: heisenbug story', function () {
  let adapter: Adapter;
  beforeEach(async () => {
    adapter = await startAdapter();
  });
  afterEach(async () => adapter.close());

  it('finds the culprit by reverse-continuing to the last write of ledger.total', async () => {
    const { dc } = adapter;
    const run = exampleRun('heisenbug-bad');
    const failure = marker(SOURCE, 'failure');
    const culprit = marker(SOURCE, 'culprit');
    const stop = await launchTo(dc, { program: run.elfPath, uartInput: scriptFor(run) }, SOURCE, [failure]);
    assert.strictEqual(stop.body.reason, 'breakpoint');
    assert.strictEqual((await where(dc)).line, failure);
    const atFailure = (await dc.customRequest('rewind/status')).body as { icount: number };

    const info = await dc.dataBreakpointInfoRequest({ name: 'ledger.total' });
    assert.ok(info.body.dataId, info.body.description);
    const set = await dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.body.dataId as string, accessType: 'write' }] });
    assert.ok(set.body.breakpoints[0].verified);
    await dc.setBreakpointsRequest({ source: { path: SOURCE }, breakpoints: [] });

    const back = await andStop(dc, () => dc.reverseContinueRequest({ threadId: 1 }));
    assert.strictEqual(back.body.reason, 'data breakpoint');
    const top = await where(dc);
    assert.strictEqual(top.line, culprit);
    assert.strictEqual(top.name, 'history_put');
    const vars = await locals(dc);
    assert.strictEqual(vars.c, "100 'd'");
    const evald = await dc.evaluateRequest({ expression: 'ledger.history_next', frameId: top.frameId, context: 'watch' });
    assert.strictEqual(evald.body.result, '16');
    const culpritAt = (await dc.customRequest('rewind/status')).body as { icount: number };

    // "Who wrote this?" from the failure point agrees with the data breakpoint.
    await dc.setDataBreakpointsRequest({ breakpoints: [] });
    await andStop(dc, () => dc.customRequest('rewind/seek', { icount: atFailure.icount }));
    assert.strictEqual((await where(dc)).line, failure);
    const frameId = (await where(dc)).frameId;
    const answer = (await dc.customRequest('rewind/lastWrite', { expression: 'ledger.total', frameId })).body as { icount: number; line: number; file: string };
    assert.strictEqual(answer.icount, culpritAt.icount);
    assert.strictEqual(answer.line, culprit);
    assert.strictEqual(answer.file, SOURCE);
    assert.strictEqual((await where(dc)).line, culprit);
  });
});
