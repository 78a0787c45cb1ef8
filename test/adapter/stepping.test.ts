// Forward and backward stepping on examples/hello, as gdb's next, step,
// finish and their reverse forms behave: over and into calls, out of them,
// back over a call to the caller's previous line, back into a callee,
// reverse-continue to the previous iteration of a loop, and a conditional
// breakpoint evaluated while running backwards.
import * as assert from 'assert';
import * as path from 'path';
import { DebugProtocol } from '@vscode/debugprotocol';
import { Adapter, EXAMPLES, andStop, launchTo, locals, marker, startAdapter, where } from './support/adapter';

const SOURCE = path.join(EXAMPLES, 'hello/hello.c');
const PROGRAM = path.join(EXAMPLES, 'hello/hello.elf');
const LOOP = marker(SOURCE, 'loop');
const FACTORIAL = marker(SOURCE, 'factorial');
/** The call `f = factorial(n)` is the line before the loop marker. */
const CALL = LOOP - 1;

describe('adapter: stepping forwards and backwards (hello)', function () {
  let adapter: Adapter;
  beforeEach(async () => {
    adapter = await startAdapter();
  });
  afterEach(async () => adapter.close());

  it('next, step into a call, finish and next again, like gdb', async () => {
    const { dc } = adapter;
    await launchTo(dc, { program: PROGRAM }, SOURCE, [CALL]);
    assert.strictEqual((await where(dc)).line, CALL);
    await andStop(dc, () => dc.stepInRequest({ threadId: 1 }));
    let top = await where(dc);
    assert.strictEqual(top.name, 'factorial');
    assert.strictEqual(top.line, FACTORIAL, 'step stops after the prologue, on the first line');
    assert.strictEqual((await locals(dc)).n, '1');
    await andStop(dc, () => dc.nextRequest({ threadId: 1 }));
    assert.strictEqual((await where(dc)).line, FACTORIAL + 1);
    await andStop(dc, () => dc.stepOutRequest({ threadId: 1 }));
    top = await where(dc);
    assert.strictEqual(top.name, 'main');
    assert.strictEqual(top.line, CALL, 'finish returns to the middle of the call line');
    await andStop(dc, () => dc.nextRequest({ threadId: 1 }));
    assert.strictEqual((await where(dc)).line, LOOP);
    assert.strictEqual((await locals(dc)).f, '1');
    // next over a call that prints: stays in main.
    await andStop(dc, () => dc.nextRequest({ threadId: 1 }));
    assert.strictEqual((await where(dc)).line, LOOP + 1);
    await andStop(dc, () => dc.nextRequest({ threadId: 1 }));
    top = await where(dc);
    assert.strictEqual(top.name, 'main');
    assert.ok(top.line < LOOP, `next after the loop body goes back to the loop header (line ${top.line})`);
  });

  it('steps back over a call to the caller\'s previous line, and reverse-steps into the callee', async () => {
    const { dc } = adapter;
    await launchTo(dc, { program: PROGRAM }, SOURCE, [LOOP]);
    assert.strictEqual((await locals(dc)).n, '1');
    await andStop(dc, () => dc.continueRequest({ threadId: 1 }));
    assert.deepStrictEqual([(await where(dc)).line, (await locals(dc)).n], [LOOP, '2']);

    const back = await andStop(dc, () => dc.stepBackRequest({ threadId: 1 }));
    assert.strictEqual(back.body.reason, 'step');
    let top = await where(dc);
    assert.deepStrictEqual([top.name, top.line], ['main', CALL], 'reverse-next stops at the call line, not inside factorial');
    assert.strictEqual((await locals(dc)).n, '2');

    await andStop(dc, () => dc.nextRequest({ threadId: 1 }));
    assert.strictEqual((await where(dc)).line, LOOP);

    await andStop(dc, () => dc.customRequest('rewind/reverseStepIn', { threadId: 1 }));
    top = await where(dc);
    assert.strictEqual(top.name, 'factorial', 'reverse-step enters the callee that just returned');
    assert.ok(top.line > FACTORIAL, `at its last line (${top.line})`);
    assert.strictEqual((await locals(dc)).result, '2');

    await andStop(dc, () => dc.customRequest('rewind/reverseStepOut', { threadId: 1 }));
    top = await where(dc);
    assert.deepStrictEqual([top.name, top.line], ['main', CALL], 'reverse-finish goes back to the call');
  });

  it('reverse-continues to the previous hit of a breakpoint in a loop, with conditions evaluated backwards', async () => {
    const { dc } = adapter;
    await launchTo(dc, { program: PROGRAM }, SOURCE, [LOOP]);
    for (let i = 0; i < 3; i++) await andStop(dc, () => dc.continueRequest({ threadId: 1 }));
    assert.strictEqual((await locals(dc)).n, '4');
    const back = await andStop(dc, () => dc.reverseContinueRequest({ threadId: 1 }));
    assert.strictEqual(back.body.reason, 'breakpoint');
    assert.deepStrictEqual([(await where(dc)).line, (await locals(dc)).n], [LOOP, '3'], 'the last iteration before the cursor');

    // Run to the end, then back with a condition: only n == 2 stops.
    await dc.setBreakpointsRequest({ source: { path: SOURCE }, breakpoints: [] });
    const end = await andStop(dc, () => dc.continueRequest({ threadId: 1 }));
    assert.strictEqual(end.body.reason, 'exited');
    await dc.setBreakpointsRequest({ source: { path: SOURCE }, breakpoints: [{ line: LOOP, condition: 'n == 2' }] });
    const cond = await andStop(dc, () => dc.reverseContinueRequest({ threadId: 1 }));
    assert.strictEqual(cond.body.reason, 'breakpoint');
    assert.strictEqual((await locals(dc)).n, '2');
    const start = await andStop(dc, () => dc.reverseContinueRequest({ threadId: 1 }));
    assert.strictEqual(start.body.reason, 'start of recording');
    const status = (await dc.customRequest('rewind/status')).body as { icount: number };
    assert.strictEqual(status.icount, 0);
  });

  it('hit counts and log points', async () => {
    const { dc } = adapter;
    const logged: string[] = [];
    dc.on('output', (e) => {
      if (e.body.category === 'console') logged.push(e.body.output);
    });
    await launchTo(dc, { program: PROGRAM }, SOURCE, [FACTORIAL]);
    await dc.setBreakpointsRequest({ source: { path: SOURCE }, breakpoints: [{ line: LOOP, hitCondition: '3' }, { line: LOOP + 1, logMessage: 'printing n={n} f={f}' }] });
    const stop = await andStop(dc, () => dc.continueRequest({ threadId: 1 }));
    assert.strictEqual(stop.body.reason, 'breakpoint');
    assert.strictEqual((await locals(dc)).n, '3');
    assert.deepStrictEqual(logged.filter((l) => l.startsWith('printing')), ['printing n=1 f=1\n', 'printing n=2 f=2\n']);
  });

  it('steps by instruction: stepi enters a call, nexti steps over it, reverse stepi comes back', async () => {
    const { dc } = adapter;
    await launchTo(dc, { program: PROGRAM }, SOURCE, [CALL]);
    const pcOf = async (): Promise<number> => Number((await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames[0].instructionPointerReference);
    const start = await pcOf();
    const listing = { body: (await dc.disassembleRequest({ memoryReference: `0x${start.toString(16)}`, instructionCount: 12, resolveSymbols: true })).body as NonNullable<DebugProtocol.DisassembleResponse['body']> };
    const call = listing.body.instructions.find((i) => /^jal\s.*<factorial>/.test(i.instruction));
    assert.ok(call, `a jal to factorial after 0x${start.toString(16)}: ${listing.body.instructions.map((i) => i.instruction).join('; ')}`);
    assert.strictEqual(call.line, CALL);
    const bp = (await dc.customRequest('setInstructionBreakpoints', { breakpoints: [{ instructionReference: call.address }] })) as DebugProtocol.SetInstructionBreakpointsResponse;
    assert.ok(bp.body.breakpoints[0].verified);
    const atCall = await andStop(dc, () => dc.continueRequest({ threadId: 1 }));
    assert.strictEqual(atCall.body.reason, 'instruction breakpoint');
    assert.strictEqual(await pcOf(), Number(call.address));

    await andStop(dc, () => dc.stepInRequest({ threadId: 1, granularity: 'instruction' }));
    assert.strictEqual((await where(dc)).name, 'factorial', 'stepi follows the jal');
    await andStop(dc, () => dc.stepBackRequest({ threadId: 1, granularity: 'instruction' }));
    assert.strictEqual(await pcOf(), Number(call.address), 'reverse stepi returns to the jal');
    await andStop(dc, () => dc.nextRequest({ threadId: 1, granularity: 'instruction' }));
    const top = await where(dc);
    assert.strictEqual(top.name, 'main', 'nexti steps over the call');
    const after = listing.body.instructions[listing.body.instructions.indexOf(call) + 1];
    assert.strictEqual(await pcOf(), Number(after.address), 'at the instruction after the call');
  });
});
