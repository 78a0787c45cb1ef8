// Execution control and robustness: pause while the guest polls or sleeps
// for input, guest traps as exception breakpoints in both directions,
// clear errors for requests in the wrong state, and a fixed-seed fuzz of
// random request sequences the adapter must survive.
import * as assert from 'assert';
import * as path from 'path';
import { DebugProtocol } from '@vscode/debugprotocol';
import { SeededRandom } from '../support/prng';
import { Adapter, EXAMPLES, andStop, exampleRun, launchTo, marker, scriptFor, startAdapter, where } from './support/adapter';

const HEISENBUG = path.join(EXAMPLES, 'heisenbug/heisenbug.c');

describe('adapter: execution control and robustness', function () {
  let adapter: Adapter;
  beforeEach(async () => {
    adapter = await startAdapter();
  });
  afterEach(async () => adapter.close());

  it('pauses a guest polling for input', async () => {
    const { dc } = adapter;
    await launchTo(dc, { program: exampleRun('heisenbug-bad').elfPath, stopOnEntry: true }, HEISENBUG, []);
    const prompt = new Promise<void>((resolve) => dc.on('rewind/uartOutput', (e: DebugProtocol.Event) => (e.body as { data: string }).data.includes('> ') && resolve()));
    await dc.continueRequest({ threadId: 1 });
    await prompt;
    await assert.rejects(dc.stackTraceRequest({ threadId: 1 }), /running: pause it first/);
    const paused = await andStop(dc, () => dc.pauseRequest({ threadId: 1 }));
    assert.strictEqual(paused.body.reason, 'pause');
    const names = (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames.map((f) => f.name);
    assert.ok(names.includes('read_line') && names.includes('main'), names.join(' < '));
    await assert.rejects(dc.pauseRequest({ threadId: 1 }), /already paused/);

    // A breakpoint set while running applies at once.
    await dc.continueRequest({ threadId: 1 });
    await dc.setBreakpointsRequest({ source: { path: HEISENBUG }, breakpoints: [{ line: marker(HEISENBUG, 'typed') }] });
    const hit = await andStop(dc, () => dc.customRequest('rewind/uartInput', { data: '7' }));
    assert.strictEqual(hit.body.reason, 'breakpoint');
    assert.strictEqual((await where(dc)).line, marker(HEISENBUG, 'typed'));
  });

  it('pauses a guest asleep in WFI waiting for input, then types into it', async () => {
    const { dc } = adapter;
    const echo = path.join(EXAMPLES, 'echo/echo.c');
    await launchTo(dc, { program: exampleRun('echo').elfPath, stopOnEntry: true }, echo, []);
    const waiting = new Promise<void>((resolve) => dc.on('output', (e: DebugProtocol.OutputEvent) => e.body.output.includes('waiting for input') && resolve()));
    await dc.continueRequest({ threadId: 1 });
    await waiting;
    const paused = await andStop(dc, () => dc.pauseRequest({ threadId: 1 }));
    assert.strictEqual(paused.body.reason, 'pause');
    const names = (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames.map((f) => f.name);
    assert.ok(names.includes('next_key'), names.join(' < '));
    await dc.setBreakpointsRequest({ source: { path: echo }, breakpoints: [{ line: marker(echo, 'received') }] });
    const typed = await dc.evaluateRequest({ expression: '>>z', context: 'repl' });
    assert.match(typed.body.result, /typed 1 byte/);
    const hit = await andStop(dc, () => dc.continueRequest({ threadId: 1 }));
    assert.strictEqual(hit.body.reason, 'breakpoint');
    assert.strictEqual((await dc.evaluateRequest({ expression: 'c', frameId: (await where(dc)).frameId, context: 'watch' })).body.result, '122');
  });

  it('stops on guest traps chosen by exception filters, forwards and backwards', async () => {
    const { dc } = adapter;
    const kernel = path.join(EXAMPLES, 'tasks/kernel.c');
    const stopped = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await Promise.all([
      dc.waitForEvent('initialized').then(async () => {
        await dc.setExceptionBreakpointsRequest({ filters: ['ecall', 'illegalInstruction'] });
        await dc.configurationDoneRequest();
      }),
      dc.initializeRequest().then(() => dc.launchRequest({ program: path.join(EXAMPLES, 'tasks/tasks.elf') } as DebugProtocol.LaunchRequestArguments)),
    ]);
    const first = await stopped;
    assert.strictEqual(first.body.reason, 'exception');
    const info = await dc.exceptionInfoRequest({ threadId: 1 });
    assert.strictEqual(info.body.exceptionId, 'ecall');
    assert.match(info.body.description ?? '', /^Environment call from U-mode at 0x8/);
    const firstAt = ((await dc.customRequest('rewind/status')).body as { icount: number }).icount;
    await andStop(dc, () => dc.continueRequest({ threadId: 1 }));
    const back = await andStop(dc, () => dc.reverseContinueRequest({ threadId: 1 }));
    assert.strictEqual(back.body.reason, 'exception');
    assert.strictEqual(((await dc.customRequest('rewind/status')).body as { icount: number }).icount, firstAt, 'back at the first ecall');
    await assert.rejects(dc.setExceptionBreakpointsRequest({ filters: ['bogus'] }), /unknown exception filter 'bogus'/);
    void kernel;
  });

  it('answers requests in the wrong state with clear errors', async () => {
    const { dc } = adapter;
    await dc.initializeRequest();
    await assert.rejects(dc.stackTraceRequest({ threadId: 1 }), /No program is being debugged/);
    await assert.rejects(dc.customRequest('rewind/status'), /No program is being debugged/);
    await assert.rejects(dc.customRequest('goto', { threadId: 1, targetId: 1 }), /does not support the 'goto' request/);
    await assert.rejects(dc.launchRequest({ program: 'no/such.elf' } as DebugProtocol.LaunchRequestArguments), /'program' must name an existing ELF file/);
    await assert.rejects(dc.initializeRequest(), /already initialized/);
    const hello = path.join(EXAMPLES, 'hello/hello.c');
    await launchTo(dc, { program: path.join(EXAMPLES, 'hello/hello.elf') }, hello, [marker(hello, 'main')], false);
    await assert.rejects(dc.launchRequest({ program: path.join(EXAMPLES, 'hello/hello.elf') } as DebugProtocol.LaunchRequestArguments), /already being debugged/);
    await assert.rejects(dc.stepOutRequest({ threadId: 1 }), /no caller to step out to/);
    await assert.rejects(dc.stackTraceRequest({ threadId: 7 }), /thread 7 does not exist/);
    const scopes = await dc.scopesRequest({ frameId: (await where(dc)).frameId });
    const ref = scopes.body.scopes[0].variablesReference;
    await andStop(dc, () => dc.nextRequest({ threadId: 1 }));
    await assert.rejects(dc.variablesRequest({ variablesReference: ref }), /does not exist \(any more\)/);
    await assert.rejects(dc.customRequest('rewind/seek', { icount: -1 }), /whole number/);
    await assert.rejects(dc.customRequest('readMemory', { memoryReference: 'zz', count: 4 }), /not an address/);
    await assert.rejects(dc.customRequest('rewind/goLive'), /already at the live edge/);
    await dc.customRequest('terminate');
    await assert.rejects(dc.continueRequest({ threadId: 1 }), /session has ended/);
  });

  it('survives random request sequences (fixed seed)', async () => {
    const { dc } = adapter;
    const run = exampleRun('heisenbug-bad');
    await launchTo(dc, { program: run.elfPath, uartInput: scriptFor(run) }, HEISENBUG, [marker(HEISENBUG, 'add'), marker(HEISENBUG, 'typed')]);
    const rng = new SeededRandom(20240611);
    const junk = (): unknown => rng.pick<unknown>([undefined, null, -1, 0, 7, 1e12, 'x', '0x80000000', {}, [], { a: 1 }, true]);
    const thread = (): unknown => (rng.chance(0.8) ? 1 : junk());
    const requests: Array<() => [string, unknown]> = [
      () => ['continue', { threadId: thread() }],
      () => ['next', { threadId: thread(), granularity: rng.pick(['line', 'instruction', 'statement']) }],
      () => ['stepIn', { threadId: thread() }],
      () => ['stepOut', { threadId: thread() }],
      () => ['stepBack', { threadId: thread(), granularity: rng.pick(['line', 'instruction']) }],
      () => ['reverseContinue', { threadId: thread() }],
      () => ['pause', { threadId: thread() }],
      () => ['stackTrace', { threadId: thread(), startFrame: junk(), levels: junk() }],
      () => ['scopes', { frameId: rng.int(0, 40) }],
      () => ['variables', { variablesReference: rng.int(0, 60), start: junk(), count: junk(), format: rng.chance(0.5) ? { hex: true } : junk() }],
      () => ['evaluate', { expression: rng.pick(['ledger', 'ledger.total', 'amount', '*(int*)0', '1/0', 'c', '$pc', '>x', '>>\\x01', ')(', '']), frameId: rng.chance(0.5) ? rng.int(0, 40) : undefined, context: rng.pick(['hover', 'watch', 'repl', junk()]) }],
      () => ['setVariable', { variablesReference: rng.int(0, 60), name: rng.pick(['amount', 'c', 'sp', 'pc', 'x']), value: rng.pick(['1', 'garbage', '0x10']) }],
      () => ['setExpression', { expression: rng.pick(['ledger.total', 'amount', '1+1']), value: rng.pick(['3', '?']), frameId: junk() }],
      () => ['readMemory', { memoryReference: junk(), count: junk(), offset: junk() }],
      () => ['writeMemory', { memoryReference: junk(), data: junk() }],
      () => ['disassemble', { memoryReference: junk(), instructionCount: junk(), instructionOffset: junk() }],
      () => ['setBreakpoints', { source: { path: rng.chance(0.7) ? HEISENBUG : junk() }, breakpoints: [{ line: rng.int(0, 200), condition: rng.pick([undefined, 'c == 100', '((']), hitCondition: rng.pick([undefined, '2', 'x']) }] }],
      () => ['setFunctionBreakpoints', { breakpoints: [{ name: rng.pick(['history_put', 'nope', junk()]) }] }],
      () => ['setInstructionBreakpoints', { breakpoints: [{ instructionReference: junk() }] }],
      () => ['dataBreakpointInfo', { name: rng.pick(['ledger.total', 'amount', 'zz', junk()]), variablesReference: rng.chance(0.3) ? rng.int(0, 60) : undefined }],
      () => ['setDataBreakpoints', { breakpoints: [{ dataId: rng.pick(['0x80000be0/4', 'bad', junk()]), accessType: rng.pick(['write', 'read', 'readWrite', junk()]) }] }],
      () => ['setExceptionBreakpoints', { filters: rng.pick([[], ['ecall'], ['bogus'], junk()]) }],
      () => ['exceptionInfo', { threadId: thread() }],
      () => ['rewind/seek', { icount: rng.pick([0, 100, 5000, 1e9, junk()]) }],
      () => ['rewind/lastWrite', rng.pick([{ expression: 'ledger.total' }, { address: 0x80000be0, size: 4 }, junk()])],
      () => ['rewind/reverseStepIn', { threadId: thread() }],
      () => ['rewind/reverseStepOut', { threadId: thread() }],
      () => ['rewind/timeline', { start: junk(), count: junk() }],
      () => ['rewind/status', junk()],
      () => ['rewind/goLive', junk()],
      () => ['rewind/uartInput', { data: junk() }],
      () => ['threads', junk()],
      () => ['breakpointLocations', { source: { path: HEISENBUG }, line: junk() }],
      () => [rng.pick(['bogus', 'attach', 'gotoTargets', 'completions']), junk()],
    ];
    let answered = 0;
    const internal: string[] = [];
    for (let i = 0; i < 300; i++) {
      const [command, args] = rng.pick(requests)();
      await dc.customRequest(command, args).then(
        () => answered++,
        (e: Error) => {
          answered++;
          if (/internal error/i.test(e.message)) internal.push(`${command} ${JSON.stringify(args)}: ${e.message}`);
        },
      );
    }
    assert.strictEqual(answered, 300);
    assert.deepStrictEqual(internal, [], 'every failure is a clear error, none an internal one');
    // Still alive and consistent: pause if running, then look at the stack.
    const status = (await dc.customRequest('rewind/status')).body as { icount: number };
    assert.ok(status.icount >= 0);
    await dc.customRequest('pause', { threadId: 1 }).catch(() => undefined);
    const st = await dc.stackTraceRequest({ threadId: 1 });
    assert.ok(st.body.stackFrames.length > 0);
  });
});
